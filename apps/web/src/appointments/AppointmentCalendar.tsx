import { lazy, Suspense, useCallback, useEffect, useId, useState } from 'react';
import {
  Box,
  Card,
  CardContent,
  Checkbox,
  CircularProgress,
  FormControl,
  FormControlLabel,
  InputLabel,
  MenuItem,
  Select,
} from '@mui/material';
import { Title, useRedirect, useTranslate } from 'react-admin';
import { useCurrentUser } from '../common/useCurrentUser';
import { fetchAppointments, fetchBookableStaff } from './api';
import type { StaffMember } from './types';

const CalendarView = lazy(() => import('./CalendarView'));

const MINE = 'mine';
const OFFICE = 'office';

/**
 * The calendar: a case worker sees their own appointments first; front desk and supervisors the
 * whole office. Anyone may switch to one colleague's calendar (the API still decides what each
 * role may see of it).
 */
export const AppointmentCalendar = () => {
  const translate = useTranslate();
  const redirect = useRedirect();
  const me = useCurrentUser();
  const labelId = useId();
  const caseWorker = me?.role === 'counsellor' || me?.role === 'specialist';
  // Until the user picks, the role decides: case workers their own, everyone else the office.
  const [picked, setPicked] = useState<string | null>(null);
  const whose = picked ?? (caseWorker ? MINE : OFFICE);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const officeId = me?.officeId;
  useEffect(() => {
    if (!officeId) return;
    fetchBookableStaff(officeId).then(setStaff, () => setStaff([]));
  }, [officeId]);

  const [withCancelled, setWithCancelled] = useState(false);
  const filter = useCallback((): Record<string, unknown> => {
    if (!me) return {};
    const status = withCancelled ? {} : { status: ['scheduled', 'attended', 'no_show'] };
    if (whose === MINE) return { staffId: me.id, ...status };
    if (whose === OFFICE) return { officeId: me.officeId, ...status };
    return { staffId: whose, ...status };
  }, [me, whose, withCancelled]);
  const load = useCallback((from: Date, to: Date) => fetchAppointments(filter(), from, to), [filter]);

  if (!me) return <CircularProgress aria-label={translate('cw_appointments.loading')} />;
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate('cw_appointments.calendar_title')} />
      <CardContent>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 2 }}>
          <FormControl size="small" sx={{ minWidth: 280 }}>
            <InputLabel id={labelId}>{translate('cw_appointments.whose')}</InputLabel>
            <Select labelId={labelId} label={translate('cw_appointments.whose')} value={whose} onChange={(e) => setPicked(e.target.value)}>
              {caseWorker && <MenuItem value={MINE}>{translate('cw_appointments.mine')}</MenuItem>}
              <MenuItem value={OFFICE}>{translate('cw_appointments.whole_office')}</MenuItem>
              {staff
                .filter((s) => s.id !== me.id)
                .map((s) => (
                  <MenuItem key={s.id} value={s.id}>
                    {s.fullName} ({translate(`roles.${s.role}`)})
                  </MenuItem>
                ))}
            </Select>
          </FormControl>
          <FormControlLabel
            control={<Checkbox checked={withCancelled} onChange={(e) => setWithCancelled(e.target.checked)} />}
            label={translate('cw_appointments.show_cancelled')}
          />
        </Box>
        <Suspense fallback={<CircularProgress aria-label={translate('cw_appointments.loading')} />}>
          <CalendarView
            load={load}
            showStaff={whose === OFFICE}
            onOpen={(id) => redirect('show', 'appointments', id)}
            refreshKey={`${whose}:${withCancelled}`}
            key={whose === OFFICE ? 'office' : 'person'}
          />
        </Suspense>
      </CardContent>
    </Card>
  );
};
