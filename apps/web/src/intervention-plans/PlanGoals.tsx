import { useState } from 'react';
import { Alert, Box, Button, Chip, Paper, Table, TableBody, TableCell, TableContainer, TableRow, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { useTranslate } from 'react-admin';
import type { PlanActionDto, PlanGoalDto } from '@casework/contracts';
import { ColumnHeads } from '../common/parts';
import { Facts, SectionHeading, useFormat } from '../cases/parts';
import { ActionDialog, ActionProgressDialog } from './ActionDialogs';
import { GoalDialog, GoalOutcomeDialog, RemoveDialog } from './GoalDialogs';
import { usePlanContext } from './planApi';

/** Which dialog is open, for which goal or action. */
type Editing =
  | { kind: 'goal'; goal?: PlanGoalDto }
  | { kind: 'goal_outcome'; goal: PlanGoalDto }
  | { kind: 'remove_goal'; goal: PlanGoalDto }
  | { kind: 'action'; goalId: string; action?: PlanActionDto }
  | { kind: 'action_progress'; action: PlanActionDto }
  | { kind: 'remove_action'; action: PlanActionDto };

const EditingDialog = ({ editing, onClose }: { editing: Editing; onClose: () => void }) => {
  switch (editing.kind) {
    case 'goal':
      return <GoalDialog goal={editing.goal} onClose={onClose} />;
    case 'goal_outcome':
      return <GoalOutcomeDialog goal={editing.goal} onClose={onClose} />;
    case 'remove_goal':
      return <RemoveDialog what="goal" path={`/goals/${editing.goal.id}`} text={editing.goal.description} onClose={onClose} />;
    case 'action':
      return <ActionDialog goalId={editing.goalId} action={editing.action} onClose={onClose} />;
    case 'action_progress':
      return <ActionProgressDialog action={editing.action} onClose={onClose} />;
    case 'remove_action':
      return <RemoveDialog what="action" path={`/actions/${editing.action.id}`} text={editing.action.description} onClose={onClose} />;
  }
};

const Actions = ({ goal, number, onEdit }: { goal: PlanGoalDto; number: number; onEdit: (editing: Editing) => void }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  const { abilities } = usePlanContext();
  const buttons = abilities.editGoals || abilities.recordOutcomes;
  if (!goal.actions.length) {
    return (
      <Alert severity={abilities.editGoals ? 'warning' : 'info'} sx={{ mt: 1 }}>
        {translate(abilities.editGoals ? 'cw_plan.action.none_draft' : 'cw_plan.action.none')}
      </Alert>
    );
  }
  const heads = ['type', 'description', 'provider', 'owner', 'dueDate', 'status', 'outcome'];
  return (
    <TableContainer sx={{ mt: 1 }}>
      <Table size="small" aria-label={translate('cw_plan.action.table', { n: number })}>
        <ColumnHeads labels={[...heads.map((h) => `cw_plan.action_fields.${h}`), ...(buttons ? ['cw_plan.changes'] : [])]} />
        <TableBody>
          {goal.actions.map((a, i) => {
            const label = (key: string) => `${translate(key)} (${translate('cw_plan.action.number', { goal: number, n: i + 1 })})`;
            return (
              <TableRow key={a.id}>
                <TableCell>{translate(`cw_plan.action_types.${a.type}`)}</TableCell>
                <TableCell component="th" scope="row" sx={{ fontWeight: 400, whiteSpace: 'pre-wrap', maxWidth: 320 }}>
                  {a.description}
                </TableCell>
                <TableCell>{a.provider ?? '—'}</TableCell>
                <TableCell>
                  {a.owner === 'staff' ? (a.ownerName ?? translate('cw_plan.owners.staff')) : translate('cw_plan.owners.jobseeker')}
                </TableCell>
                <TableCell>{fmt.date(a.dueDate)}</TableCell>
                <TableCell>{translate(`cw_plan.action_statuses.${a.status}`)}</TableCell>
                <TableCell sx={{ whiteSpace: 'pre-wrap', maxWidth: 240 }}>{a.outcome ?? '—'}</TableCell>
                {buttons && (
                  <TableCell>
                    <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
                      {abilities.editGoals && (
                        <>
                          <Button
                            size="small"
                            aria-label={label('cw_plan.edit')}
                            onClick={() => onEdit({ kind: 'action', goalId: goal.id, action: a })}
                          >
                            {translate('cw_plan.edit')}
                          </Button>
                          <Button
                            size="small"
                            color="error"
                            aria-label={label('cw_plan.remove')}
                            onClick={() => onEdit({ kind: 'remove_action', action: a })}
                          >
                            {translate('cw_plan.remove')}
                          </Button>
                        </>
                      )}
                      {abilities.recordOutcomes && (
                        <Button
                          size="small"
                          aria-label={label('cw_plan.action.progress')}
                          onClick={() => onEdit({ kind: 'action_progress', action: a })}
                        >
                          {translate('cw_plan.action.progress')}
                        </Button>
                      )}
                    </Box>
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

const Goal = ({ goal, number, onEdit }: { goal: PlanGoalDto; number: number; onEdit: (editing: Editing) => void }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  const { plan, abilities } = usePlanContext();
  const heading = translate('cw_plan.goal.heading', { n: number });
  const label = (key: string) => `${translate(key)} (${heading})`;
  const outcomesCount = plan.status === 'agreed' || plan.status === 'completed';
  return (
    <Paper component="li" variant="outlined" sx={{ p: 2 }} data-testid="plan-goal">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 1 }}>
        <Typography component="h4" variant="subtitle2" sx={{ fontWeight: 600 }}>
          {heading}
        </Typography>
        {outcomesCount && !goal.outcome && <Chip size="small" variant="outlined" label={translate('cw_plan.goal.no_outcome')} />}
      </Box>
      <Typography sx={{ whiteSpace: 'pre-wrap', mb: 1 }}>{goal.description}</Typography>
      <Facts
        items={[
          [translate('cw_plan.goal_fields.targetDate'), fmt.date(goal.targetDate)],
          !!goal.outcome && [translate('cw_plan.goal_fields.outcome'), translate(`cw_plan.outcomes.${goal.outcome}`)],
          !!goal.outcomeNote && [translate('cw_plan.goal_fields.outcomeNote'), goal.outcomeNote],
        ]}
      />
      <Actions goal={goal} number={number} onEdit={onEdit} />
      {(abilities.editGoals || abilities.recordOutcomes) && (
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mt: 1 }}>
          {abilities.editGoals && (
            <>
              <Button
                size="small"
                variant="outlined"
                startIcon={<AddIcon />}
                aria-label={label('cw_plan.action.add')}
                onClick={() => onEdit({ kind: 'action', goalId: goal.id })}
              >
                {translate('cw_plan.action.add')}
              </Button>
              <Button size="small" aria-label={label('cw_plan.goal.edit')} onClick={() => onEdit({ kind: 'goal', goal })}>
                {translate('cw_plan.goal.edit')}
              </Button>
              <Button
                size="small"
                color="error"
                aria-label={label('cw_plan.goal.remove')}
                onClick={() => onEdit({ kind: 'remove_goal', goal })}
              >
                {translate('cw_plan.goal.remove')}
              </Button>
            </>
          )}
          {abilities.recordOutcomes && (
            <Button
              size="small"
              variant="outlined"
              aria-label={label('cw_plan.goal.record_outcome')}
              onClick={() => onEdit({ kind: 'goal_outcome', goal })}
            >
              {translate('cw_plan.goal.record_outcome')}
            </Button>
          )}
        </Box>
      )}
    </Paper>
  );
};

/** The plan's goals, each with its actions; in a draft the author adds, changes and removes them, once agreed records how they went. */
export const PlanGoals = () => {
  const translate = useTranslate();
  const { plan, abilities } = usePlanContext();
  const [editing, setEditing] = useState<Editing | null>(null);
  return (
    <>
      <SectionHeading>{translate('cw_plan.goal.section')}</SectionHeading>
      {plan.goals.length ? (
        <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 1 }} data-testid="plan-goals">
          {plan.goals.map((g, i) => (
            <Goal key={g.id} goal={g} number={i + 1} onEdit={setEditing} />
          ))}
        </Box>
      ) : (
        <Alert severity="info">{translate(abilities.editGoals ? 'cw_plan.goal.none_draft' : 'cw_plan.goal.none')}</Alert>
      )}
      {abilities.editGoals && (
        <Button sx={{ mt: 1 }} variant="outlined" startIcon={<AddIcon />} onClick={() => setEditing({ kind: 'goal' })}>
          {translate('cw_plan.goal.add')}
        </Button>
      )}
      {editing && <EditingDialog editing={editing} onClose={() => setEditing(null)} />}
    </>
  );
};
