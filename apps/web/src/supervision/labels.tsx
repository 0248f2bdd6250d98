import { Chip } from '@mui/material';
import { PRIORITY_GROUPS } from '@casework/contracts';
import { useTranslate } from 'react-admin';

// Choice names are translation keys: react-admin's inputs translate them.
export const trackChoices = [
  { id: 'routine', name: 'cw_tracks.routine' },
  { id: 'targeted', name: 'cw_tracks.targeted' },
];
export const priorityGroupChoices = PRIORITY_GROUPS.map((group) => ({ id: group, name: `cw_supervision.priority_groups.${group}` }));

/** Translated priority groups, or a dash read out as "none". */
export const PriorityGroups = ({ groups }: { groups: string[] | undefined }) => {
  const translate = useTranslate();
  if (!groups?.length) return <span aria-label={translate('cw_supervision.none')}>—</span>;
  return <>{groups.map((g) => translate(`cw_supervision.priority_groups.${g}`, { _: g })).join(', ')}</>;
};

/** A marker with its meaning in words, so it never relies on colour alone. */
export const Marker = ({ label, tone = 'default' }: { label: string; tone?: 'default' | 'warning' | 'error' }) => (
  <Chip
    size="small"
    variant={tone === 'default' ? 'outlined' : 'filled'}
    label={label}
    sx={{
      // Long markers (a colleague's name) wrap instead of widening the table.
      height: 'auto',
      maxWidth: 220,
      '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 },
      ...(tone === 'warning'
        ? { bgcolor: '#fff3cd', color: '#5c4300', border: '1px solid #8a6d00' }
        : tone === 'error'
          ? { bgcolor: '#b3261e', color: '#ffffff' }
          : {}),
    }}
  />
);
