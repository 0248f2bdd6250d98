import type { RaRecord } from 'react-admin';

// Mirrors the API's AppointmentDto / SlotDto (libs/contracts once the appointments API lands there).
export type AppointmentChannel = 'in_person' | 'phone' | 'video';
export type AppointmentStatus = 'scheduled' | 'attended' | 'no_show' | 'cancelled';
export const APPOINTMENT_CHANNEL_LIST: AppointmentChannel[] = ['in_person', 'phone', 'video'];

export interface Reminder {
  kind: '48h' | '2h';
  channel: 'email' | 'sms' | 'phone_client';
  transport: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';
  sentAt: string | null;
  attempts: number;
}

export interface Appointment extends RaRecord {
  id: string;
  caseId: string;
  caseReference: string;
  jobseekerId: string;
  staffId: string;
  staffName: string;
  officeId: string;
  startsAt: string;
  endsAt: string;
  channel: AppointmentChannel;
  purpose: string;
  status: AppointmentStatus;
  outcomeNote: string | null;
  cancelReason: string | null;
  planActionId: string | null;
  planActionDescription: string | null;
  noShowStreak: number;
  repeatedNoShow: boolean;
  reminders: Reminder[];
  version: number;
}

export interface Slot {
  staffId: string;
  startsAt: string;
  endsAt: string;
}

export interface StaffMember {
  id: string;
  fullName: string;
  role: string;
  active?: boolean;
  away?: boolean;
}
