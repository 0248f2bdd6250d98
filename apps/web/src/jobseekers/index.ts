import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { guard } from '../common/guard';
import { RegistrationWizard } from './RegistrationWizard';

export const jobseekers = {
  name: 'jobseekers',
  create: guard('create', RegistrationWizard),
  icon: PersonAddIcon,
};
