import HistoryIcon from '@mui/icons-material/History';
import { AuditEventList } from './AuditEventList';

export const auditEvents = {
  name: 'audit-events',
  list: AuditEventList,
  icon: HistoryIcon,
};
