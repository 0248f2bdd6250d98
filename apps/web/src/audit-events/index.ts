import HistoryIcon from '@mui/icons-material/History';
import { AuditEventList } from './AuditEventList';
import { guard } from '../common/guard';

export const auditEvents = {
  name: 'audit-events',
  list: guard('list', AuditEventList),
  icon: HistoryIcon,
};
