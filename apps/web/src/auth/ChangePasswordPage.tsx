import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { useNavigate } from 'react-router-dom';
import { useGetIdentity, useLogout, useNotify, useTranslate } from 'react-admin';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@casework/contracts';
import { ApiRequestError, changePassword, getUser, subscribe } from '../providers/session';
import { useDocumentLang } from '../layout/useDocumentLang';

type Field = 'currentPassword' | 'newPassword' | 'confirm';

/**
 * Change-password page. Users signed in with a one-time password are held here
 * (the layout sends them back) until they have chosen their own.
 */
export const ChangePasswordPage = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const logout = useLogout();
  const identity = useGetIdentity();
  const user = useSyncExternalStore(subscribe, getUser);
  useDocumentLang();
  const forced = !!user?.mustChangePassword;
  const [values, setValues] = useState<Record<Field, string>>({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const set = (field: Field) => (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [field]: e.target.value });

  const validate = (): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (!values.currentPassword) found.currentPassword = translate('validation.currentPassword.minLength');
    if (values.newPassword.length < PASSWORD_MIN_LENGTH) found.newPassword = translate('validation.newPassword.minLength');
    else if (values.newPassword.length > PASSWORD_MAX_LENGTH) found.newPassword = translate('validation.newPassword.maxLength');
    if (values.confirm !== values.newPassword) found.confirm = translate('change_password.mismatch');
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    setSubmitting(true);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      // The identity (mustChangePassword) changed: drop what react-admin cached about it.
      await identity.refetch();
      notify('change_password.success', { type: 'success' });
      navigate('/', { replace: true });
    } catch (e) {
      setSubmitting(false);
      if (!(e instanceof ApiRequestError)) {
        setFormError(translate('errors.SERVICE_UNAVAILABLE'));
        return;
      }
      if (e.status === 401) {
        logout();
        return;
      }
      const fieldErrors: Partial<Record<Field, string>> = {};
      for (const { field, rule, message } of e.body?.errors ?? []) {
        if (field === 'currentPassword' || field === 'newPassword') {
          fieldErrors[field] = translate(`validation.${field}.${rule}`, { _: translate(`validation.${rule}`, { _: message }) });
        }
      }
      setErrors(fieldErrors);
      setFormError(translate(`errors.${e.code}`, { _: translate('errors.INTERNAL_ERROR') }));
    }
  };

  const field = (name: Field, label: string, autoComplete: string, helper?: string) => (
    <TextField
      id={`change-password-${name}`}
      name={name}
      label={translate(label)}
      type="password"
      autoComplete={autoComplete}
      value={values[name]}
      onChange={set(name)}
      error={!!errors[name]}
      helperText={errors[name] ?? helper}
      required
      margin="normal"
    />
  );

  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'background.default', p: 2 }}
    >
      <Card sx={{ width: '100%', maxWidth: 480 }}>
        <CardContent>
          <Typography variant="h1" gutterBottom>
            {translate('change_password.title')}
          </Typography>
          <Typography variant="body2" sx={{ mb: 1 }}>
            {translate(forced ? 'change_password.forced_intro' : 'change_password.intro')}
          </Typography>
          <form onSubmit={submit} noValidate>
            {formError && (
              <Alert severity="error" role="alert" sx={{ my: 1 }}>
                {formError}
              </Alert>
            )}
            {field('currentPassword', 'change_password.current', 'current-password')}
            {field('newPassword', 'change_password.new', 'new-password', translate('change_password.rules'))}
            {field('confirm', 'change_password.confirm', 'new-password')}
            <Box sx={{ display: 'flex', gap: 1, mt: 2, justifyContent: 'space-between' }}>
              {forced ? (
                <Button onClick={() => logout()}>{translate('change_password.sign_out')}</Button>
              ) : (
                <Button onClick={() => navigate(-1)}>{translate('change_password.cancel')}</Button>
              )}
              <Button type="submit" variant="contained" disabled={submitting}>
                {translate('change_password.submit')}
              </Button>
            </Box>
          </form>
        </CardContent>
      </Card>
    </Box>
  );
};
