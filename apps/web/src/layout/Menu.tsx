import { useSyncExternalStore } from 'react';
import { Menu as RaMenu } from 'react-admin';
import PeopleIcon from '@mui/icons-material/People';
import BusinessIcon from '@mui/icons-material/Business';
import MapIcon from '@mui/icons-material/Map';
import HistoryIcon from '@mui/icons-material/History';
import { can, type Resource } from '@casework/contracts';
import { getUser, subscribe } from '../providers/session';
import { CaseworkMenuItems } from './CaseworkMenuItems';

const ITEMS: Array<{ resource: Resource; label: string; icon: React.ReactElement }> = [
  { resource: 'users', label: 'menu.users', icon: <PeopleIcon /> },
  { resource: 'offices', label: 'menu.offices', icon: <BusinessIcon /> },
  { resource: 'regions', label: 'menu.regions', icon: <MapIcon /> },
  { resource: 'audit-events', label: 'menu.audit_events', icon: <HistoryIcon /> },
];

/** The menu lists exactly what the access matrix lets the role read. */
export const Menu = () => {
  const user = useSyncExternalStore(subscribe, getUser);
  const role = user?.role;
  return (
    <RaMenu>
      {/* A manager's workspace is the reports dashboard, which has its own entry. */}
      {role !== 'manager' && <RaMenu.DashboardItem primaryText="menu.workspace" />}
      {ITEMS.filter((item) => can(role, item.resource, 'read')).map((item) => (
        <RaMenu.Item
          key={item.resource}
          to={`/${item.resource}`}
          // Staff who are not administrators see their office's staff as colleagues.
          primaryText={item.resource === 'users' && role !== 'admin' ? 'menu.colleagues' : item.label}
          leftIcon={item.icon}
        />
      ))}
      <CaseworkMenuItems role={role} />
    </RaMenu>
  );
};
