import { useState } from 'react';
import { Button, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { errorCode, errorText, postJson } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { DecisionDialog, Loadable, ReasonField, SectionHeading, useFormat } from './parts';

interface Candidate {
  id?: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  reference: string;
  officeName: string;
  score: number;
  matched: string[];
}

const MergeDialog = ({
  keptId,
  keptReference,
  duplicate,
  onClose,
}: {
  keptId: string;
  keptReference: string;
  duplicate: Candidate;
  onClose: (merged: boolean) => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const noteOk = note.trim().length >= 5;
  const submit = async () => {
    setTried(true);
    setFailure(null);
    if (!noteOk) return;
    setBusy(true);
    try {
      await postJson(`/jobseekers/${keptId}/merge`, { duplicateId: duplicate.id, note: note.trim() });
      notify('cw_case.merge.done', { type: 'success', messageArgs: { duplicate: duplicate.reference, kept: keptReference } });
      onClose(true);
    } catch (error) {
      setFailure(errorCode(error) === 'CONFLICT' ? translate('cw_case.merge.conflict') : errorText(error, translate, 'cw_case.rules'));
      setBusy(false);
    }
  };
  return (
    <DecisionDialog
      id="merge-title"
      title={translate('cw_case.merge.title', { duplicate: duplicate.reference, kept: keptReference })}
      submitLabel={translate('cw_case.merge.submit')}
      onSubmit={submit}
      onCancel={() => onClose(false)}
      busy={busy}
      failure={failure}
    >
      <Typography sx={{ mb: 2 }}>{translate('cw_case.merge.intro')}</Typography>
      <ReasonField
        label={translate('cw_case.merge.note')}
        help={translate('cw_case.merge.note_help')}
        value={note}
        onChange={setNote}
        tried={tried}
        maxLength={1000}
      />
    </DecisionDialog>
  );
};

/**
 * Supervisors: other records that may be the same person. One of the office's records can be merged
 * into this one (its cases move here, both histories stay); another office's shows only what matched.
 */
export const Duplicates = ({ jobseekerId, reference, onMerged }: { jobseekerId: string; reference: string; onMerged: () => void }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  const candidates = useApiGet<Candidate[]>(`/jobseekers/duplicates?jobseekerId=${jobseekerId}`);
  const [merging, setMerging] = useState<Candidate | null>(null);
  const matched = (c: Candidate) => c.matched.map((m) => translate(`cw_register.duplicates.matched_fields.${m}`, { _: m })).join(', ');
  return (
    <>
      <SectionHeading>{translate('cw_case.merge.heading')}</SectionHeading>
      <Loadable loading={candidates.loading && !candidates.data} error={candidates.error} reload={candidates.reload}>
        {candidates.data?.length ? (
          <Table size="small" aria-label={translate('cw_case.merge.heading')} data-testid="case-duplicates">
            <TableHead>
              <TableRow>
                <TableCell scope="col">{translate('cw_register.duplicates.reference')}</TableCell>
                <TableCell scope="col">{translate('cw_register.duplicates.person')}</TableCell>
                <TableCell scope="col">{translate('cw_register.duplicates.office')}</TableCell>
                <TableCell scope="col">{translate('cw_register.duplicates.matched')}</TableCell>
                <TableCell scope="col">{translate('cw_supervision.moves.action')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {candidates.data.map((c) => (
                <TableRow key={c.reference}>
                  <TableCell component="th" scope="row">
                    {c.reference}
                  </TableCell>
                  <TableCell>
                    {c.id ? `${c.givenName} ${c.familyName}, ${fmt.date(c.dateOfBirth)}` : translate('cw_register.duplicates.other_office')}
                  </TableCell>
                  <TableCell>{c.officeName}</TableCell>
                  <TableCell>{matched(c)}</TableCell>
                  <TableCell>
                    {c.id ? (
                      <Button
                        size="small"
                        onClick={() => setMerging(c)}
                        aria-label={translate('cw_case.merge.open_label', { duplicate: c.reference })}
                      >
                        {translate('cw_case.merge.open')}
                      </Button>
                    ) : (
                      translate('cw_case.merge.other_office')
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <Typography>{translate('cw_case.merge.none')}</Typography>
        )}
      </Loadable>
      {merging && (
        <MergeDialog
          keptId={jobseekerId}
          keptReference={reference}
          duplicate={merging}
          onClose={(merged) => {
            setMerging(null);
            if (merged) {
              candidates.reload();
              onMerged();
            }
          }}
        />
      )}
    </>
  );
};
