import type { ReactElement } from 'react';
import { Box, Card, CardActionArea, CardContent, Typography } from '@mui/material';
import AssignmentIcon from '@mui/icons-material/Assignment';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import FolderSharedIcon from '@mui/icons-material/FolderShared';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import InboxIcon from '@mui/icons-material/Inbox';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import BarChartIcon from '@mui/icons-material/BarChart';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import EventIcon from '@mui/icons-material/Event';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import GroupsIcon from '@mui/icons-material/Groups';
import { useTranslate } from 'react-admin';
import { listPath } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { Link } from 'react-router-dom';
import type { CurrentUser, Role } from '@casework/contracts';

interface Tool {
  key: string;
  to: string;
  icon: ReactElement;
  /** A list whose total is shown on the card, and how it is said (default: "N waiting"). */
  count?: { resource: string; filter: Record<string, unknown>; text?: string };
}

function toolsFor(me: CurrentUser): Tool[] {
  const open = ['open', 'claimed'];
  const tasks: Tool = {
    key: me.role === 'supervisor' ? 'inbox' : 'tasks',
    to: '/my-tasks',
    icon: me.role === 'supervisor' ? <InboxIcon /> : <TaskAltIcon />,
    count: { resource: 'work-items', filter: { personal: true, assigneeId: me.id, status: open } },
  };
  const caseload: Tool = {
    key: 'caseload',
    to: '/my-caseload',
    icon: <FolderSharedIcon />,
    count: { resource: 'cases', filter: { assignedTo: me.id, status: ['active', 'on_hold'] } },
  };
  // Today's appointments still to come or to record: the day's bounds stay the same all day, so the card's request does too.
  const today = new Date();
  const dayStart = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  const dayEnd = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  const caseWorker = me.role === 'counsellor' || me.role === 'specialist';
  const calendar: Tool = {
    key: 'calendar',
    to: '/appointments',
    icon: <EventIcon />,
    count: {
      resource: 'appointments',
      filter: {
        ...(caseWorker ? { staffId: me.id } : { officeId: me.officeId }),
        status: ['scheduled'],
        from: dayStart.toISOString(),
        to: dayEnd.toISOString(),
      },
      text: 'cw_workspace.count_today',
    },
  };
  const byRole: Partial<Record<Role, Tool[]>> = {
    front_desk: [
      {
        key: 'routine',
        to: '/work-items',
        icon: <AssignmentIcon />,
        count: { resource: 'work-items', filter: { queue: 'routine', status: ['open'] } },
      },
      { key: 'register', to: '/jobseekers/create', icon: <PersonAddIcon /> },
      calendar,
    ],
    counsellor: [caseload, calendar, tasks],
    specialist: [
      {
        key: 'targeted',
        to: '/targeted-queue',
        icon: <AssignmentIcon />,
        count: { resource: 'work-items', filter: { queue: 'targeted', status: ['open'] } },
      },
      caseload,
      calendar,
      tasks,
    ],
    supervisor: [
      {
        key: 'unassigned',
        to: '/unassigned-cases',
        icon: <AssignmentIndIcon />,
        count: { resource: 'cases', filter: { needsAssignment: true } },
      },
      tasks,
      { key: 'caseloads', to: '/caseloads', icon: <BarChartIcon /> },
      calendar,
      {
        key: 'transfers',
        to: '/case-transfers',
        icon: <SwapHorizIcon />,
        count: { resource: 'case-transfers', filter: { status: 'requested', toOfficeId: me.officeId } },
      },
      {
        key: 'approvals',
        to: '/plan-approvals',
        icon: <FactCheckIcon />,
        count: { resource: 'intervention-plans', filter: { status: 'submitted', officeId: me.officeId } },
      },
      { key: 'team', to: '/reports/team', icon: <GroupsIcon /> },
    ],
  };
  return byRole[me.role] ?? [];
}

const Count = ({ count }: { count: NonNullable<Tool['count']> }) => {
  const translate = useTranslate();
  const { total, atLeast } = useApiGet(listPath(`/${count.resource}`, { filter: count.filter, range: [0, 0] }));
  // A busy queue is counted only up to a cap: the API then says how many it counted, at least.
  if (total === undefined && atLeast === undefined) return null;
  return (
    <Typography variant="body2">
      {total !== undefined
        ? translate(count.text ?? 'cw_workspace.count', { smart_count: total })
        : translate('cw_workspace.count_at_least', { count: atLeast })}
    </Typography>
  );
};

/** The role's tools as cards, with how much is waiting in each. */
export const WorkspaceTools = ({ me }: { me: CurrentUser }) => {
  const translate = useTranslate();
  const tools = toolsFor(me);
  if (!tools.length) return null;
  return (
    <Box
      component="ul"
      sx={{ listStyle: 'none', p: 0, m: 0, mt: 2, display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(15rem, 1fr))' }}
    >
      {tools.map((tool) => (
        <Card component="li" key={tool.key} variant="outlined">
          <CardActionArea component={Link} to={tool.to} sx={{ height: '100%' }}>
            <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
              <Box sx={{ color: 'primary.main', mt: 0.25 }} aria-hidden>
                {tool.icon}
              </Box>
              <Box>
                <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
                  {translate(`cw_workspace.tools.${tool.key}.title`)}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
                  {translate(`cw_workspace.tools.${tool.key}.description`)}
                </Typography>
                {tool.count && <Count count={tool.count} />}
              </Box>
            </CardContent>
          </CardActionArea>
        </Card>
      ))}
    </Box>
  );
};
