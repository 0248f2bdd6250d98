import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  FormControl,
  FormControlLabel,
  FormLabel,
  Paper,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@mui/material';
import LockIcon from '@mui/icons-material/Lock';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { can } from '@casework/contracts';
import { errorText, listPath, postJson } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { useCurrentUser } from '../common/useCurrentUser';
import { Loadable, SectionHeading, useFormat } from './parts';
import type { CaseRecord } from './types';

interface Note {
  id: string;
  authorName: string;
  body: string;
  visibility: 'case_team' | 'restricted';
  createdAt: string;
}

const PAGE = 20;

const NoteForm = ({ record, onSaved }: { record: CaseRecord; onSaved: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<Note['visibility']>('case_team');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const empty = body.trim().length === 0;
  const save = async () => {
    setTried(true);
    if (empty) return;
    setBusy(true);
    try {
      await postJson('/case-notes', { caseId: record.id, body: body.trim(), visibility });
      notify('cw_case.notes.saved', { type: 'success' });
      setBody('');
      setTried(false);
      onSaved();
    } catch (error) {
      notify(errorText(error, translate, 'cw_case.rules'), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box component="form" onSubmit={(e) => (e.preventDefault(), void save())} sx={{ mb: 3 }}>
      <SectionHeading>{translate('cw_case.notes.add_heading')}</SectionHeading>
      <TextField
        fullWidth
        required
        multiline
        minRows={3}
        label={translate('cw_case.notes.body')}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={tried && empty}
        helperText={translate(tried && empty ? 'cw_case.notes.required' : 'cw_case.notes.body_help')}
        slotProps={{ htmlInput: { maxLength: 20000 } }}
      />
      <FormControl component="fieldset" sx={{ mt: 1 }}>
        <FormLabel component="legend">{translate('cw_case.notes.visibility')}</FormLabel>
        <RadioGroup value={visibility} onChange={(e) => setVisibility(e.target.value as Note['visibility'])}>
          {(['case_team', 'restricted'] as const).map((v) => (
            <FormControlLabel key={v} value={v} control={<Radio />} label={translate(`cw_case.notes.visibilities.${v}`)} />
          ))}
        </RadioGroup>
      </FormControl>
      <Box>
        <Button type="submit" variant="contained" disabled={busy}>
          {translate('cw_case.notes.save')}
        </Button>
      </Box>
    </Box>
  );
};

/** The case's notes the user may read, newest first, and the case worker's form to add one. */
export const NotesTab = () => {
  const translate = useTranslate();
  const fmt = useFormat();
  const me = useCurrentUser();
  const record = useRecordContext<CaseRecord>();
  const [shown, setShown] = useState(PAGE);
  const notes = useApiGet<Note[]>(
    record ? listPath('/case-notes', { filter: { caseId: record.id }, sort: ['createdAt', 'DESC'], range: [0, shown - 1] }) : null,
  );
  if (!record) return null;
  const mayWrite = can(me?.role, 'case-notes', 'create') && record.status !== 'closed';
  return (
    <Box sx={{ maxWidth: 960 }}>
      {mayWrite ? (
        <NoteForm record={record} onSaved={notes.reload} />
      ) : (
        <Typography variant="body2" sx={{ mb: 2 }}>
          {translate('cw_case.notes.read_only')}
        </Typography>
      )}
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {translate('cw_case.notes.heading')}
      </Typography>
      <Loadable loading={notes.loading && !notes.data} error={notes.error} reload={notes.reload}>
        {notes.data?.length ? (
          <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 1 }} data-testid="case-notes">
            {notes.data.map((n) => (
              <Paper component="li" key={n.id} variant="outlined" sx={{ p: 2 }}>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
                  <Typography variant="body2" sx={{ fontWeight: 500 }}>
                    {translate('cw_case.notes.by', { name: n.authorName, date: fmt.dateTime(n.createdAt) })}
                  </Typography>
                  <Chip
                    size="small"
                    variant="outlined"
                    icon={n.visibility === 'restricted' ? <LockIcon fontSize="small" /> : undefined}
                    label={translate(`cw_case.notes.visibility_short.${n.visibility}`)}
                  />
                </Box>
                <Typography sx={{ whiteSpace: 'pre-wrap' }}>{n.body}</Typography>
              </Paper>
            ))}
          </Box>
        ) : (
          <Alert severity="info">{translate('cw_case.notes.none')}</Alert>
        )}
        {(notes.total ?? 0) > (notes.data?.length ?? 0) && (
          <Button sx={{ mt: 1 }} onClick={() => setShown((n) => n + PAGE)}>
            {translate('cw_case.notes.more')}
          </Button>
        )}
      </Loadable>
    </Box>
  );
};
