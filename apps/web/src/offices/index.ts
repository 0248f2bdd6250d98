import BusinessIcon from '@mui/icons-material/Business';
import { OfficeCreate } from './OfficeCreate';
import { OfficeEdit } from './OfficeEdit';
import { OfficeList } from './OfficeList';
import { OfficeShow } from './OfficeShow';
import { guard } from '../common/guard';

export const offices = {
  name: 'offices',
  list: guard('list', OfficeList),
  show: guard('show', OfficeShow),
  edit: guard('edit', OfficeEdit),
  create: guard('create', OfficeCreate),
  icon: BusinessIcon,
  recordRepresentation: 'name',
};
