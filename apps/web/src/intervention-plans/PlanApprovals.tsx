import { useState } from 'react';
import { Alert, Box, Button, Table, TableBody, TableCell, TableContainer, TablePagination, TableRow } from '@mui/material';
import { Title, useGetList, useTranslate, type RaRecord } from 'react-admin';
import { Link } from 'react-router-dom';
import type { InterventionPlanDto } from '@casework/contracts';
import { errorKey } from '../common/api';
import { DateTimeField } from '../common/DateTimeField';
import { ColumnHeads, Loading, SectionCard } from '../common/parts';
import { useCurrentUser } from '../common/useCurrentUser';
import { RequirePermission } from '../supervision/RequirePermission';

const PAGE = 25;
const COLUMNS = ['case', 'jobseeker', 'author', 'submitted_at', 'open'] as const;

const Submitted = ({ officeId }: { officeId: string }) => {
  const translate = useTranslate();
  const [page, setPage] = useState(0);
  const { data, total, error, isPending, isPlaceholderData } = useGetList<RaRecord & InterventionPlanDto>('intervention-plans', {
    filter: { status: 'submitted', officeId },
    sort: { field: 'submittedAt', order: 'ASC' },
    pagination: { page: page + 1, perPage: PAGE },
  });
  if (error) return <Alert severity="error">{translate(errorKey(error))}</Alert>;
  if (isPending) return <Loading />;
  if (!data.length && page === 0) return <Alert severity="success">{translate('cw_plan.approvals.empty')}</Alert>;
  return (
    <>
      <TableContainer>
        <Table
          size="small"
          aria-labelledby="plan-approvals-title"
          data-testid="plan-approvals"
          // Which page the rows are of, once they have arrived (the previous page's rows stay while the next one loads).
          data-page={isPlaceholderData ? undefined : page + 1}
        >
          <ColumnHeads labels={COLUMNS.map((k) => `cw_plan.approvals.${k}`)} />
          <TableBody>
            {data.map((p) => (
              <TableRow key={p.id}>
                <TableCell component="th" scope="row" sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
                  {p.caseReference}
                </TableCell>
                <TableCell>{p.jobseekerName}</TableCell>
                <TableCell>{p.createdByName}</TableCell>
                <TableCell>
                  <DateTimeField record={p} source="submittedAt" />
                </TableCell>
                <TableCell>
                  <Button
                    size="small"
                    variant="outlined"
                    component={Link}
                    to={`/cases/${p.caseId}/show/plan`}
                    aria-label={translate('cw_plan.approvals.open_label', { reference: p.caseReference })}
                  >
                    {translate('cw_plan.approvals.open')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {(total ?? 0) > PAGE && (
        <TablePagination
          component="div"
          count={total ?? -1}
          page={page}
          onPageChange={(_, next) => setPage(next)}
          rowsPerPage={PAGE}
          rowsPerPageOptions={[]}
          labelDisplayedRows={({ from, to, count }) => translate('cw_plan.approvals.range', { from, to, count })}
          getItemAriaLabel={(type) => translate(`cw_plan.approvals.${type}_page`)}
        />
      )}
    </>
  );
};

const PlanApprovalsPage = () => {
  const translate = useTranslate();
  const me = useCurrentUser();
  if (!me) return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="cw_plan.approvals.title" />
      <SectionCard id="plan-approvals-title" title={translate('cw_plan.approvals.heading')} intro={translate('cw_plan.approvals.intro')}>
        <Submitted officeId={me.officeId} />
      </SectionCard>
    </Box>
  );
};

/** Supervisors: the office's submitted plans, the longest waiting first, each a link to its case's plan tab. */
export const PlanApprovals = () => (
  <RequirePermission resource="intervention-plans" action="approve">
    <PlanApprovalsPage />
  </RequirePermission>
);
