import MapIcon from '@mui/icons-material/Map';
import { RegionCreate } from './RegionCreate';
import { RegionEdit } from './RegionEdit';
import { RegionList } from './RegionList';
import { RegionShow } from './RegionShow';
import { guard } from '../common/guard';

export const regions = {
  name: 'regions',
  list: guard('list', RegionList),
  show: guard('show', RegionShow),
  edit: guard('edit', RegionEdit),
  create: guard('create', RegionCreate),
  icon: MapIcon,
  recordRepresentation: 'name',
};
