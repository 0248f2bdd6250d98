import { Alert, Button, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { PlanEventDto } from '@casework/contracts';
import type { ApiGet } from '../common/useApiGet';
import { DatedList, Loadable, SectionHeading, useFormat } from '../cases/parts';
import { describePlanEvent } from './model';

/** The plan's history, oldest first: who (and in which role), when, what. */
export const PlanHistory = ({ history, onMore }: { history: ApiGet<PlanEventDto[]>; onMore: () => void }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  return (
    <>
      <SectionHeading>{translate('cw_plan.history.heading')}</SectionHeading>
      <Loadable loading={history.loading && !history.data} error={history.error} reload={history.reload}>
        {history.data?.length ? (
          <DatedList
            testId="plan-history"
            entries={history.data.map((e) => ({
              id: e.id,
              at: e.at,
              title: e.actorName
                ? translate('cw_plan.history.who', { name: e.actorName, role: translate(`roles.${e.actorRole}`, { _: e.actorRole ?? '' }) })
                : translate('cw_plan.history.system'),
              body: (
                <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                  {describePlanEvent(e, translate, fmt.date)}
                </Typography>
              ),
            }))}
          />
        ) : (
          <Alert severity="info">{translate('cw_plan.history.none')}</Alert>
        )}
        {(history.total ?? 0) > (history.data?.length ?? 0) && (
          <Button sx={{ mt: 1 }} onClick={onMore}>
            {translate('cw_plan.history.more')}
          </Button>
        )}
      </Loadable>
    </>
  );
};
