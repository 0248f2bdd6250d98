import type { RaRecord } from 'react-admin';
import type { AppointmentDto, SlotDto } from '@casework/contracts';

export type { AppointmentChannel, AppointmentStatus, ReminderDto as Reminder } from '@casework/contracts';
export { APPOINTMENT_CHANNELS as APPOINTMENT_CHANNEL_LIST } from '@casework/contracts';

/** An appointment as the API answers it (`AppointmentDto`, shared with the API), as react-admin holds it. */
export type Appointment = RaRecord & AppointmentDto;
export type Slot = SlotDto;

/** A colleague as GET /api/users answers it to staff (the fields the booking dialog uses). */
export interface StaffMember {
  id: string;
  fullName: string;
  role: string;
  active?: boolean;
  away?: boolean;
}
