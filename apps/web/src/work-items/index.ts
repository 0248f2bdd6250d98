import AssignmentIcon from '@mui/icons-material/Assignment';
import { guard } from '../common/guard';
import { RoutineQueue } from './RoutineQueue';

export const workItems = {
  name: 'work-items',
  list: guard('list', RoutineQueue),
  icon: AssignmentIcon,
};
