import { useState } from 'react';
import LockResetIcon from '@mui/icons-material/LockReset';
import { Button, Confirm, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate, type HttpError } from 'react-admin';
import type { UserDto } from '@casework/contracts';
import type { CaseworkDataProvider } from '../providers/dataProvider';
import { OneTimePasswordDialog } from '../common/OneTimePasswordDialog';

/** Issues a new one-time password after confirmation and shows it once. */
export const ResetPasswordButton = () => {
  const record = useRecordContext<UserDto & { id: string }>();
  const dataProvider = useDataProvider<CaseworkDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  if (!record) return null;

  const reset = async () => {
    setBusy(true);
    try {
      const result = (await dataProvider.post(`/users/${encodeURIComponent(record.id)}/reset-password`)) as { oneTimePassword: string };
      setPassword(result.oneTimePassword);
      // The reset bumped the record's version: reload it so the next save is not stale.
      refresh();
    } catch (error) {
      notify((error as HttpError).message, { type: 'error' });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <>
      <Button label="resources.users.reset_password.button" onClick={() => setConfirming(true)} disabled={!record.active}>
        <LockResetIcon />
      </Button>
      <Confirm
        isOpen={confirming}
        loading={busy}
        title={translate('resources.users.reset_password.title', { name: record.fullName })}
        content="resources.users.reset_password.content"
        onConfirm={reset}
        onClose={() => setConfirming(false)}
      />
      <OneTimePasswordDialog
        password={password}
        intro={translate('resources.users.one_time_password.reset', { name: record.fullName })}
        onClose={() => setPassword(null)}
      />
    </>
  );
};
