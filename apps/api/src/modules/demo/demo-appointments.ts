/**
 * Demo appointments, office closures and recorded reminders, built in memory from the population:
 * the past and next four weeks of the offices' counsellors and specialists, within opening hours,
 * off the closure days and never two at once for one person. Deterministic for a seed and moment.
 */
import type { AppointmentChannel, AppointmentStatus, Language } from '@casework/contracts';
import { reminderChannel, reminderMessage } from '../appointments/reminder-messages.js';
import { addDays, isClosed, localTime, spansOf, zonedInstant, type Closure } from '../appointments/schedule.js';
import { DEFAULT_OPENING_HOURS } from '../offices/opening-hours.js';
import { DEMO_OFFICES } from './demo-data.js';
import type { Population, PopulationInput } from './demo-population.js';
import { DAY, Rng } from './demo-random.js';

const WEEKS = 4;
const CELL = 30;
const HOUR = 3_600_000;

/** The public holidays the demo offices close on (month-day), by name. */
const HOLIDAYS: Array<[string, string]> = [
  ['01-01', 'New Year’s Day'],
  ['05-01', 'Labour Day'],
  ['05-08', 'Victory in Europe Day'],
  ['07-14', 'National Day'],
  ['08-15', 'Assumption Day'],
  ['11-01', 'All Saints’ Day'],
  ['11-11', 'Armistice Day'],
  ['12-25', 'Christmas Day'],
];

const PURPOSES = ['Follow-up interview', 'CV and job search review', 'Training options', 'Action plan review', 'Job offer preparation'];
const OUTCOMES = [
  'Reviewed the CV together; two applications to send this week.',
  'Discussed training options; information sent on the warehouse course.',
  'Agreed next steps for the job search.',
  'Went through the job offers of the week; one interview to prepare.',
];

export interface ClosureRow {
  id: string;
  officeId: string;
  startsOn: string;
  endsOn: string;
  reason: string;
}

