import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useTranslate } from 'react-admin';

interface Props {
  /** The password to show; the dialog is open while it is set. It lives only in the caller's state. */
  password: string | null;
  /** Sentence above the password, already translated. */
  intro: string;
  onClose: () => void;
}

/** Shows a one-time password once, with a copy button. Nothing is stored. */
export const OneTimePasswordDialog = ({ password, intro, onClose }: Props) => {
  const translate = useTranslate();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!password) return;
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
    } catch {
      // No clipboard access (insecure context or denied): the field stays selectable by hand.
    }
  };
  const close = () => {
    setCopied(false);
    onClose();
  };
  return (
    <Dialog open={password !== null} onClose={close} aria-labelledby="otp-title" aria-describedby="otp-intro">
      <DialogTitle id="otp-title">{translate('resources.users.one_time_password.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText id="otp-intro">{intro}</DialogContentText>
        <TextField
          id="one-time-password"
          label={translate('resources.users.one_time_password.label')}
          value={password ?? ''}
          slotProps={{ htmlInput: { readOnly: true, spellCheck: false, style: { fontFamily: 'monospace', fontSize: '1.2rem' } } }}
          onFocus={(e) => e.target.select()}
          margin="normal"
        />
        <Alert severity="warning" sx={{ mt: 1 }}>
          {translate('resources.users.one_time_password.instructions')}
        </Alert>
      </DialogContent>
      <DialogActions>
        <Button onClick={copy} startIcon={<ContentCopyIcon />}>
          {translate(copied ? 'resources.users.one_time_password.copied' : 'resources.users.one_time_password.copy')}
        </Button>
        <Button onClick={close} variant="contained">
          {translate('resources.users.one_time_password.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
