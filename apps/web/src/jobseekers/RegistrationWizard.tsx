import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useFormContext } from 'react-hook-form';
import {
  AutocompleteInput,
  BooleanInput,
  DateInput,
  Form,
  FormDataConsumer,
  ReferenceInput,
  SelectInput,
  TextInput,
  Title,
  required,
  useNotify,
  useTranslate,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { CHANNELS, DIGITAL_SKILLS, EDUCATION_LEVELS, MIGRANT_STATUSES } from '@casework/contracts';
import { errorBody, errorCode, errorKey, postJson } from '../common/api';

const STEPS = ['identity', 'situation', 'needs', 'consent'] as const;
const STEP_FIELDS: Record<(typeof STEPS)[number], string[]> = {
  identity: [
    'givenName',
    'familyName',
    'dateOfBirth',
    'gender',
    'email',
    'phone',
    'addressLine',
    'postcode',
    'municipality',
    'preferredLanguage',
    'preferredChannel',
  ],
  situation: ['digitalSkills', 'educationLevel', 'lastOccupation', 'unemployedSince', 'careerBreak', 'rural'],
  needs: ['nationalId', 'disability', 'accommodations', 'interpreterNeeded', 'interpreterLanguage', 'migrantStatus'],
  consent: ['consentDataSharing', 'consentExpiresOn'],
};

type Candidate = {
  id?: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  reference: string;
  officeName: string;
  score: number;
  matched: string[];
};

type Created = {
  jobseeker: { givenName: string; familyName: string };
  case: { id: string; reference: string; status: string };
  triage: {
    score: number;
    recommendedTrack: string;
    priorityGroups: string[];
    factors: Array<{ factor: string; points: number; reason: string }>;
  };
};

const f = (name: string) => `cw_register.fields.${name}`;

/** Drops empty values: the API wants optional fields absent, not blank. */
function clean(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === '' || value === null || value === undefined) continue;
    if (value instanceof Date) out[key] = value.toISOString().slice(0, 10);
    else out[key] = value;
  }
  if (!out.consentDataSharing) delete out.consentExpiresOn;
  return out;
}

const IdentityStep = () => (
  <>
    <TextInput source="givenName" label={f('givenName')} validate={required()} />
    <TextInput source="familyName" label={f('familyName')} validate={required()} />
    <DateInput source="dateOfBirth" label={f('dateOfBirth')} validate={required()} />
    <TextInput source="gender" label={f('gender')} />
    <TextInput source="email" label={f('email')} type="email" />
    <TextInput source="phone" label={f('phone')} type="tel" />
    <TextInput source="addressLine" label={f('addressLine')} />
    <TextInput source="postcode" label={f('postcode')} />
    <TextInput source="municipality" label={f('municipality')} />
    <TextInput source="preferredLanguage" label={f('preferredLanguage')} helperText="cw_register.helpers.preferredLanguage" />
    <SelectInput
      source="preferredChannel"
      label={f('preferredChannel')}
      choices={CHANNELS.map((id) => ({ id, name: `cw_register.channels.${id}` }))}
    />
  </>
);

const SituationStep = () => (
  <>
    <SelectInput
      source="digitalSkills"
      label={f('digitalSkills')}
      validate={required()}
      choices={DIGITAL_SKILLS.map((id) => ({ id, name: `cw_register.digital_skills.${id}` }))}
    />
    <SelectInput
      source="educationLevel"
      label={f('educationLevel')}
      validate={required()}
      choices={EDUCATION_LEVELS.map((id) => ({ id, name: `cw_register.education.${id}` }))}
    />
    <ReferenceInput source="lastOccupation" reference="occupations" filter={{ level: 4 }} perPage={20}>
      <AutocompleteInput
        label={f('lastOccupation')}
        helperText="cw_register.helpers.lastOccupation"
        optionText={(o: { code: string; title: string }) => `${o.code} ${o.title}`}
        filterToQuery={(q: string) => ({ q })}
      />
    </ReferenceInput>
    <DateInput source="unemployedSince" label={f('unemployedSince')} />
    <BooleanInput source="careerBreak" label={f('careerBreak')} />
    <BooleanInput source="rural" label={f('rural')} />
  </>
);

const NeedsStep = () => {
  const translate = useTranslate();
  return (
    <>
      <Alert severity="info" sx={{ mb: 2 }}>
        {translate('cw_register.sensitive_note')}
      </Alert>
      <TextInput source="nationalId" label={f('nationalId')} />
      <BooleanInput source="disability" label={f('disability')} />
      <TextInput source="accommodations" label={f('accommodations')} multiline />
      <BooleanInput source="interpreterNeeded" label={f('interpreterNeeded')} />
      <FormDataConsumer>
        {({ formData }) => formData.interpreterNeeded && <TextInput source="interpreterLanguage" label={f('interpreterLanguage')} />}
      </FormDataConsumer>
      <SelectInput
        source="migrantStatus"
        label={f('migrantStatus')}
        choices={MIGRANT_STATUSES.map((id) => ({ id, name: `cw_register.migrant_statuses.${id}` }))}
      />
    </>
  );
};

