import { Menu as RaMenu } from 'react-admin';
import AssignmentIcon from '@mui/icons-material/Assignment';
import { can, type Role } from '@casework/contracts';

/** Casework tools, by role: front desk queue and registration, case workers' caseload. */
export const CaseworkMenuItems = ({ role }: { role: Role | undefined }) => (
  <>
    {role === 'front_desk' && can(role, 'work-items', 'read') && (
      <RaMenu.Item to="/work-items" primaryText="cw_menu.queue" leftIcon={<AssignmentIcon />} />
    )}
  </>
);
