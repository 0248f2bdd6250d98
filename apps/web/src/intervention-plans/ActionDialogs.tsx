import { useState } from 'react';
import { FormControl, FormControlLabel, FormLabel, MenuItem, Radio, RadioGroup, TextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import {
  PLAN_ACTION_OWNERS,
  PLAN_ACTION_STATUSES,
  PLAN_ACTION_TYPES,
  type PlanActionDto,
  type PlanActionOwner,
  type PlanActionStatus,
  type PlanActionType,
  type UserDto,
} from '@casework/contracts';
import { listPath } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { useCurrentUser } from '../common/useCurrentUser';
import { DecisionDialog } from '../cases/parts';
import { ChoiceField, DateInput, TextArea } from './fields';
import { changedFields } from './model';
import { usePlanChange, usePlanContext } from './planApi';

const PROVIDER_MAX = 200;

/** Who may own an action: active staff of the case's office who work cases (not managers or administrators). */
function useOfficeStaff(officeId: string) {
  const staff = useApiGet<UserDto[]>(listPath('/users', { filter: { officeId, active: true }, sort: ['fullName', 'ASC'], range: [0, 99] }));
  return { ...staff, data: staff.data?.filter((u) => u.role !== 'admin' && u.role !== 'manager') };
}

interface ActionForm {
  type: PlanActionType | '';
  description: string;
  provider: string;
  owner: PlanActionOwner;
  ownerUserId: string;
  dueDate: string;
}

/** Adds an action to a goal of a draft, or changes one: type, what, provider, who (staff or the jobseeker), by when. */
export const ActionDialog = ({ goalId, action, onClose }: { goalId: string; action?: PlanActionDto; onClose: () => void }) => {
  const translate = useTranslate();
  const me = useCurrentUser();
  const { kase } = usePlanContext();
  const change = usePlanChange(onClose);
  const staff = useOfficeStaff(kase.officeId);
  const [form, setForm] = useState<ActionForm>({
    type: action?.type ?? '',
    description: action?.description ?? '',
    provider: action?.provider ?? '',
    owner: action?.owner ?? 'staff',
    ownerUserId: action?.ownerUserId ?? (action ? '' : (me?.id ?? '')),
    dueDate: action?.dueDate ?? '',
  });
  const [tried, setTried] = useState(false);
  const set = (patch: Partial<ActionForm>) => setForm((f) => ({ ...f, ...patch }));
  const blank = !form.description.trim();
  const noOwner = form.owner === 'staff' && !form.ownerUserId;
  const submit = async () => {
    setTried(true);
    if (!form.type || blank || noOwner) return;
    const values = {
      type: form.type,
      description: form.description.trim(),
      provider: form.provider.trim() || null,
      owner: form.owner,
      ownerUserId: form.owner === 'staff' ? form.ownerUserId : null,
      dueDate: form.dueDate || null,
    };
    if (!action) return void change.run(`/goals/${goalId}/actions`, 'POST', values, 'cw_plan.action.added');
    const diff = changedFields(action, values);
    if (!Object.keys(diff).length) return onClose();
    await change.run(`/actions/${action.id}`, 'PATCH', diff, 'cw_plan.action.saved');
  };
  return (
    <DecisionDialog
      id="plan-action-title"
      title={translate(action ? 'cw_plan.action.edit_title' : 'cw_plan.action.add_title')}
      submitLabel={translate(action ? 'cw_plan.save' : 'cw_plan.action.add')}
      onSubmit={submit}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
    >
      <ChoiceField
        required
        tried={tried}
        label={translate('cw_plan.action_fields.type')}
        value={form.type}
        onChange={(type) => set({ type })}
        choices={PLAN_ACTION_TYPES}
        labels="cw_plan.action_types"
      />
      <TextArea
        required
        tried={tried}
        label={translate('cw_plan.action_fields.description')}
        value={form.description}
        onChange={(description) => set({ description })}
      />
      <TextField
        fullWidth
        label={translate('cw_plan.action_fields.provider')}
        value={form.provider}
        onChange={(e) => set({ provider: e.target.value })}
        helperText={translate('cw_plan.action.provider_help')}
        slotProps={{ htmlInput: { maxLength: PROVIDER_MAX } }}
        sx={{ mb: 1 }}
      />
      <FormControl component="fieldset" sx={{ mb: 1 }}>
        <FormLabel component="legend">{translate('cw_plan.action_fields.owner')}</FormLabel>
        <RadioGroup row value={form.owner} onChange={(e) => set({ owner: e.target.value as PlanActionOwner })}>
          {PLAN_ACTION_OWNERS.map((o) => (
            <FormControlLabel key={o} value={o} control={<Radio />} label={translate(`cw_plan.owners.${o}`)} />
          ))}
        </RadioGroup>
      </FormControl>
      {form.owner === 'staff' && (
        <TextField
          select
          fullWidth
          required
          label={translate('cw_plan.action_fields.ownerUserId')}
          value={staff.data?.some((u) => u.id === form.ownerUserId) ? form.ownerUserId : ''}
          onChange={(e) => set({ ownerUserId: e.target.value })}
          error={(tried && noOwner) || !!staff.error}
          helperText={staff.error ? translate('cw_plan.action.staff_failed') : tried && noOwner ? translate('cw_plan.choose_one') : ' '}
          sx={{ mb: 1 }}
        >
          {(staff.data ?? []).map((u) => (
            <MenuItem key={u.id} value={u.id}>
              {`${u.fullName} (${translate(`roles.${u.role}`)})`}
            </MenuItem>
          ))}
        </TextField>
      )}
      <DateInput
        label={translate('cw_plan.action_fields.dueDate')}
        value={form.dueDate}
        onChange={(dueDate) => set({ dueDate })}
        helperText={translate('cw_plan.optional')}
      />
    </DecisionDialog>
  );
};

/** How an action of an agreed plan is going: its status and outcome. */
export const ActionProgressDialog = ({ action, onClose }: { action: PlanActionDto; onClose: () => void }) => {
  const translate = useTranslate();
  const change = usePlanChange(onClose);
  const [status, setStatus] = useState<PlanActionStatus>(action.status);
  const [outcome, setOutcome] = useState(action.outcome ?? '');
  const submit = async () => {
    const diff = changedFields(action, { status, outcome: outcome.trim() || null });
    if (!Object.keys(diff).length) return onClose();
    await change.run(`/actions/${action.id}`, 'PATCH', diff, 'cw_plan.action.progress_saved');
  };
  return (
    <DecisionDialog
      id="plan-action-progress-title"
      title={translate('cw_plan.action.progress_title')}
      submitLabel={translate('cw_plan.save')}
      onSubmit={submit}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
    >
      <Typography sx={{ mb: 1 }}>{action.description}</Typography>
      <ChoiceField
        label={translate('cw_plan.action_fields.status')}
        value={status}
        onChange={setStatus}
        choices={PLAN_ACTION_STATUSES}
        labels="cw_plan.action_statuses"
      />
      <TextArea label={translate('cw_plan.action_fields.outcome')} value={outcome} onChange={setOutcome} />
    </DecisionDialog>
  );
};