const ConsentStep = () => {
  const translate = useTranslate();
  return (
    <>
      <Alert severity="info" sx={{ mb: 2 }}>
        {translate('cw_register.consent_note')}
      </Alert>
      <BooleanInput source="consentDataSharing" label={f('consentDataSharing')} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.consentDataSharing && (
            <DateInput
              source="consentExpiresOn"
              label={f('consentExpiresOn')}
              helperText="cw_register.helpers.consentExpiresOn"
              validate={required()}
            />
          )
        }
      </FormDataConsumer>
    </>
  );
};

const Candidates = ({
  candidates,
  confirmed,
  setConfirmed,
  note,
  setNote,
  tried,
}: {
  candidates: Candidate[];
  confirmed: boolean;
  setConfirmed: (v: boolean) => void;
  note: string;
  setNote: (v: string) => void;
  tried: boolean;
}) => {
  const translate = useTranslate();
  const noteInvalid = tried && note.trim().length < 5;
  return (
    <Box component="section" aria-labelledby="duplicates-title" sx={{ mt: 3 }}>
      <Typography id="duplicates-title" variant="h2" sx={{ fontSize: '1.25rem', fontWeight: 500, mb: 1 }}>
        {translate('cw_register.duplicates.title')}
      </Typography>
      <Typography sx={{ mb: 2 }}>{translate('cw_register.duplicates.intro')}</Typography>
      <Table size="small" aria-labelledby="duplicates-title">
        <TableHead>
          <TableRow>
            <TableCell>{translate('cw_register.duplicates.reference')}</TableCell>
            <TableCell>{translate('cw_register.duplicates.person')}</TableCell>
            <TableCell>{translate('cw_register.duplicates.office')}</TableCell>
            <TableCell>{translate('cw_register.duplicates.matched')}</TableCell>
            <TableCell>{translate('cw_register.duplicates.score')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {candidates.map((c) => (
            <TableRow key={c.reference}>
              <TableCell>{c.reference}</TableCell>
              <TableCell>
                {c.id
                  ? `${c.givenName ?? ''} ${c.familyName ?? ''} (${c.dateOfBirth ?? ''})`
                  : translate('cw_register.duplicates.other_office')}
              </TableCell>
              <TableCell>{c.officeName}</TableCell>
              <TableCell>{c.matched.map((m) => translate(`cw_register.duplicates.matched_fields.${m}`, { _: m })).join(', ')}</TableCell>
              <TableCell>{Math.round(c.score * (c.score <= 1 ? 100 : 1))}%</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <FormControlLabel
        sx={{ mt: 2 }}
        control={<Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />}
        label={translate('cw_register.duplicates.confirm')}
      />
      {tried && !confirmed && (
        <Typography color="error" role="alert">
          {translate('cw_register.duplicates.confirm_required')}
        </Typography>
      )}
      {confirmed && (
        <TextField
          fullWidth
          multiline
          required
          id="different-person-note"
          label={translate('cw_register.duplicates.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={noteInvalid}
          helperText={translate(noteInvalid ? 'cw_register.duplicates.note_required' : 'cw_register.duplicates.note_help')}
          sx={{ mt: 1 }}
        />
      )}
    </Box>
  );
};

const Result = ({ created, onAnother }: { created: Created; onAnother: () => void }) => {
  const translate = useTranslate();
  const { jobseeker, case: kase, triage } = created;
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h2" sx={{ fontSize: '1.5rem', fontWeight: 500, mb: 1 }}>
          {translate('cw_register.result.title')}
        </Typography>
        <Typography data-testid="registration-result" sx={{ mb: 2 }}>
          {translate('cw_register.result.created', { name: `${jobseeker.givenName} ${jobseeker.familyName}`, reference: kase.reference })}
        </Typography>
        <Typography variant="h3" sx={{ fontSize: '1.15rem', fontWeight: 500 }}>
          {translate('cw_register.result.recommendation', { track: translate(`cw_tracks.${triage.recommendedTrack}`) })}
        </Typography>
        <Typography sx={{ mb: 1 }}>{translate('cw_register.result.score', { score: triage.score })}</Typography>
        <Typography variant="h3" sx={{ fontSize: '1.05rem', fontWeight: 500, mt: 2 }}>
          {translate('cw_register.result.reasons')}
        </Typography>
        <Box component="ul" sx={{ mt: 0.5 }}>
          {triage.factors.map((factor) => (
            <li key={factor.factor}>
              {factor.reason} ({translate('cw_register.result.points', { points: factor.points })})
            </li>
          ))}
        </Box>
        <Typography>
          {translate('cw_register.result.priority_groups')}:{' '}
          {triage.priorityGroups.length ? triage.priorityGroups.join(', ') : translate('cw_register.result.none')}
        </Typography>
        <Box sx={{ display: 'flex', gap: 2, mt: 3 }}>
          <Button variant="contained" onClick={onAnother}>
            {translate('cw_register.result.another')}
          </Button>
          <Button component={Link} to="/work-items">
            {translate('cw_register.result.to_queue')}
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
};

const WizardBody = ({ onCreated }: { onCreated: (c: Created) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const { trigger, getValues } = useFormContext();
  const [active, setActive] = useState(0);
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const step = STEPS[active];
  const last = active === STEPS.length - 1;

  const next = async () => {
    if (!(await trigger(STEP_FIELDS[step]))) return;
    setActive((a) => a + 1);
  };

  const submit = async () => {
    if (!(await trigger(STEP_FIELDS[step]))) return;
    const values = clean(getValues());
    setBusy(true);
    try {
      let found = candidates;
      if (found === null) {
        const { json } = await postJson<Candidate[] | { candidates: Candidate[] }>('/jobseekers/duplicates', {
          givenName: values.givenName,
          familyName: values.familyName,
          dateOfBirth: values.dateOfBirth,
          ...(values.nationalId ? { nationalId: values.nationalId } : {}),
        });
        found = Array.isArray(json) ? json : (json?.candidates ?? []);
        setCandidates(found);
        if (found.length) return;
      }
      if (found.length) {
        setTried(true);
        if (!confirmed || note.trim().length < 5) return;
        values.confirmDifferentPerson = { candidateIds: found.filter((c) => c.id).map((c) => c.id), note: note.trim() };
        if (!(values.confirmDifferentPerson as { candidateIds: string[] }).candidateIds.length) delete values.confirmDifferentPerson;
      }
      const { json } = await postJson<Created>('/jobseekers', values);
      onCreated(json);
    } catch (error) {
      if (errorCode(error) === 'POSSIBLE_DUPLICATE') {
        setCandidates(errorBody<{ candidates: Candidate[] }>(error)?.candidates ?? []);
      }
      notify(errorKey(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const name = translate(`cw_register.steps.${step}`);
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Stepper activeStep={active} sx={{ mb: 3 }}>
          {STEPS.map((s) => (
            <Step key={s}>
              <StepLabel>{translate(`cw_register.steps.${s}`)}</StepLabel>
            </Step>
          ))}
        </Stepper>
        <Typography variant="h2" sx={{ fontSize: '1.25rem', fontWeight: 500, mb: 2 }}>
          {translate('cw_register.step_of', { step: active + 1, total: STEPS.length, name })}
        </Typography>
        <Box sx={{ display: 'flex', flexDirection: 'column', maxWidth: 560 }}>
          {step === 'identity' && <IdentityStep />}
          {step === 'situation' && <SituationStep />}
          {step === 'needs' && <NeedsStep />}
          {step === 'consent' && <ConsentStep />}
        </Box>
        {last && candidates && candidates.length > 0 && (
          <Candidates
            candidates={candidates}
            confirmed={confirmed}
            setConfirmed={setConfirmed}
            note={note}
            setNote={setNote}
            tried={tried}
          />
        )}
        {busy && <Typography role="status">{translate('cw_register.checking')}</Typography>}
        <Box sx={{ display: 'flex', gap: 2, mt: 3 }}>
          <Button onClick={() => setActive((a) => a - 1)} disabled={active === 0 || busy}>
            {translate('cw_register.back')}
          </Button>
          {last ? (
            <Button variant="contained" onClick={submit} disabled={busy}>
              {translate('cw_register.submit')}
            </Button>
          ) : (
            <Button variant="contained" onClick={next}>
              {translate('cw_register.next')}
            </Button>
          )}
        </Box>
      </CardContent>
    </Card>
  );
};

/** Front desk: registers a jobseeker in four steps, checking for an existing registration first. */
export const RegistrationWizard = () => {
  const translate = useTranslate();
  const [created, setCreated] = useState<Created | null>(null);
  const [round, setRound] = useState(0);
  return (
    <Box sx={{ mt: 1 }}>
      <Title title={translate('cw_register.title')} />
      {created ? (
        <Result
          created={created}
          onAnother={() => {
            setCreated(null);
            setRound((r) => r + 1);
          }}
        />
      ) : (
        <Form key={round} defaultValues={{ digitalSkills: 'basic' }} noValidate>
          <WizardBody onCreated={setCreated} />
        </Form>
      )}
    </Box>
  );
};
