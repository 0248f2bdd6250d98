import type { AppointmentChannel, AppointmentStatus, Slot } from './types';

// Colours with white text at 4.5:1 or more (WCAG AA): FullCalendar's own blue is lighter than that.
export const STATUS_COLOURS: Record<AppointmentStatus, string> = {
  scheduled: '#1565c0',
  attended: '#2e7d32',
  no_show: '#b45309',
  cancelled: '#616161',
};

/**
 * Why a channel cannot be offered to this client, or null: video needs some digital skills and a
 * client who has not asked to be seen in person (the API refuses it too, naming `channel`).
 */
export function channelRefusal(
  channel: AppointmentChannel,
  client: { digitalSkills?: string | null; preferredChannel?: string | null } | undefined,
): 'no_digital_skills' | 'prefers_in_person' | null {
  if (channel !== 'video' || !client) return null;
  if (client.digitalSkills === 'none') return 'no_digital_skills';
  if (client.preferredChannel === 'in_person') return 'prefers_in_person';
  return null;
}

/** The client's own channel first when it can be offered, else in person. */
export function defaultChannel(
  client: { digitalSkills?: string | null; preferredChannel?: string | null } | undefined,
): AppointmentChannel {
  const preferred = client?.preferredChannel;
  if ((preferred === 'phone' || preferred === 'video') && !channelRefusal(preferred, client)) return preferred;
  return 'in_person';
}

/** A local calendar day as YYYY-MM-DD (not UTC: the day the user sees). */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Free slots grouped by the local day they start on, days and slots in order. */
export function slotsByDay(slots: Slot[]): Array<{ day: string; slots: Slot[] }> {
  const days = new Map<string, Slot[]>();
  for (const slot of [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.staffId.localeCompare(b.staffId))) {
    const day = localDay(new Date(slot.startsAt));
    const list = days.get(day) ?? [];
    list.push(slot);
    days.set(day, list);
  }
  return [...days].map(([day, list]) => ({ day, slots: list }));
}

/** Monday 00:00 local of the week holding `d`, and `weeks` later. */
export function weekStart(d: Date, weeks = 0): Date {
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate() + weeks * 7);
  start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
  return start;
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
}

/** Whether an appointment's outcome can be recorded now: it is scheduled and has begun. */
export function canRecordOutcome(a: { status: string; startsAt: string }, now = Date.now()): boolean {
  return a.status === 'scheduled' && new Date(a.startsAt).getTime() <= now;
}
