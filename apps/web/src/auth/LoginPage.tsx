import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { LocalesMenuButton, useLogin, useTranslate } from 'react-admin';
import { ApiRequestError } from '../providers/session';
import { useDocumentLang } from '../layout/useDocumentLang';

/** The sign-in page: plain labelled fields, usable by keyboard alone, errors announced. */
export const LoginPage = () => {
  const translate = useTranslate();
  const login = useLogin();
  useDocumentLang();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await login({ email: email.trim(), password });
    } catch (e) {
      setError(describe(e, translate));
      setSubmitting(false);
    }
  };

  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'background.default', p: 2 }}
    >
      <Card sx={{ width: '100%', maxWidth: 420 }}>
        <CardContent>
          <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
            <LocalesMenuButton />
          </Box>
          <Typography variant="h1" gutterBottom>
            {translate('login.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('login.intro')}
          </Typography>
          <form onSubmit={submit} noValidate>
            {error && (
              <Alert severity="error" role="alert" sx={{ mb: 2 }}>
                {error}
              </Alert>
            )}
            <TextField
              id="login-email"
              label={translate('login.email')}
              type="email"
              name="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              autoFocus
              margin="normal"
            />
            <TextField
              id="login-password"
              label={translate('login.password')}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              margin="normal"
            />
            <Button type="submit" variant="contained" fullWidth disabled={submitting} sx={{ mt: 2 }}>
              {translate(submitting ? 'login.submitting' : 'login.submit')}
            </Button>
          </form>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            {translate('login.help')}
          </Typography>
        </CardContent>
      </Card>
    </Box>
  );
};

/** A translated sentence for a failed sign-in; never the server's raw text. */
function describe(error: unknown, translate: (key: string, options?: object) => string): string {
  if (!(error instanceof ApiRequestError)) return translate('errors.SERVICE_UNAVAILABLE');
  const message = translate(`errors.${error.code}`, { _: translate('errors.INTERNAL_ERROR') });
  const retryAfter = Number(error.headers?.get('Retry-After'));
  if (error.code === 'TOO_MANY_ATTEMPTS' && retryAfter > 0) {
    return `${message} ${translate('login.retry_after', { minutes: Math.ceil(retryAfter / 60) })}`;
  }
  // A malformed email gets the same generic message: the form must not hint which part was wrong.
  if (error.code === 'VALIDATION_FAILED') return translate('errors.INVALID_CREDENTIALS');
  return message;
}
