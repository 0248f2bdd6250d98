import { useState } from 'react';
import { Alert, Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { Title, useNotify, useTranslate } from 'react-admin';
import { errorText, postJson } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { apiFetch } from '../providers/session';
import { Loadable, useFormat } from '../cases/parts';

interface FeedStatus {
  active: boolean;
  createdAt: string | null;
  lastUsedAt: string | null;
}

/**
 * Subscribing to one's own appointments from an outside calendar. The secret address is shown
 * once, when made; making a new one stops the old one; revoking stops it altogether. The feed
 * carries case references, purposes, channels and places, never a client's name or contact details.
 */
export const CalendarFeedPage = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const format = useFormat();
  const status = useApiGet<FeedStatus>('/calendar-feed');
  const [url, setUrl] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (what: 'rotate' | 'revoke') => {
    setBusy(true);
    setFailure(null);
    try {
      if (what === 'rotate') {
        const { json } = await postJson<{ url: string; path: string }>('/calendar-feed');
        setUrl(json.url && /^https?:/.test(json.url) ? json.url : `${window.location.origin}${json.path}`);
        notify('cw_appointments.feed.created', { type: 'success' });
      } else {
        await apiFetch('/calendar-feed', { method: 'DELETE' });
        setUrl(null);
        notify('cw_appointments.feed.revoked', { type: 'success' });
      }
      status.reload();
    } catch (e) {
      setFailure(errorText(e, translate, 'cw_appointments.rules'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card sx={{ mt: 2, maxWidth: 760 }}>
      <Title title={translate('cw_appointments.feed.title')} />
      <CardContent>
        <Typography sx={{ mb: 2 }}>{translate('cw_appointments.feed.explain')}</Typography>
        <Loadable loading={status.loading && !status.data} error={status.error} reload={status.reload}>
          <Typography sx={{ mb: 2 }} data-testid="feed-status">
            {status.data?.active
              ? translate('cw_appointments.feed.active', {
                  created: format.dateTime(status.data.createdAt),
                  used: status.data.lastUsedAt ? format.dateTime(status.data.lastUsedAt) : translate('cw_appointments.feed.never'),
                })
              : translate('cw_appointments.feed.inactive')}
          </Typography>
        </Loadable>
        {url && (
          <Box sx={{ mb: 2 }}>
            <Alert severity="warning" sx={{ mb: 1 }}>
              {translate('cw_appointments.feed.once')}
            </Alert>
            <TextField
              fullWidth
              label={translate('cw_appointments.feed.address')}
              value={url}
              slotProps={{ htmlInput: { readOnly: true, 'data-testid': 'feed-url' } }}
              onFocus={(e) => e.target.select()}
            />
            <Button sx={{ mt: 1 }} onClick={() => navigator.clipboard?.writeText(url).then(() => notify('cw_appointments.feed.copied'))}>
              {translate('cw_appointments.feed.copy')}
            </Button>
          </Box>
        )}
        {failure && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {failure}
          </Alert>
        )}
        <Box sx={{ display: 'flex', gap: 1 }}>
          <Button variant="contained" disabled={busy} onClick={() => act('rotate')}>
            {translate(status.data?.active ? 'cw_appointments.feed.rotate' : 'cw_appointments.feed.create')}
          </Button>
          {status.data?.active && (
            <Button color="error" disabled={busy} onClick={() => act('revoke')}>
              {translate('cw_appointments.feed.revoke')}
            </Button>
          )}
        </Box>
      </CardContent>
    </Card>
  );
};
