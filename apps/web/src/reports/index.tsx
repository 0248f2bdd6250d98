import InsightsIcon from '@mui/icons-material/Insights';
import { Route } from 'react-router-dom';
import { guard } from '../common/guard';
import { EquityView } from './EquityView';
import { ReportsDashboard } from './ReportsDashboard';
import { TeamDashboard } from './TeamDashboard';

const GuardedEquity = guard('list', EquityView);
const GuardedTeam = guard('list', TeamDashboard);

/**
 * Reports (resource `reports`, read by supervisors for their office and managers for their region):
 * the dashboard at /reports, the team dashboard at /reports/team and the equity view at /reports/equity.
 */
export const reports = {
  name: 'reports',
  list: guard('list', ReportsDashboard),
  icon: InsightsIcon,
  children: [<Route key="team" path="team" element={<GuardedTeam />} />, <Route key="equity" path="equity" element={<GuardedEquity />} />],
};
