import AssignmentIcon from '@mui/icons-material/Assignment';
import { guard } from '../common/guard';
import { useCurrentUser } from '../common/useCurrentUser';
import { MyTasks, RoutineQueue, TargetedQueue } from './WorkQueue';

/** /work-items opens the list a role works first: front desk the routine queue, specialists the targeted one. */
const WorkItemsHome = () => {
  const me = useCurrentUser();
  if (me?.role === 'front_desk') return <RoutineQueue />;
  if (me?.role === 'specialist') return <TargetedQueue />;
  return <MyTasks />;
};

export const workItems = {
  name: 'work-items',
  list: guard('list', WorkItemsHome),
  icon: AssignmentIcon,
};

export { MyTasks, TargetedQueue };
