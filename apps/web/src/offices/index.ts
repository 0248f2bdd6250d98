import BusinessIcon from '@mui/icons-material/Business';
import { OfficeCreate } from './OfficeCreate';
import { OfficeEdit } from './OfficeEdit';
import { OfficeList } from './OfficeList';
import { OfficeShow } from './OfficeShow';

export const offices = {
  name: 'offices',
  list: OfficeList,
  show: OfficeShow,
  edit: OfficeEdit,
  create: OfficeCreate,
  icon: BusinessIcon,
  recordRepresentation: 'name',
};
