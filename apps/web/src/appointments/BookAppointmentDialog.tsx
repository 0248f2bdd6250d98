import { useEffect, useId, useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  InputLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Select,
  TextField,
  ToggleButton,
  Typography,
} from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { can } from '@casework/contracts';
import { useCurrentUser } from '../common/useCurrentUser';
import { errorCode, errorText, getJson, listPath, postJson } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { DecisionDialog, useFormat } from '../cases/parts';
import type { CaseRecord } from '../cases/types';
import { fetchBookableStaff } from './api';
import { addDays, channelRefusal, defaultChannel, localDay, slotsByDay, weekStart } from './model';
import { APPOINTMENT_CHANNEL_LIST, type AppointmentChannel, type Slot, type StaffMember } from './types';

const DURATIONS = [30, 45, 60, 90];
const PURPOSE_MAX = 500;

interface PlanAction {
  id: string;
  description: string;
}

/** The actions of the case's current plan, for linking the appointment to one (roles that read plans only). */
async function fetchPlanActions(caseId: string): Promise<PlanAction[]> {
  const plans = await getJson<Array<{ id: string }>>(
    listPath('/intervention-plans', { filter: { caseId, status: ['draft', 'submitted', 'approved', 'agreed'] }, range: [0, 0] }),
  );
  if (!plans.length) return [];
  const plan = await getJson<{ goals?: Array<{ actions: PlanAction[] }> }>(`/intervention-plans/${plans[0].id}`);
  return (plan.goals ?? []).flatMap((g) => g.actions.map((a) => ({ id: a.id, description: a.description })));
}

interface Client {
  digitalSkills?: string | null;
  preferredChannel?: string | null;
}

/**
 * Books an appointment on a case: whom with, how long, how (video only where the client can use
 * it), then a free slot of the chosen week from the API's availability. A slot taken meanwhile by
 * someone else is refused by the database; the dialog says so and shows the week again.
 */
