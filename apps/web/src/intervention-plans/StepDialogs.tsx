import { useState } from 'react';
import { Alert, Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { AGREEMENT_METHODS, type AgreementMethod, type PlanGoalDto, type PlanTransition } from '@casework/contracts';
import { DecisionDialog, ReasonField } from '../cases/parts';
import { ChoiceField, DateInput, PLAN_TEXT_MAX, TextArea } from './fields';
import { goalsNamed, goalsWithoutOutcome } from './model';
import { useOfficeToday, usePlanChange, usePlanContext } from './planApi';

/** A list of goals by their description (those a refusal names). */
const GoalList = ({ goals, testId }: { goals: PlanGoalDto[]; testId: string }) => (
  <Box component="ul" data-testid={testId} sx={{ m: 0, mt: 1, pl: 3 }}>
    {goals.map((g) => (
      <li key={g.id}>{g.description}</li>
    ))}
  </Box>
);

/** Draft -> submitted: the office's supervisor gets the plan to approve. */
const SubmitDialog = ({ onClose }: { onClose: () => void }) => {
  const translate = useTranslate();
  const { plan } = usePlanContext();
  const change = usePlanChange(onClose);
  const bare = change.refusal?.code === 'PLAN_INCOMPLETE' ? goalsNamed(change.refusal.errors, plan.goals, 'actions') : [];
  return (
    <DecisionDialog
      id="plan-submit-title"
      title={translate('cw_plan.steps.submit.title')}
      submitLabel={translate('cw_plan.steps.submit.confirm')}
      onSubmit={() => void change.run('/submit', 'POST', {}, 'cw_plan.steps.submit.done')}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
    >
      <Typography>{translate('cw_plan.steps.submit.intro')}</Typography>
      {bare.length > 0 && (
        <Alert severity="warning" role="status" sx={{ mt: 2 }}>
          {translate('cw_plan.steps.submit.goals_without_action')}
          <GoalList goals={bare} testId="plan-goals-without-action" />
        </Alert>
      )}
    </DecisionDialog>
  );
};

/** The supervisor approves a submitted plan, with an optional comment for its author. */
const ApproveDialog = ({ onClose }: { onClose: () => void }) => {
  const translate = useTranslate();
  const change = usePlanChange(onClose);
  const [comment, setComment] = useState('');
  return (
    <DecisionDialog
      id="plan-approve-title"
      title={translate('cw_plan.steps.approve.title')}
      submitLabel={translate('cw_plan.steps.approve.confirm')}
      onSubmit={() => void change.run('/approve', 'POST', comment.trim() ? { comment: comment.trim() } : {}, 'cw_plan.steps.approve.done')}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
    >
      <Typography sx={{ mb: 2 }}>{translate('cw_plan.steps.approve.intro')}</Typography>
      <TextArea label={translate('cw_plan.steps.approve.comment')} value={comment} onChange={setComment} />
    </DecisionDialog>
  );
};

/** A written reason or comment a step needs (return, cancel). */
const ReasonStepDialog = ({ step, field, onClose }: { step: 'return' | 'cancel'; field: 'comment' | 'reason'; onClose: () => void }) => {
  const translate = useTranslate();
  const change = usePlanChange(onClose);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const submit = () => {
    setTried(true);
    if (text.trim().length < 5) return;
    void change.run(`/${step}`, 'POST', { [field]: text.trim() }, `cw_plan.steps.${step}.done`);
  };
  return (
    <DecisionDialog
      id={`plan-${step}-title`}
      title={translate(`cw_plan.steps.${step}.title`)}
      submitLabel={translate(`cw_plan.steps.${step}.confirm`)}
      onSubmit={submit}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
      danger={step === 'cancel'}
    >
      <Typography sx={{ mb: 2 }}>{translate(`cw_plan.steps.${step}.intro`)}</Typography>
      <ReasonField
        label={translate(`cw_plan.steps.${step}.${field}`)}
        help={translate(`cw_plan.steps.${step}.help`)}
        value={text}
        onChange={setText}
        tried={tried}
        maxLength={PLAN_TEXT_MAX}
      />
    </DecisionDialog>
  );
};

/** The jobseeker's agreement to an approved plan: when (not after today), how, and the next review date. */
const AgreeDialog = ({ onClose }: { onClose: () => void }) => {
  const translate = useTranslate();
  const { plan } = usePlanContext();
  const change = usePlanChange(onClose);
  const today = useOfficeToday();
  // Today in the office's calendar until the user picks a date (the office loads after the first render).
  const [picked, setAgreedOn] = useState<string | null>(null);
  const agreedOn = picked ?? today;
  const [method, setMethod] = useState<AgreementMethod | ''>('');
  const [review, setReview] = useState(plan.nextReviewDate ?? '');
  const [tried, setTried] = useState(false);
  const badDate = !agreedOn || agreedOn > today;
  const submit = () => {
    setTried(true);
    if (badDate || !method || !review) return;
    const body = { agreedOn, method, ...(review !== plan.nextReviewDate ? { nextReviewDate: review } : {}) };
    void change.run('/agree', 'POST', body, 'cw_plan.steps.agree.done');
  };
  return (
    <DecisionDialog
      id="plan-agree-title"
      title={translate('cw_plan.steps.agree.title')}
      submitLabel={translate('cw_plan.steps.agree.confirm')}
      onSubmit={submit}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
    >
      <Typography sx={{ mb: 2 }}>{translate('cw_plan.steps.agree.intro')}</Typography>
      <DateInput
        required
        label={translate('cw_plan.fields.agreedOn')}
        value={agreedOn}
        onChange={setAgreedOn}
        max={today}
        error={tried && badDate}
        helperText={translate(tried && badDate ? 'cw_plan.rules.agreedOn.notInFuture' : 'cw_plan.steps.agree.date_help')}
      />
      <ChoiceField
        required
        tried={tried}
        label={translate('cw_plan.fields.agreementMethod')}
        value={method}
        onChange={setMethod}
        choices={AGREEMENT_METHODS}
        labels="cw_plan.methods"
      />
      <DateInput
        required
        label={translate('cw_plan.fields.nextReviewDate')}
        value={review}
        onChange={setReview}
        min={today}
        error={tried && !review}
        helperText={translate(tried && !review ? 'cw_plan.required' : 'cw_plan.steps.agree.review_help')}
      />
    </DecisionDialog>
  );
};

/** Agreed -> completed; the API refuses while a goal has no outcome, and the dialog lists those goals. */
const CompleteDialog = ({ onClose }: { onClose: () => void }) => {
  const translate = useTranslate();
  const { plan } = usePlanContext();
  const change = usePlanChange(onClose);
  const refused = change.refusal?.code === 'GOALS_WITHOUT_OUTCOME' ? goalsNamed(change.refusal.errors, plan.goals, 'outcome') : [];
  const open = refused.length ? refused : goalsWithoutOutcome(plan.goals);
  return (
    <DecisionDialog
      id="plan-complete-title"
      title={translate('cw_plan.steps.complete.title')}
      submitLabel={translate('cw_plan.steps.complete.confirm')}
      onSubmit={() => void change.run('/complete', 'POST', {}, 'cw_plan.steps.complete.done')}
      onCancel={onClose}
      busy={change.busy}
      failure={change.refusal?.text}
    >
      <Typography>{translate('cw_plan.steps.complete.intro')}</Typography>
      {open.length > 0 && (
        <Alert severity="warning" role="status" sx={{ mt: 2 }}>
          {translate('cw_plan.steps.complete.missing', { smart_count: open.length })}
          <GoalList goals={open} testId="plan-goals-without-outcome" />
        </Alert>
      )}
    </DecisionDialog>
  );
};

/** The dialog of one step of the plan. */
export const StepDialog = ({ step, onClose }: { step: PlanTransition; onClose: () => void }) => {
  switch (step) {
    case 'submit':
      return <SubmitDialog onClose={onClose} />;
    case 'approve':
      return <ApproveDialog onClose={onClose} />;
    case 'return':
      return <ReasonStepDialog step="return" field="comment" onClose={onClose} />;
    case 'agree':
      return <AgreeDialog onClose={onClose} />;
    case 'complete':
      return <CompleteDialog onClose={onClose} />;
    case 'cancel':
      return <ReasonStepDialog step="cancel" field="reason" onClose={onClose} />;
  }
};
