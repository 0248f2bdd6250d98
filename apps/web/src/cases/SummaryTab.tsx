import { useState } from 'react';
import { Alert, Box, Button, Chip, MenuItem, TextField, Typography } from '@mui/material';
import { useGetMany, useGetOne, useNotify, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { CASE_TRANSITIONS, CLOSE_REASONS, can, type CloseReason, type SensitiveJobseekerField } from '@casework/contracts';
import { apiFetch } from '../providers/session';
import { errorText } from '../common/api';
import { useCurrentUser } from '../common/useCurrentUser';
import { DecisionDialog, Facts, Loadable, SectionHeading, useFormat } from './parts';
import { TransferDialog } from './TransferDialog';
import { Duplicates } from './Duplicates';
import type { CaseRecord } from './types';

type Jobseeker = {
  id: string;
  reference: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  gender: string | null;
  email: string | null;
  phone: string | null;
  addressLine: string | null;
  postcode: string | null;
  municipality: string | null;
  rural: boolean;
  preferredLanguage: string;
  preferredChannel: string;
  digitalSkills: string;
  educationLevel: number;
  lastOccupation: string | null;
  unemployedSince: string | null;
  careerBreak: boolean;
  consentDataSharing: boolean;
  consentExpiresOn: string | null;
  nationalId?: string | null;
  disability?: boolean;
  accommodations?: string | null;
  interpreterNeeded?: boolean;
  interpreterLanguage?: string | null;
  migrantStatus?: string;
  sensitiveSet?: Record<SensitiveJobseekerField, boolean>;
};

/** PATCH /api/cases/:id with the version read; the page reloads the case afterwards. */
async function patchCase(record: CaseRecord, body: Record<string, unknown>) {
  await apiFetch(`/cases/${record.id}`, { method: 'PATCH', body: JSON.stringify({ ...body, version: record.version }) });
}

const CloseDialog = ({ record, onClose }: { record: CaseRecord; onClose: (changed: boolean) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [reason, setReason] = useState<CloseReason | ''>('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setTried(true);
    if (!reason) return;
    setBusy(true);
    try {
      await patchCase(record, { status: 'closed', closeReason: reason, ...(note.trim() ? { closeNote: note.trim() } : {}) });
      notify('cw_case.status_actions.done', { type: 'success' });
      onClose(true);
    } catch (error) {
      notify(errorText(error, translate, 'cw_case.rules'), { type: 'error' });
      setBusy(false);
    }
  };
  return (
    <DecisionDialog
      id="close-case-title"
      title={translate('cw_case.status_actions.close_title', { reference: record.reference })}
      submitLabel={translate('cw_case.status_actions.confirm_close')}
      onSubmit={submit}
      onCancel={() => onClose(false)}
      busy={busy}
      danger
    >
      <Typography sx={{ mb: 2 }}>{translate('cw_case.status_actions.close_intro')}</Typography>
      <TextField
        select
        fullWidth
        required
        label={translate('cw_case.status_actions.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value as CloseReason)}
        error={tried && !reason}
        helperText={tried && !reason ? translate('cw_case.status_actions.reason_required') : ' '}
      >
        {CLOSE_REASONS.map((r) => (
          <MenuItem key={r} value={r}>
            {translate(`cw_case.close_reasons.${r}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        fullWidth
        multiline
        minRows={2}
        label={translate('cw_case.status_actions.note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        slotProps={{ htmlInput: { maxLength: 2000 } }}
      />
    </DecisionDialog>
  );
};

/** Hold, resume, close and the next review date, for whoever may update the case. */
const StatusActions = ({ record }: { record: CaseRecord }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const { refetch } = useShowContext();
  const me = useCurrentUser();
  const [closing, setClosing] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [review, setReview] = useState(record.nextReviewDue ?? '');
  const [busy, setBusy] = useState(false);
  const next = CASE_TRANSITIONS[record.status];
  const run = async (body: Record<string, unknown>, done: string) => {
    setBusy(true);
    try {
      await patchCase(record, body);
      notify(done, { type: 'success' });
      await refetch();
    } catch (error) {
      notify(errorText(error, translate, 'cw_case.rules'), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  if (record.status === 'closed') return null;
  return (
    <>
      <SectionHeading>{translate('cw_case.status_actions.heading')}</SectionHeading>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
        {record.status === 'active' && next.includes('on_hold') && (
          <Button variant="outlined" disabled={busy} onClick={() => run({ status: 'on_hold' }, 'cw_case.status_actions.done')}>
            {translate('cw_case.status_actions.hold')}
          </Button>
        )}
        {record.status === 'on_hold' && (
          <Button variant="outlined" disabled={busy} onClick={() => run({ status: 'active' }, 'cw_case.status_actions.done')}>
            {translate('cw_case.status_actions.resume')}
          </Button>
        )}
        <Button variant="outlined" color="error" disabled={busy} onClick={() => setClosing(true)}>
          {translate('cw_case.status_actions.close')}
        </Button>
        {can(me?.role, 'cases', 'transfer') && (
          <Button variant="outlined" disabled={busy} onClick={() => setTransferring(true)}>
            {translate('cw_case.transfer.open')}
          </Button>
        )}
        {(record.status === 'active' || record.status === 'on_hold') && (
          <>
            <TextField
              type="date"
              size="small"
              label={translate('cw_case.status_actions.review_date')}
              value={review}
              onChange={(e) => setReview(e.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
              sx={{ ml: { sm: 2 }, width: '14rem' }}
            />
            <Button
              disabled={busy || !review || review === record.nextReviewDue}
              onClick={() => run({ nextReviewDue: review }, 'cw_case.status_actions.review_saved')}
            >
              {translate('cw_case.status_actions.save_review')}
            </Button>
          </>
        )}
      </Box>
      {transferring && (
        <TransferDialog
          record={record}
          onClose={(changed) => {
            setTransferring(false);
            if (changed) void refetch();
          }}
        />
      )}
      {closing && (
        <CloseDialog
          record={record}
          onClose={(changed) => {
            setClosing(false);
            if (changed) void refetch();
          }}
        />
      )}
    </>
  );
};

const Sensitive = ({ person }: { person: Jobseeker }) => {
  const translate = useTranslate();
  const yesNo = (v: boolean | undefined) => translate(v ? 'cw_case.yes' : 'cw_case.no');
  if (person.sensitiveSet) {
    const flag = (f: SensitiveJobseekerField) =>
      translate(person.sensitiveSet![f] ? 'cw_case.person.recorded' : 'cw_case.person.not_recorded');
    return (
      <>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {translate('cw_case.person.sensitive_hidden')}
        </Typography>
        <Facts
          testId="case-sensitive-flags"
          items={[
            [translate('cw_case.person.nationalId'), flag('nationalId')],
            [translate('cw_case.person.disability'), flag('disability')],
            [translate('cw_case.person.accommodations'), flag('accommodations')],
            [translate('cw_case.person.interpreter'), flag('interpreterNeeded')],
            [translate('cw_case.person.migrantStatus'), flag('migrantStatus')],
          ]}
        />
      </>
    );
  }
  return (
    <>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate('cw_case.person.sensitive_note')}
      </Typography>
      <Facts
        testId="case-sensitive"
        items={[
          [translate('cw_case.person.nationalId'), person.nationalId || translate('cw_case.not_set')],
          [translate('cw_case.person.disability'), yesNo(person.disability)],
          !!person.disability && [translate('cw_case.person.accommodations'), person.accommodations || translate('cw_case.not_set')],
          [
            translate('cw_case.person.interpreter'),
            person.interpreterNeeded ? `${translate('cw_case.yes')} (${person.interpreterLanguage ?? '?'})` : translate('cw_case.no'),
          ],
          [translate('cw_case.person.migrantStatus'), translate(`cw_register.migrant_statuses.${person.migrantStatus ?? 'none'}`)],
        ]}
      />
    </>
  );
};

/** An ISCO-08 unit group with its title. */
const Occupation = ({ code }: { code: string }) => {
  const { data } = useGetMany<{ id: string; title: string }>('occupations', { ids: [code] });
  return <>{data?.[0] ? `${data[0].title} (ISCO ${code})` : `ISCO ${code}`}</>;
};

const Person = ({ jobseekerId, mayMerge, onMerged }: { jobseekerId: string; mayMerge: boolean; onMerged: () => void }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  const { data: person, isPending, error, refetch } = useGetOne<Jobseeker>('jobseekers', { id: jobseekerId });
  const today = new Date().toISOString().slice(0, 10);
  const consent = (p: Jobseeker) => {
    if (!p.consentDataSharing) return translate('cw_case.no');
    if (p.consentExpiresOn && p.consentExpiresOn < today)
      return translate('cw_case.person.consent_expired', { date: fmt.date(p.consentExpiresOn) });
    return translate('cw_case.person.consent_until', { date: fmt.date(p.consentExpiresOn) });
  };
  return (
    <Loadable loading={isPending} error={error} reload={() => void refetch()}>
      {person && (
        <>
          <Facts
            testId="case-person"
            items={[
              [translate('cw_case.person.name'), `${person.givenName} ${person.familyName}`],
              [translate('cw_case.person.reference'), person.reference],
              [translate('cw_case.person.dateOfBirth'), fmt.date(person.dateOfBirth)],
              !!person.gender && [translate('cw_case.person.gender'), person.gender],
              [
                translate('cw_case.person.contact'),
                [person.email, person.phone].filter(Boolean).join(' · ') || translate('cw_case.not_set'),
              ],
              [
                translate('cw_case.person.address'),
                [person.addressLine, [person.postcode, person.municipality].filter(Boolean).join(' ')].filter(Boolean).join(', ') ||
                  translate('cw_case.not_set'),
              ],
              [translate('cw_case.person.rural'), translate(person.rural ? 'cw_case.yes' : 'cw_case.no')],
              [
                translate('cw_case.person.preferredLanguage'),
                translate(`languages.${person.preferredLanguage}`, { _: person.preferredLanguage.toUpperCase() }),
              ],
              [translate('cw_case.person.preferredChannel'), translate(`cw_register.channels.${person.preferredChannel}`)],
              [translate('cw_case.person.digitalSkills'), translate(`cw_register.digital_skills.${person.digitalSkills}`)],
              [translate('cw_case.person.educationLevel'), translate(`cw_register.education.${person.educationLevel}`)],
              [
                translate('cw_case.person.lastOccupation'),
                person.lastOccupation ? <Occupation code={person.lastOccupation} /> : translate('cw_case.not_set'),
              ],
              [translate('cw_case.person.unemployedSince'), fmt.date(person.unemployedSince)],
              [translate('cw_case.person.careerBreak'), translate(person.careerBreak ? 'cw_case.yes' : 'cw_case.no')],
              [translate('cw_case.person.consent'), consent(person)],
            ]}
          />
          <SectionHeading>{translate('cw_case.person.sensitive_heading')}</SectionHeading>
          <Sensitive person={person} />
          {mayMerge && <Duplicates jobseekerId={person.id} reference={person.reference} onMerged={onMerged} />}
        </>
      )}
    </Loadable>
  );
};

export const SummaryTab = () => {
  const translate = useTranslate();
  const fmt = useFormat();
  const me = useCurrentUser();
  const record = useRecordContext<CaseRecord>();
  const { refetch } = useShowContext();
  if (!record) return null;
  const summaryOnly = record.version === undefined;
  const mayUpdate = can(me?.role, 'cases', 'update') && !summaryOnly;
  const groups = record.priorityGroups ?? [];
  return (
    <Box sx={{ maxWidth: 960 }}>
      {summaryOnly && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('cw_case.summary_view')}
        </Alert>
      )}
      {record.needsAssignment && record.status !== 'closed' && (
        <Alert
          severity="warning"
          sx={{ mb: 2 }}
          action={
            can(me?.role, 'cases', 'assign') && (
              <Button color="inherit" size="small" component={Link} to={`/cases/${record.id}/show/triage`}>
                {translate(record.trackDecision ? 'cw_case.triage.assign' : 'cw_case.triage.confirm_assign')}
              </Button>
            )
          }
        >
          {translate('cw_case.needs_assignment')}
        </Alert>
      )}
      <Facts
        testId="case-summary"
        items={[
          [translate('cw_case.fields.reference'), record.reference],
          [translate('cw_case.fields.status'), translate(`cw_case_statuses.${record.status}`)],
          !summaryOnly && [translate('cw_case.fields.track'), record.track ? translate(`cw_tracks.${record.track}`) : '—'],
          !summaryOnly && [
            translate('cw_case.fields.recommendedTrack'),
            record.recommendedTrack ? translate(`cw_tracks.${record.recommendedTrack}`) : '—',
          ],
          !summaryOnly && [translate('cw_case.fields.trackDecision'), translate(`cw_case.decisions.${record.trackDecision ?? 'pending'}`)],
          !summaryOnly && [translate('cw_case.fields.assignee'), record.assigneeName ?? translate('cw_case.unassigned')],
          [translate('cw_case.fields.openedAt'), fmt.dateTime(record.openedAt)],
          [translate('cw_case.fields.firstInterviewDue'), fmt.date(record.firstInterviewDue)],
          !summaryOnly && [translate('cw_case.fields.nextReviewDue'), fmt.date(record.nextReviewDue)],
          !summaryOnly && [
            translate('cw_case.fields.priorityGroups'),
            groups.length ? (
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
                {groups.map((g) => (
                  <Chip key={g} size="small" label={translate(`cw_case.priority_groups.${g}`)} />
                ))}
              </Box>
            ) : (
              translate('cw_case.none')
            ),
          ],
          record.status === 'closed' && [translate('cw_case.fields.closedAt'), fmt.dateTime(record.closedAt)],
          record.status === 'closed' &&
            !!record.closeReason && [translate('cw_case.fields.closeReason'), translate(`cw_case.close_reasons.${record.closeReason}`)],
        ]}
      />
      {mayUpdate && <StatusActions key={record.version} record={record} />}
      <SectionHeading>{translate('cw_case.person.heading')}</SectionHeading>
      <Person jobseekerId={record.jobseekerId} mayMerge={can(me?.role, 'jobseekers', 'merge')} onMerged={() => void refetch()} />
    </Box>
  );
};
