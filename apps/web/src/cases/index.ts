import FolderSharedIcon from '@mui/icons-material/FolderShared';
import { guard } from '../common/guard';
import { CaseShow } from './CaseShow';

export const cases = {
  name: 'cases',
  show: guard('show', CaseShow),
  icon: FolderSharedIcon,
  recordRepresentation: 'reference',
};