export interface AppointmentRow {
  id: string;
  caseId: string;
  staffId: string;
  officeId: string;
  startsAt: number;
  endsAt: number;
  channel: AppointmentChannel;
  purpose: string;
  status: AppointmentStatus;
  outcomeNote: string | null;
  cancelReason: string | null;
  statusChangedAt: number | null;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface OutboxRow {
  appointmentId: string;
  officeId: string;
  kind: '48h' | '2h';
  forStartsAt: number;
  channel: 'email' | 'sms';
  recipient: string;
  language: Language;
  subject: string;
  body: string;
  sentAt: number;
}

export interface DemoCalendar {
  closures: ClosureRow[];
  appointments: AppointmentRow[];
  outbox: OutboxRow[];
}

export function buildCalendar(input: PopulationInput, p: Population): DemoCalendar {
  const rng = new Rng();
  const now = input.now;
  const out: DemoCalendar = { closures: [], appointments: [], outbox: [] };
  const closuresOf = new Map<string, Closure[]>();
  input.offices.forEach((o, i) => {
    const today = localTime(now, o.timeZone).date;
    const list: Closure[] = [];
    for (const year of [Number(today.slice(0, 4)) - 1, Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1]) {
      for (const [monthDay, reason] of HOLIDAYS) {
        const date = `${year}-${monthDay}`;
        // The holidays around the demo weeks and the year ahead.
        if (date < addDays(today, -7 * WEEKS - 7) || date > addDays(today, 365)) continue;
        rng.seed(91, i, year, Number(monthDay.replace('-', '')));
        out.closures.push({ id: rng.uuid(), officeId: o.id, startsOn: date, endsOn: date, reason });
        list.push({ startsOn: date, endsOn: date });
      }
    }
    closuresOf.set(o.id, list);
  });

  const jobseekers = new Map(p.jobseekers.map((j) => [j.id, j]));
  const staff = new Map(input.staff.map((s) => [s.id, s]));
  const taken = new Set<string>();
  const offices = new Map(input.offices.map((o, i) => [o.id, { ...o, index: i }]));

  p.cases.forEach((c, n) => {
    if (!c.assignedTo || (c.status !== 'active' && c.status !== 'on_hold')) return;
    const worker = staff.get(c.assignedTo);
    const office = offices.get(c.officeId);
    const j = jobseekers.get(c.jobseekerId);
    if (!worker || !office || !j) return;
    rng.seed(92, n);
    const today = localTime(now, office.timeZone).date;
    const count = rng.int(1, 3);
    for (let k = 0; k < count; k++) {
      for (let attempt = 0; attempt < 8; attempt++) {
        const date = addDays(today, rng.int(-7 * WEEKS, 7 * WEEKS));
        if (isClosed(closuresOf.get(office.id)!, date)) continue;
        const spans = spansOf(DEFAULT_OPENING_HOURS, date);
        if (!spans.length) continue;
        const [open, close] = rng.pick(spans);
        const cells = rng.chance(0.3) ? 2 : 1;
        const slots = Math.floor((close - open) / CELL) - cells + 1;
        if (slots < 1) continue;
        const startMin = open + rng.int(0, slots - 1) * CELL;
        const keys = Array.from({ length: cells }, (_, x) => `${worker.id}|${date}|${startMin + x * CELL}`);
        if (keys.some((key) => taken.has(key))) continue;
        keys.forEach((key) => taken.add(key));
        const startsAt = zonedInstant(date, startMin, office.timeZone);
        const endsAt = zonedInstant(date, startMin + cells * CELL, office.timeZone);
        const channel: AppointmentChannel =
          j.preferredChannel === 'in_person' || j.digitalSkills === 'none'
            ? rng.weighted<AppointmentChannel>([
                ['in_person', 0.8],
                ['phone', 0.2],
              ])
            : rng.weighted<AppointmentChannel>([
                ['in_person', 0.5],
                ['phone', 0.3],
                ['video', 0.2],
              ]);
        let status: AppointmentStatus = 'scheduled';
        // Outcomes are recorded after the fact: some of the last three days' appointments still wait for theirs.
        const awaitingOutcome = endsAt <= now && now - endsAt < 3 * DAY && rng.chance(0.3);
        if (endsAt <= now && !awaitingOutcome)
          status = rng.weighted<AppointmentStatus>([
            ['attended', 0.76],
            ['no_show', 0.14],
            ['cancelled', 0.1],
          ]);
        else if (startsAt > now && rng.chance(0.07)) status = 'cancelled';
        const createdAt = Math.min(startsAt, now) - rng.int(1, 12) * DAY - rng.int(0, 8) * HOUR;
        const statusChangedAt =
          status === 'scheduled'
            ? null
            : status === 'cancelled'
              ? Math.min(startsAt - 4 * HOUR, now - HOUR)
              : endsAt + rng.int(5, 90) * 60_000;
        const a: AppointmentRow = {
          id: rng.uuid(),
          caseId: c.id,
          staffId: worker.id,
          officeId: office.id,
          startsAt,
          endsAt,
          channel,
          purpose: k === 0 && rng.chance(0.3) ? 'First interview' : rng.pick(PURPOSES),
          status,
          outcomeNote: status === 'attended' ? rng.pick(OUTCOMES) : status === 'no_show' ? 'Client did not come; no message.' : null,
          cancelReason:
            status === 'cancelled'
              ? rng.pick(['Client is ill', 'Client asked to move it', 'Counsellor away', 'Client started a job'])
              : null,
          statusChangedAt: statusChangedAt === null ? null : Math.max(statusChangedAt, createdAt + HOUR),
          createdAt,
          updatedAt: statusChangedAt === null ? createdAt : Math.max(statusChangedAt, createdAt + HOUR),
          version: status === 'scheduled' ? 1 : 2,
        };
        out.appointments.push(a);
        // The reminders of the last week's appointments, as demo mode records them.
        if (startsAt < now && startsAt > now - 7 * DAY && status !== 'cancelled') {
          const via = reminderChannel(
            { digitalSkills: j.digitalSkills, preferredChannel: j.preferredChannel, email: j.email, phone: j.phone },
            { email: true, sms: true },
          );
          if (via !== 'phone_client') {
            for (const kind of ['48h', '2h'] as const) {
              const sentAt = startsAt - (kind === '48h' ? 48 : 2) * HOUR + rng.int(0, 59) * 1000;
              if (sentAt < createdAt) continue;
              const m = reminderMessage({
                kind,
                preferredLanguage: j.preferredLanguage,
                officeLanguage: DEMO_OFFICES[office.index].language,
                givenName: j.givenName,
                officeName: DEMO_OFFICES[office.index].name,
                timeZone: office.timeZone,
                startsAt: new Date(startsAt),
                endsAt: new Date(endsAt),
                channel,
              });
              out.outbox.push({
                appointmentId: a.id,
                officeId: office.id,
                kind,
                forStartsAt: startsAt,
                channel: via,
                recipient: (via === 'email' ? j.email : j.phone)!,
                language: m.language,
                subject: m.subject,
                body: m.body,
                sentAt,
              });
            }
          }
        }
        break;
      }
    }
  });
  return out;
}
