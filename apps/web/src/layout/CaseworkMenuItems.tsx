import { Menu as RaMenu } from 'react-admin';
import AssignmentIcon from '@mui/icons-material/Assignment';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import FolderSharedIcon from '@mui/icons-material/FolderShared';
import { can, type Role } from '@casework/contracts';

/** Casework tools, by role: front desk queue and registration, case workers' caseload. */
export const CaseworkMenuItems = ({ role }: { role: Role | undefined }) => (
  <>
    {role === 'front_desk' && can(role, 'work-items', 'read') && (
      <RaMenu.Item to="/work-items" primaryText="cw_menu.queue" leftIcon={<AssignmentIcon />} />
    )}
    {can(role, 'jobseekers', 'create') && (
      <RaMenu.Item to="/jobseekers/create" primaryText="cw_menu.register" leftIcon={<PersonAddIcon />} />
    )}
    {(role === 'counsellor' || role === 'specialist') && can(role, 'cases', 'read') && (
      <RaMenu.Item to="/my-caseload" primaryText="cw_menu.caseload" leftIcon={<FolderSharedIcon />} />
    )}
  </>
);
