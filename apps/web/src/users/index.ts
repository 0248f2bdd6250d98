import PeopleIcon from '@mui/icons-material/People';
import { UserCreate } from './UserCreate';
import { UserEdit } from './UserEdit';
import { UserList } from './UserList';
import { UserShow } from './UserShow';
import { guard } from '../common/guard';

export const users = {
  name: 'users',
  list: guard('list', UserList),
  show: guard('show', UserShow),
  edit: guard('edit', UserEdit),
  create: guard('create', UserCreate),
  icon: PeopleIcon,
  recordRepresentation: 'fullName',
};
