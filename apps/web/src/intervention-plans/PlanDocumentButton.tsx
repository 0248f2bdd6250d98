import { useState } from 'react';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useNotify, useTranslate } from 'react-admin';
import { errorKey } from '../common/api';
import { apiFetchBlob } from '../providers/session';
import { filenameFrom, type Plan } from './model';

/** Saves a Blob under a name: a link to a blob: address (no token, no personal data in it), clicked once. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the link; the address is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The jobseeker's copy of an agreed or completed plan (a PDF in their language), fetched with the
 * session's bearer token like any other request and saved under the name the API gives.
 */
export const PlanDocumentButton = ({ plan }: { plan: Pick<Plan, 'id' | 'caseReference'> }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const { blob, headers } = await apiFetchBlob(`/intervention-plans/${plan.id}/document`, 'application/pdf');
      saveBlob(blob, filenameFrom(headers.get('Content-Disposition'), `plan-${plan.caseReference}.pdf`));
      notify('cw_plan.document.done', { type: 'success' });
    } catch (error) {
      notify(errorKey(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="outlined" startIcon={<DownloadIcon />} onClick={download} disabled={busy}>
      {translate('cw_plan.document.download')}
    </Button>
  );
};
