import { useState } from 'react';
import { Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { GOAL_OUTCOMES, type GoalOutcome, type PlanGoalDto } from '@casework/contracts';
import { DecisionDialog } from '../cases/parts';
import { ChoiceField, DateInput, TextArea } from './fields';
import { changedFields } from './model';
import { usePlanChange } from './planApi';

/** Adds a goal to a draft, or changes one (description, target date). */
export const GoalDialog = ({ goal, onClose }: { goal?: PlanGoalDto; onClose: () => void }) => {
  const translate = useTranslate();
  const change = usePlanChange(onClose);
  const [form, setForm] = useState({ description: goal?.description ?? '', targetDate: goal?.targetDate ?? '' });
  const [tried, setTried] = useState(false);
  const submit = async () => {
    setTried(true);
    if (!form.description.trim()) return;
    const values = { description: form.description.trim(), targetDate: form.targetDate || null };
    if (!goal) return void change.run('/goals', 'POST', values, 'cw_plan.goal.added');
    const diff = changedFields(goal, values);
    if (!Object.keys(diff).length) return onClose();
    await change.run(`/goals/${goal.id}`, 'PATCH', diff, 'cw_plan.goal.saved');
  };
  return (
    <DecisionDialog
      id="plan-goal-title"
      title={translate(goal ? 'cw_plan.goal.edit_title' : 'cw_plan.goal.add_title')}
      submitLabel={translate(goal ? 'cw_plan.save' : 'cw_plan.goal.add')}
      onSubmit={submit}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
    >
      <Typography variant="body2" sx={{ mb: 2 }}>
        {translate('cw_plan.goal.description_help')}
      </Typography>
      <TextArea
        required
        tried={tried}
        label={translate('cw_plan.goal_fields.description')}
        value={form.description}
        onChange={(description) => setForm({ ...form, description })}
      />
      <DateInput
        label={translate('cw_plan.goal_fields.targetDate')}
        value={form.targetDate}
        onChange={(targetDate) => setForm({ ...form, targetDate })}
        helperText={translate('cw_plan.optional')}
      />
    </DecisionDialog>
  );
};

/** How a goal of an agreed plan turned out: its outcome and a note. */
export const GoalOutcomeDialog = ({ goal, onClose }: { goal: PlanGoalDto; onClose: () => void }) => {
  const translate = useTranslate();
  const change = usePlanChange(onClose);
  const [outcome, setOutcome] = useState<GoalOutcome | ''>(goal.outcome ?? '');
  const [note, setNote] = useState(goal.outcomeNote ?? '');
  const [tried, setTried] = useState(false);
  const submit = async () => {
    setTried(true);
    if (!outcome) return;
    const diff = changedFields(goal, { outcome, outcomeNote: note.trim() || null });
    if (!Object.keys(diff).length) return onClose();
    await change.run(`/goals/${goal.id}`, 'PATCH', diff, 'cw_plan.goal.outcome_saved');
  };
  return (
    <DecisionDialog
      id="plan-goal-outcome-title"
      title={translate('cw_plan.goal.outcome_title')}
      submitLabel={translate('cw_plan.save')}
      onSubmit={submit}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
    >
      <Typography sx={{ mb: 1 }}>{goal.description}</Typography>
      <ChoiceField
        required
        tried={tried}
        label={translate('cw_plan.goal_fields.outcome')}
        value={outcome}
        onChange={setOutcome}
        choices={GOAL_OUTCOMES}
        labels="cw_plan.outcomes"
      />
      <TextArea label={translate('cw_plan.goal_fields.outcomeNote')} value={note} onChange={setNote} />
    </DecisionDialog>
  );
};

/** Removes a goal (with its actions) or an action from a draft, after saying which. */
export const RemoveDialog = ({
  path,
  what,
  text,
  onClose,
}: {
  path: string;
  what: 'goal' | 'action';
  text: string;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const change = usePlanChange(onClose);
  return (
    <DecisionDialog
      id="plan-remove-title"
      title={translate(`cw_plan.${what}.remove_title`)}
      submitLabel={translate('cw_plan.remove')}
      onSubmit={() => void change.run(path, 'DELETE', {}, `cw_plan.${what}.removed`)}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
      danger
    >
      <Typography sx={{ mb: 1 }}>{translate(`cw_plan.${what}.remove_intro`)}</Typography>
      <Typography sx={{ fontWeight: 500 }}>{text}</Typography>
    </DecisionDialog>
  );
};
