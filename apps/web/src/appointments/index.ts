import EventIcon from '@mui/icons-material/Event';
import OutboxIcon from '@mui/icons-material/Outbox';
import { guard } from '../common/guard';
import { AppointmentCalendar } from './AppointmentCalendar';
import { AppointmentShow } from './AppointmentShow';
import { OutboxList } from './OutboxList';

export const appointments = {
  name: 'appointments',
  list: guard('list', AppointmentCalendar),
  show: guard('show', AppointmentShow),
  icon: EventIcon,
};

export const outboxMessages = {
  name: 'outbox-messages',
  list: guard('list', OutboxList),
  icon: OutboxIcon,
};

export { CalendarFeedPage } from './CalendarFeedPage';
export { CaseAppointmentsTab } from './CaseAppointmentsTab';
