import { useState } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { InterventionPlanDto, PlanEventDto, PlanTransition } from '@casework/contracts';
import { errorText, listPath, postJson } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { ColumnHeads } from '../common/parts';
import { useCurrentUser } from '../common/useCurrentUser';
import { Facts, Loadable, SectionHeading, useFormat } from '../cases/parts';
import type { CaseRecord } from '../cases/types';
import { PlanDocumentButton } from './PlanDocumentButton';
import { PlanGoals } from './PlanGoals';
import { PlanHistory } from './PlanHistory';
import { StepDialog } from './StepDialogs';
import { currentOrLatest, isCurrent, mayStartPlan, planAbilities, readsPlansOf, stepActors, type Plan } from './model';
import { PlanContext, useOfficeToday, usePlanChange, usePlanContext, usePlanRecord, type PlanContextValue } from './planApi';

const HISTORY_PAGE = 50;

/** The status in words (never by colour alone), and who did what when. */
const PlanFacts = ({ events }: { events: PlanEventDto[] | undefined }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  const { plan } = usePlanContext();
  const actors = stepActors(events);
  const stamp = (at: string | null, kind: PlanEventDto['kind']) => {
    const name = actors[kind]?.name;
    return name ? translate('cw_plan.stamp', { when: fmt.dateTime(at), name }) : fmt.dateTime(at);
  };
  return (
    <Facts
      testId="plan-facts"
      items={[
        [translate('cw_plan.fields.status'), <strong key="status">{translate(`cw_plan.statuses.${plan.status}`)}</strong>],
        [translate('cw_plan.fields.nextReviewDate'), fmt.date(plan.nextReviewDate)],
        [
          translate('cw_plan.fields.createdAt'),
          translate('cw_plan.stamp', { when: fmt.dateTime(plan.createdAt), name: plan.createdByName }),
        ],
        !!plan.submittedAt && [translate('cw_plan.fields.submittedAt'), stamp(plan.submittedAt, 'submitted')],
        !!plan.returnedAt && [translate('cw_plan.fields.returnedAt'), stamp(plan.returnedAt, 'returned')],
        !!plan.approvedAt && [translate('cw_plan.fields.approvedAt'), stamp(plan.approvedAt, 'approved')],
        !!plan.approvalComment && [translate('cw_plan.fields.approvalComment'), plan.approvalComment],
        !!plan.agreedOn && [
          translate('cw_plan.fields.agreedOn'),
          `${fmt.date(plan.agreedOn)} — ${translate(`cw_plan.methods.${plan.agreementMethod}`, { _: plan.agreementMethod ?? '' })}`,
        ],
        !!plan.agreementRecordedAt && [translate('cw_plan.fields.agreementRecordedAt'), stamp(plan.agreementRecordedAt, 'agreed')],
        !!plan.completedAt && [translate('cw_plan.fields.completedAt'), stamp(plan.completedAt, 'completed')],
        !!plan.cancelledAt && [translate('cw_plan.fields.cancelledAt'), stamp(plan.cancelledAt, 'cancelled')],
        !!plan.cancelReason && [translate('cw_plan.fields.cancelReason'), plan.cancelReason],
      ]}
    />
  );
};

/** The supervisor's comment on a returned draft, where its author cannot miss it. */
const ReturnComment = ({ events }: { events: PlanEventDto[] | undefined }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  const { plan } = usePlanContext();
  if (plan.status !== 'draft' || !plan.returnComment) return null;
  const by = stepActors(events).returned?.name;
  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="plan-return-comment">
      <AlertTitle>
        {by
          ? translate('cw_plan.returned_by', { name: by, when: fmt.dateTime(plan.returnedAt) })
          : translate('cw_plan.returned', { when: fmt.dateTime(plan.returnedAt) })}
      </AlertTitle>
      <Typography sx={{ whiteSpace: 'pre-wrap' }}>{plan.returnComment}</Typography>
    </Alert>
  );
};

/** The next review date of a draft or an agreed plan (an agreed plan always keeps one). */
const ReviewDate = () => {
  const translate = useTranslate();
  const { plan } = usePlanContext();
  const change = usePlanChange();
  const today = useOfficeToday();
  const [review, setReview] = useState(plan.nextReviewDate ?? '');
  const failure = change.refusal?.text;
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center', mt: 2 }}>
      <TextField
        type="date"
        size="small"
        label={translate('cw_plan.fields.nextReviewDate')}
        value={review}
        onChange={(e) => {
          setReview(e.target.value);
          change.clear();
        }}
        error={!!failure}
        helperText={failure}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: today } }}
        sx={{ width: '16rem' }}
      />
      <Button
        disabled={change.busy || review === (plan.nextReviewDate ?? '') || (plan.status === 'agreed' && !review)}
        onClick={() => void change.run('', 'PATCH', { nextReviewDate: review || null }, 'cw_plan.review_saved')}
      >
        {translate('cw_plan.save_review')}
      </Button>
    </Box>
  );
};

const DANGER: readonly PlanTransition[] = ['return', 'cancel'];

/** The steps the user may take now, the jobseeker's copy and the review date. */
const PlanButtons = () => {
  const translate = useTranslate();
  const { plan, abilities } = usePlanContext();
  const [step, setStep] = useState<PlanTransition | null>(null);
  if (!abilities.steps.length && !abilities.document && !abilities.reviewDate) return null;
  return (
    <>
      <SectionHeading>{translate('cw_plan.actions_heading')}</SectionHeading>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
        {abilities.steps.map((s) => (
          <Button
            key={s}
            variant={DANGER.includes(s) ? 'outlined' : 'contained'}
            color={s === 'cancel' ? 'error' : 'primary'}
            onClick={() => setStep(s)}
          >
            {translate(`cw_plan.steps.${s}.open`)}
          </Button>
        ))}
        {abilities.document && <PlanDocumentButton plan={plan} />}
      </Box>
      {abilities.reviewDate && <ReviewDate key={plan.version} />}
      {step && <StepDialog step={step} onClose={() => setStep(null)} />}
    </>
  );
};

