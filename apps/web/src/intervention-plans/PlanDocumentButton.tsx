import { useState } from 'react';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useNotify, useTranslate } from 'react-admin';
import { errorKey } from '../common/api';
import { saveBlob } from '../common/download';
import { apiFetchBlob } from '../providers/session';
import { filenameFrom, type Plan } from './model';

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