export const BookAppointmentDialog = ({ record, onClose }: { record: CaseRecord; onClose: (booked: boolean) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const format = useFormat();
  const id = useId();
  const staffLabel = useId();
  const durationLabel = useId();
  const actionLabel = useId();
  const me = useCurrentUser();
  const [actions, setActions] = useState<PlanAction[]>([]);
  const [planActionId, setPlanActionId] = useState('');
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  const [client, setClient] = useState<Client | undefined>();
  const [staffId, setStaffId] = useState('');
  const [duration, setDuration] = useState(30);
  const [channel, setChannel] = useState<AppointmentChannel>('in_person');
  const [purpose, setPurpose] = useState(translate('cw_appointments.default_purpose'));
  const [week, setWeek] = useState(0);
  // The chosen slot belongs to the week and settings it was chosen in; changing them clears it.
  const [picked, setPicked] = useState<{ query: string | null; slot: Slot } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [tried, setTried] = useState(false);

  useEffect(() => {
    fetchBookableStaff(record.officeId).then(
      (list) => {
        setStaff(list);
        setStaffId((current) => current || (list.find((s) => s.id === record.assignedTo) ?? list[0])?.id || '');
      },
      () => setStaff([]),
    );
    getJson<Client>(`/jobseekers/${record.jobseekerId}`).then(
      (j) => {
        setClient(j);
        setChannel(defaultChannel(j));
      },
      () => setClient(undefined),
    );
  }, [record.officeId, record.assignedTo, record.jobseekerId]);
  const readsPlans = can(me?.role, 'intervention-plans', 'read');
  useEffect(() => {
    if (readsPlans) fetchPlanActions(record.id).then(setActions, () => setActions([]));
  }, [readsPlans, record.id]);

  const from = useMemo(() => {
    const start = weekStart(new Date(), week);
    // This week: from now on, not from Monday.
    return week === 0 ? new Date() : start;
  }, [week]);
  const to = useMemo(() => addDays(weekStart(new Date(), week), 7), [week]);
  const query = staffId
    ? `/appointments/availability?${new URLSearchParams({ staffId, from: from.toISOString(), to: to.toISOString(), duration: String(duration) })}`
    : null;
  const slots = useApiGet<Slot[]>(query);
  const groups = useMemo(() => slotsByDay(slots.data ?? []), [slots.data]);
  const slot = picked && picked.query === query ? picked.slot : null;
  const setSlot = (s: Slot | null) => setPicked(s ? { query, slot: s } : null);

  const submit = async () => {
    setTried(true);
    if (!slot || !purpose.trim()) return;
    setBusy(true);
    setFailure(null);
    try {
      await postJson('/appointments', {
        caseId: record.id,
        staffId: slot.staffId,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        channel,
        purpose: purpose.trim(),
        ...(planActionId ? { planActionId } : {}),
      });
      notify('cw_appointments.done.booked', { type: 'success', messageArgs: { when: format.dateTime(slot.startsAt) } });
      onClose(true);
    } catch (e) {
      setBusy(false);
      if (errorCode(e) === 'SLOT_TAKEN') {
        setSlot(null);
        slots.reload();
        setFailure(translate('cw_appointments.slot_taken'));
      } else setFailure(errorText(e, translate, 'cw_appointments.rules'));
    }
  };

  return (
    <DecisionDialog
      id={id}
      title={translate('cw_appointments.book.title', { reference: record.reference })}
      submitLabel={translate('cw_appointments.book.submit')}
      onSubmit={submit}
      onCancel={() => onClose(false)}
      busy={busy}
      failure={failure}
    >
      {!staff ? (
        <CircularProgress size={24} aria-label={translate('cw_appointments.loading')} />
      ) : !staff.length ? (
        <Alert severity="warning">{translate('cw_appointments.book.no_staff')}</Alert>
      ) : (
        <Box sx={{ display: 'grid', gap: 2, pt: 1 }}>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
            <FormControl sx={{ minWidth: 240 }}>
              <InputLabel id={staffLabel}>{translate('cw_appointments.fields.staff')}</InputLabel>
              <Select
                labelId={staffLabel}
                label={translate('cw_appointments.fields.staff')}
                value={staffId}
                onChange={(e) => setStaffId(e.target.value)}
              >
                {staff.map((s) => (
                  <MenuItem key={s.id} value={s.id}>
                    {s.fullName} ({translate(`roles.${s.role}`)})
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <FormControl sx={{ minWidth: 140 }}>
              <InputLabel id={durationLabel}>{translate('cw_appointments.fields.duration')}</InputLabel>
              <Select
                labelId={durationLabel}
                label={translate('cw_appointments.fields.duration')}
                value={duration}
                onChange={(e) => setDuration(Number(e.target.value))}
              >
                {DURATIONS.map((d) => (
                  <MenuItem key={d} value={d}>
                    {translate('cw_appointments.minutes', { count: d })}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
          </Box>
          <FormControl>
            <FormLabel id={`${id}-channel`}>{translate('cw_appointments.fields.channel')}</FormLabel>
            <RadioGroup
              row
              aria-labelledby={`${id}-channel`}
              value={channel}
              onChange={(e) => setChannel(e.target.value as AppointmentChannel)}
            >
              {APPOINTMENT_CHANNEL_LIST.map((c) => (
                <FormControlLabel
                  key={c}
                  value={c}
                  control={<Radio />}
                  label={translate(`cw_appointments.channels.${c}`)}
                  disabled={!!channelRefusal(c, client)}
                />
              ))}
            </RadioGroup>
            {channelRefusal('video', client) && (
              <FormHelperText>{translate(`cw_appointments.book.video_refused.${channelRefusal('video', client)}`)}</FormHelperText>
            )}
          </FormControl>
          <TextField
            required
            label={translate('cw_appointments.fields.purpose')}
            helperText={
              tried && !purpose.trim()
                ? translate('cw_appointments.rules.purpose.isNotBlank')
                : translate('cw_appointments.book.purpose_help')
            }
            error={tried && !purpose.trim()}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            slotProps={{ htmlInput: { maxLength: PURPOSE_MAX } }}
          />
          {actions.length > 0 && (
            <FormControl>
              <InputLabel id={actionLabel}>{translate('cw_appointments.fields.planAction')}</InputLabel>
              <Select
                labelId={actionLabel}
                label={translate('cw_appointments.fields.planAction')}
                value={planActionId}
                onChange={(e) => setPlanActionId(e.target.value)}
              >
                <MenuItem value="">{translate('cw_appointments.book.no_plan_action')}</MenuItem>
                {actions.map((a) => (
                  <MenuItem key={a.id} value={a.id}>
                    {a.description}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
          )}
          <Box>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
              <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
                {translate('cw_appointments.book.week', {
                  from: format.date(localDay(weekStart(new Date(), week))),
                  to: format.date(localDay(addDays(to, -1))),
                })}
              </Typography>
              <Button size="small" disabled={week === 0} onClick={() => setWeek((w) => w - 1)}>
                {translate('cw_appointments.book.previous_week')}
              </Button>
              <Button size="small" disabled={week >= 8} onClick={() => setWeek((w) => w + 1)}>
                {translate('cw_appointments.book.next_week')}
              </Button>
            </Box>
            {slots.loading && !slots.data ? (
              <CircularProgress size={24} aria-label={translate('cw_appointments.loading')} />
            ) : slots.error ? (
              <Alert severity="error">{errorText(slots.error, translate, 'cw_appointments.rules')}</Alert>
            ) : !groups.length ? (
              <Alert severity="info">{translate('cw_appointments.book.no_slots')}</Alert>
            ) : (
              <Box
                sx={{ display: 'grid', gap: 1.5, maxHeight: 320, overflowY: 'auto' }}
                role="group"
                aria-label={translate('cw_appointments.book.slots')}
              >
                {groups.map((g) => (
                  <Box key={g.day}>
                    <Typography variant="body2" sx={{ fontWeight: 500, mb: 0.5 }}>
                      {format.day(g.day)}
                    </Typography>
                    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75 }}>
                      {g.slots.map((s) => (
                        <ToggleButton
                          key={`${s.staffId}-${s.startsAt}`}
                          value={s.startsAt}
                          size="small"
                          selected={slot?.startsAt === s.startsAt && slot.staffId === s.staffId}
                          onChange={() => setSlot(s)}
                          aria-label={translate('cw_appointments.book.slot_label', { when: format.dateTime(s.startsAt) })}
                        >
                          {format.time(s.startsAt)}
                        </ToggleButton>
                      ))}
                    </Box>
                  </Box>
                ))}
              </Box>
            )}
            {tried && !slot && <FormHelperText error>{translate('cw_appointments.book.choose_slot')}</FormHelperText>}
          </Box>
        </Box>
      )}
    </DecisionDialog>
  );
};
