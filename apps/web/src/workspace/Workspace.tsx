import { useSyncExternalStore } from 'react';
import { Box, Card, CardContent, Typography } from '@mui/material';
import { Navigate } from 'react-router-dom';
import { Title, useGetOne, useTranslate } from 'react-admin';
import { can, type OfficeDto } from '@casework/contracts';
import { getUser, subscribe } from '../providers/session';
import { WorkspaceTools } from './WorkspaceTools';

/**
 * The landing page: which workspace the user is in, with their name, office and role, and the
 * role's tools with what is waiting in each. A manager lands on the reports dashboard instead.
 */
export const Workspace = () => {
  const translate = useTranslate();
  const user = useSyncExternalStore(subscribe, getUser);
  const mayReadOffice = can(user?.role, 'offices', 'read');
  const { data: office } = useGetOne<OfficeDto & { id: string }>(
    'offices',
    { id: user?.officeId ?? '' },
    { enabled: !!user && mayReadOffice },
  );
  if (!user) return null;
  // Managers see aggregates only: their landing page is the reports dashboard.
  if (user.role === 'manager') return <Navigate to="/reports" replace />;
  const workspace = translate(`workspace.${user.role}.name`);
  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('workspace.heading', { workspace })} />
      <Card>
        <CardContent>
          <Typography variant="h2" sx={{ fontSize: '1.25rem', fontWeight: 500, mb: 1 }}>
            {translate('workspace.signed_in_as')} {user.fullName}
          </Typography>
          <Typography sx={{ mb: 2 }}>{translate(`workspace.${user.role}.description`)}</Typography>
          <Box
            component="dl"
            sx={{
              display: 'grid',
              gridTemplateColumns: 'max-content 1fr',
              columnGap: 3,
              rowGap: 1,
              m: 0,
              mb: 2,
              '& dt': { fontWeight: 500 },
              '& dd': { m: 0 },
            }}
          >
            <dt>{translate('workspace.name')}</dt>
            <dd data-testid="workspace-name">{user.fullName}</dd>
            <dt>{translate('workspace.role')}</dt>
            <dd data-testid="workspace-role">{translate(`roles.${user.role}`)}</dd>
            {office && (
              <>
                <dt>{translate('workspace.office')}</dt>
                <dd data-testid="workspace-office">{office.name}</dd>
              </>
            )}
          </Box>
        </CardContent>
      </Card>
      <WorkspaceTools me={user} />
    </Box>
  );
};