/** One plan with its goals, the buttons its status and the user's role allow, and its history. */
const PlanPanel = ({ id, kase, latest, onChanged }: { id: string; kase: CaseRecord; latest: boolean; onChanged: () => void }) => {
  const translate = useTranslate();
  const me = useCurrentUser();
  const record = usePlanRecord(id);
  const [shown, setShown] = useState(HISTORY_PAGE);
  const history = useApiGet<PlanEventDto[]>(listPath(`/intervention-plans/${id}/history`, { sort: ['at', 'ASC'], range: [0, shown - 1] }));
  const { plan, apply, reload } = record;
  const value: PlanContextValue | null = plan
    ? {
        plan,
        kase,
        abilities: planAbilities(me?.role, plan.status, kase.status !== 'closed'),
        apply: (next: Plan) => {
          apply(next);
          history.reload();
          onChanged();
        },
        reload: () => {
          reload();
          history.reload();
          onChanged();
        },
      }
    : null;
  return (
    <Loadable loading={record.loading} error={record.error} reload={reload}>
      {value && (
        <PlanContext.Provider value={value}>
          <SectionHeading>
            {translate(isCurrent(value.plan) ? 'cw_plan.heading_current' : latest ? 'cw_plan.heading_latest' : 'cw_plan.heading_earlier')}
          </SectionHeading>
          <ReturnComment events={history.data} />
          <PlanFacts events={history.data} />
          <PlanButtons />
          <PlanGoals />
          <PlanHistory history={history} onMore={() => setShown((n) => n + HISTORY_PAGE)} />
        </PlanContext.Provider>
      )}
    </Loadable>
  );
};

/** The case's other plans, to look at one of them. */
const OtherPlans = ({ plans, onShow }: { plans: InterventionPlanDto[]; onShow: (id: string) => void }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  return (
    <>
      <SectionHeading>{translate('cw_plan.others.heading')}</SectionHeading>
      <TableContainer>
        <Table size="small" aria-label={translate('cw_plan.others.heading')}>
          <ColumnHeads labels={['createdAt', 'status', 'ended', 'show'].map((k) => `cw_plan.others.${k}`)} />
          <TableBody>
            {plans.map((p) => (
              <TableRow key={p.id}>
                <TableCell component="th" scope="row" sx={{ fontWeight: 400 }}>
                  {fmt.date(p.createdAt)}
                </TableCell>
                <TableCell>{translate(`cw_plan.statuses.${p.status}`)}</TableCell>
                <TableCell>{fmt.date(p.completedAt ?? p.cancelledAt)}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    onClick={() => onShow(p.id)}
                    aria-label={translate('cw_plan.others.show_label', { date: fmt.date(p.createdAt) })}
                  >
                    {translate('cw_plan.others.show')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
};

const PLANS_SHOWN = 20;

const CasePlans = ({ kase }: { kase: CaseRecord }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const me = useCurrentUser();
  const plans = useApiGet<InterventionPlanDto[]>(
    listPath('/intervention-plans', { filter: { caseId: kase.id }, sort: ['createdAt', 'DESC'], range: [0, PLANS_SHOWN - 1] }),
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const list = plans.data ?? [];
  const latest = currentOrLatest(list);
  const shownId = selected ?? latest?.id ?? null;
  const mayStart = mayStartPlan(me?.role, kase, me?.id, list);
  const start = async () => {
    setStarting(true);
    try {
      const { json } = await postJson<Plan>('/intervention-plans', { caseId: kase.id });
      notify('cw_plan.started', { type: 'success' });
      setSelected(json.id);
      plans.reload();
    } catch (error) {
      notify(errorText(error, translate, 'cw_plan.rules'), { type: 'error' });
      plans.reload();
    } finally {
      setStarting(false);
    }
  };
  return (
    <Loadable loading={plans.loading && !plans.data} error={plans.error} reload={plans.reload}>
      {!list.length && <Alert severity="info">{translate(mayStart ? 'cw_plan.none_start' : 'cw_plan.none')}</Alert>}
      {mayStart && (
        <Box sx={{ mt: 2 }}>
          {list.length > 0 && (
            <Typography variant="body2" sx={{ mb: 1 }}>
              {translate('cw_plan.no_current')}
            </Typography>
          )}
          <Button variant="contained" onClick={start} disabled={starting}>
            {translate('cw_plan.start')}
          </Button>
        </Box>
      )}
      {shownId && <PlanPanel key={shownId} id={shownId} kase={kase} latest={shownId === latest?.id} onChanged={plans.reload} />}
      {list.length > 1 && <OtherPlans plans={list.filter((p) => p.id !== shownId)} onShow={setSelected} />}
    </Loadable>
  );
};

/** The case's intervention plan tab: the current plan (or the latest), its editor and history, and the earlier plans. */
export const PlanTab = () => {
  const translate = useTranslate();
  const me = useCurrentUser();
  const record = useRecordContext<CaseRecord>();
  if (!record) return null;
  return (
    <Box sx={{ maxWidth: 1100 }}>
      {readsPlansOf(me?.role, record, me?.id) ? (
        <CasePlans kase={record} />
      ) : (
        <Alert severity="info">{translate('cw_plan.not_yours')}</Alert>
      )}
    </Box>
  );
};
