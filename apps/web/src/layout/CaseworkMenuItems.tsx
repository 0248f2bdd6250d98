import { Menu as RaMenu } from 'react-admin';
import AssignmentIcon from '@mui/icons-material/Assignment';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import FolderSharedIcon from '@mui/icons-material/FolderShared';
import InboxIcon from '@mui/icons-material/Inbox';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import BarChartIcon from '@mui/icons-material/BarChart';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import EventIcon from '@mui/icons-material/Event';
import RssFeedIcon from '@mui/icons-material/RssFeed';
import OutboxIcon from '@mui/icons-material/Outbox';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import InsightsIcon from '@mui/icons-material/Insights';
import GroupsIcon from '@mui/icons-material/Groups';
import BalanceIcon from '@mui/icons-material/Balance';
import { can, scopeFor, type Role } from '@casework/contracts';

/** Casework tools, by role: the queue each role works, registration, caseloads, personal tasks, the supervisor's inbox and office tools, reports. */
export const CaseworkMenuItems = ({ role }: { role: Role | undefined }) => (
  <>
    {role === 'front_desk' && can(role, 'work-items', 'read') && (
      <RaMenu.Item to="/work-items" primaryText="cw_menu.queue" leftIcon={<AssignmentIcon />} />
    )}
    {can(role, 'jobseekers', 'create') && (
      <RaMenu.Item to="/jobseekers/create" primaryText="cw_menu.register" leftIcon={<PersonAddIcon />} />
    )}
    {role === 'specialist' && can(role, 'work-items', 'read') && (
      <RaMenu.Item to="/targeted-queue" primaryText="cw_menu.targeted" leftIcon={<AssignmentIcon />} />
    )}
    {(role === 'counsellor' || role === 'specialist') && can(role, 'cases', 'read') && (
      <RaMenu.Item to="/my-caseload" primaryText="cw_menu.caseload" leftIcon={<FolderSharedIcon />} />
    )}
    {(role === 'counsellor' || role === 'specialist' || role === 'supervisor') && can(role, 'work-items', 'read') && (
      <RaMenu.Item
        to="/my-tasks"
        primaryText={role === 'supervisor' ? 'cw_menu.inbox' : 'cw_menu.tasks'}
        leftIcon={role === 'supervisor' ? <InboxIcon /> : <TaskAltIcon />}
      />
    )}
    {can(role, 'appointments', 'read') && (
      <RaMenu.Item to="/appointments" primaryText="cw_appointments.menu.calendar" leftIcon={<EventIcon />} />
    )}
    {can(role, 'appointments', 'read') && (
      <RaMenu.Item to="/calendar-feed" primaryText="cw_appointments.menu.feed" leftIcon={<RssFeedIcon />} />
    )}
    {can(role, 'outbox-messages', 'read') && (
      <RaMenu.Item to="/outbox-messages" primaryText="cw_appointments.menu.outbox" leftIcon={<OutboxIcon />} />
    )}
    {/* Supervisors: what the access matrix gives them on the office (assign, caseloads, transfers, plan approvals). */}
    {can(role, 'cases', 'assign') && (
      <RaMenu.Item to="/unassigned-cases" primaryText="cw_supervision.menu.unassigned" leftIcon={<AssignmentIndIcon />} />
    )}
    {can(role, 'caseloads', 'read') && (
      <RaMenu.Item to="/caseloads" primaryText="cw_supervision.menu.caseloads" leftIcon={<BarChartIcon />} />
    )}
    {can(role, 'cases', 'transfer') && (
      <RaMenu.Item to="/case-transfers" primaryText="cw_supervision.menu.transfers" leftIcon={<SwapHorizIcon />} />
    )}
    {can(role, 'intervention-plans', 'approve') && (
      <RaMenu.Item to="/plan-approvals" primaryText="cw_plan.approvals.menu" leftIcon={<FactCheckIcon />} />
    )}
    {/* Reports: aggregates for the office (supervisors, who start from their team) or the region (managers). */}
    {can(role, 'reports', 'read') && (
      <>
        {role && scopeFor(role, 'reports', 'read') === 'office' && (
          <RaMenu.Item to="/reports/team" primaryText="cw_reports.menu.team" leftIcon={<GroupsIcon />} />
        )}
        <RaMenu.Item to="/reports" primaryText="cw_reports.menu.dashboard" leftIcon={<InsightsIcon />} />
        <RaMenu.Item to="/reports/equity" primaryText="cw_reports.menu.equity" leftIcon={<BalanceIcon />} />
      </>
    )}
  </>
);
