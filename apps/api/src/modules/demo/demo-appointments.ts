/**
 * Demo appointments, office closures and recorded reminders, built in memory from the population.
 * Every case whose first interview was booked has its appointments from registration on: the first
 * interview a few days after registration (with a rebooking after a no-show or a cancellation), then
 * follow-ups about monthly (every two to four weeks on the targeted track, sparser on long and closed
 * cases), none during a hold or after closure, and the next one booked ahead within four weeks. Each
 * is with whoever held the case at the time, within opening hours, off the closure days, and never two
 * at once for one person. Deterministic for a seed and moment.
 */
import type { AppointmentChannel, AppointmentStatus, Language } from '@casework/contracts';
import { reminderChannel, reminderMessage } from '../appointments/reminder-messages.js';
import { addDays, isClosed, localTime, spansOf, zonedInstant, type Closure } from '../appointments/schedule.js';
import { DEFAULT_OPENING_HOURS } from '../offices/opening-hours.js';
import { DEMO_OFFICES } from './demo-data.js';
import type { JobseekerRow, Population, PopulationInput, PopulationStaff } from './demo-population.js';
import { DAY, Rng, localDate } from './demo-random.js';

const WEEKS = 4;
const CELL = 30;
const MINUTE = 60_000;
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

/** Wording by office (0 English, 1 French), as the population's notes. */
const PURPOSES: Record<0 | 1, string[]> = {
  0: ['Follow-up interview', 'CV and job search review', 'Training options', 'Action plan review', 'Job offer preparation'],
  1: [
    'Entretien de suivi',
    'Point CV et recherche d’emploi',
    'Pistes de formation',
    'Point sur le plan d’action',
    'Préparation d’un entretien d’embauche',
  ],
};
const FIRST_PURPOSE: Record<0 | 1, [string, string]> = {
  0: ['First interview', 'First interview (rebooked)'],
  1: ['Premier entretien', 'Premier entretien (reporté)'],
};
const OUTCOMES: Record<0 | 1, string[]> = {
  0: [
    'Reviewed the CV together; two applications to send this week.',
    'Discussed training options; information sent on the warehouse course.',
    'Agreed next steps for the job search.',
    'Went through the job offers of the week; one interview to prepare.',
  ],
  1: [
    'CV revu ensemble ; deux candidatures à envoyer cette semaine.',
    'Point sur les formations ; documentation envoyée sur la formation cariste.',
    'Prochaines étapes de la recherche d’emploi convenues.',
    'Offres de la semaine passées en revue ; un entretien d’embauche à préparer.',
  ],
};
const FIRST_OUTCOMES: Record<0 | 1, string[]> = {
  0: [
    'First interview held: situation, job goal and barriers discussed.',
    'First interview held; job goal agreed and registration details checked.',
  ],
  1: [
    'Premier entretien réalisé : situation, projet professionnel et freins abordés.',
    'Premier entretien réalisé ; projet professionnel défini et dossier vérifié.',
  ],
};
const NO_SHOW_NOTES: Record<0 | 1, string[]> = {
  0: ['Client did not come; no message.', 'Client did not come; phoned later, missed the bus.'],
  1: ['Le demandeur ne s’est pas présenté ; pas de message.', 'Absent ; a rappelé ensuite, a raté son bus.'],
};
const CANCEL_REASONS = ['Client is ill', 'Client asked to move it', 'Counsellor away', 'Client started a job'];

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

/** What the population recorded about a case over time, as its events and work items say. */
interface CaseHistory {
  /** Who held the case from when (assignment events), in time order. */
  holders: Array<{ at: number; staff: PopulationStaff }>;
  holds: Array<{ from: number; to: number | null }>;
  /** When the front desk booked the first interview (its book_first_interview item done); null: never booked. */
  bookedAt: number | null;
}

function histories(p: Population, staff: Map<string, PopulationStaff>): Map<string, CaseHistory> {
  const out = new Map<string, CaseHistory>(p.cases.map((c) => [c.id, { holders: [], holds: [], bookedAt: null }]));
  for (const e of [...p.events].sort((a, b) => a.at - b.at)) {
    const h = out.get(e.caseId)!;
    if (e.kind === 'assignment') h.holders.push({ at: e.at, staff: staff.get(e.data.to as string)! });
    else if (e.kind === 'status' && e.data.to === 'on_hold') h.holds.push({ from: e.at, to: null });
    else if (e.kind === 'status' && e.data.from === 'on_hold') h.holds[h.holds.length - 1].to = e.at;
  }
  for (const w of p.workItems) if (w.kind === 'book_first_interview' && w.status === 'done') out.get(w.caseId!)!.bookedAt = w.completedAt;
  return out;
}

/**
 * The half-hour cells each staff member is booked for, across every office and the whole history:
 * a booking takes free cells on the first open day from the one asked for.
 */
class Diary {
  private readonly taken = new Set<string>();
  /** Per zone and local date: the instant of its midnight at the offset of its opening hours. */
  private readonly midnights = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    private readonly closures: Map<string, Closure[]>,
  ) {}

  /** The clocks change at night, so one look-up per day serves every time within opening hours. */
  private instant(date: string, minutes: number, timeZone: string): number {
    const key = `${timeZone}|${date}`;
    let midnight = this.midnights.get(key);
    if (midnight === undefined) {
      midnight = zonedInstant(date, 12 * 60, timeZone) - 12 * 60 * MINUTE;
      this.midnights.set(key, midnight);
    }
    return midnight + minutes * MINUTE;
  }

  /** Books `cells` half-hours from `date` on (up to ten days later); null when nothing was free. */
  book(staffId: string, office: { id: string; timeZone: string }, date: string, cells: number): [number, number] | null {
    for (let d = 0; d < 10; d++, date = addDays(date, 1)) {
      if (isClosed(this.closures.get(office.id)!, date)) continue;
      const spans = spansOf(DEFAULT_OPENING_HOURS, date);
      for (let attempt = 0; attempt < 3 && spans.length; attempt++) {
        const [open, close] = this.rng.pick(spans);
        const slots = Math.floor((close - open) / CELL) - cells + 1;
        if (slots < 1) continue;
        const startMin = open + this.rng.int(0, slots - 1) * CELL;
        const keys = Array.from({ length: cells }, (_, x) => `${staffId}|${date}|${startMin + x * CELL}`);
        if (keys.some((key) => this.taken.has(key))) continue;
        keys.forEach((key) => this.taken.add(key));
        return [this.instant(date, startMin, office.timeZone), this.instant(date, startMin + cells * CELL, office.timeZone)];
      }
    }
    return null;
  }
}

export function buildCalendar(input: PopulationInput, p: Population): DemoCalendar {
  const rng = new Rng();
  const now = input.now;
  const out: DemoCalendar = { closures: [], appointments: [], outbox: [] };
  const earliest = Math.min(...p.cases.map((c) => c.openedAt));
  const closuresOf = new Map<string, Closure[]>();
  input.offices.forEach((o, i) => {
    const today = localTime(now, o.timeZone).date;
    const first = localDate(earliest, o.timeZone);
    const list: Closure[] = [];
    for (let year = Number(first.slice(0, 4)); year <= Number(today.slice(0, 4)) + 1; year++) {
      for (const [monthDay, reason] of HOLIDAYS) {
        const date = `${year}-${monthDay}`;
        // The holidays since the first registration and the year ahead.
        if (date < first || date > addDays(today, 365)) continue;
        rng.seed(91, i, year, Number(monthDay.replace('-', '')));
        out.closures.push({ id: rng.uuid(), officeId: o.id, startsOn: date, endsOn: date, reason });
        list.push({ startsOn: date, endsOn: date });
      }
    }
    closuresOf.set(o.id, list);
  });

  const staff = new Map(input.staff.map((s) => [s.id, s]));
  const counsellors = ([0, 1] as const).map((o) => input.staff.filter((s) => s.office === o && s.role === 'counsellor'));
  const jobseekers = new Map(p.jobseekers.map((j) => [j.id, j]));
  const history = histories(p, staff);
  const diary = new Diary(rng, closuresOf);
  const officeIndex = (id: string): 0 | 1 => (input.offices[0].id === id ? 0 : 1);

  p.cases.forEach((c, n) => {
    const h = history.get(c.id)!;
    if (h.bookedAt === null) return;
    rng.seed(92, n);
    const j = jobseekers.get(c.jobseekerId)!;
    const tz = input.offices[officeIndex(c.officeId)].timeZone;
    // Nobody to see before assignment: the first interview is with a counsellor of the office.
    const standIn = rng.pick(counsellors[officeIndex(c.officeId)]);
    // Booked before the assignment, the first interview is with the first assignee.
    const holderAt = (t: number) => h.holders.findLast((x) => x.at <= t)?.staff ?? h.holders[0]?.staff ?? null;
    const holdAt = (t: number) => h.holds.find((x) => t >= x.from && (x.to === null || t < x.to));
    // Never got past registration: the first interview was missed or called off, then the case closed.
    const neverSeen = c.status === 'closed' && !h.holders.length;
    // No appointment on the day of closure or later, nor beyond the next four weeks.
    const last = c.closedAt !== null ? c.closedAt - DAY : now + 7 * WEEKS * DAY;
    const registered = localDate(c.openedAt, tz);
    // Modest gaps a manager would look into: waiting for an interpreter or a letter by post, more missed appointments.
    const slow = j.digitalSkills === 'none' || j.interpreterNeeded;
    const young = `${Number(j.dateOfBirth.slice(0, 4)) + 25}${j.dateOfBirth.slice(4)}` > registered;
    const videoOk = j.digitalSkills !== 'none' && j.preferredChannel !== 'in_person';
    const [delayMin, delayMax] = rng.weighted<[number, number]>([
      [[1, 5], 50],
      [[5, 9], 35],
      [[9, 14], 10],
      [[14, 24], 5],
    ]);
    const delay = Math.round(rng.between(delayMin, delayMax) + (slow ? rng.between(0.5, 3) : 0));
    const bookedOn = addDays(localDate(h.bookedAt, tz), 1);
    let from = addDays(registered, delay) > bookedOn ? addDays(registered, delay) : bookedOn;
    let bookedAt = h.bookedAt;
    let seen = false;
    let booked = 0;

    for (let guard = 0; guard < 80; guard++) {
      const noon = Date.parse(`${from}T12:00:00Z`);
      const hold = holdAt(noon);
      if (hold) {
        if (hold.to === null) break;
        from = addDays(localDate(hold.to, tz), rng.int(2, 8));
        continue;
      }
      // Follow-ups only with an assignee.
      if (seen && !h.holders.length) break;
      const worker = holderAt(noon) ?? standIn;
      const office = input.offices[worker.office];
      const first = !seen;
      const slot = diary.book(worker.id, office, from, first || rng.chance(0.3) ? 2 : 1);
      if (!slot || slot[0] > last) break;
      const [startsAt, endsAt] = slot;
      // The first free day came after a hold began or the case changed hands: look again from the next.
      if (holdAt(startsAt) || (holderAt(startsAt) ?? standIn) !== worker) {
        from = addDays(localDate(startsAt, tz), 1);
        continue;
      }
      booked++;
      const channel = channelOf(rng, j, first, videoOk, Math.max(0, Math.min(1, (startsAt - earliest) / (now - earliest))));
      let status: AppointmentStatus = 'scheduled';
      // Outcomes are recorded after the fact: some of the last three days' appointments still wait for theirs.
      const awaitingOutcome = endsAt <= now && now - endsAt < 3 * DAY && c.closedAt === null && rng.chance(0.3);
      if (endsAt <= now && !awaitingOutcome) {
        const noShow = (first ? 0.13 : 0.11) * (slow ? 1.6 : 1) * (young ? 1.35 : 1) * (j.rural && channel === 'in_person' ? 1.3 : 1);
        status = neverSeen
          ? rng.chance(0.7)
            ? 'no_show'
            : 'cancelled'
          : rng.weighted<AppointmentStatus>([
              ['attended', 1 - noShow - 0.07],
              ['no_show', noShow],
              ['cancelled', 0.07],
            ]);
      } else if (startsAt > now && rng.chance(0.07)) status = 'cancelled';
      const createdAt = Math.max(c.openedAt, Math.min(bookedAt, startsAt - HOUR, now - MINUTE));
      const statusChangedAt =
        status === 'scheduled'
          ? null
          : status === 'cancelled'
            ? createdAt + (Math.min(startsAt, now) - createdAt) * rng.between(0.3, 0.9)
            : Math.min(endsAt + rng.int(5, 90) * MINUTE, now - MINUTE);
      const o = officeIndex(office.id);
      const a: AppointmentRow = {
        id: rng.uuid(),
        caseId: c.id,
        staffId: worker.id,
        officeId: office.id,
        startsAt,
        endsAt,
        channel,
        purpose: first ? FIRST_PURPOSE[o][booked > 1 ? 1 : 0] : rng.pick(PURPOSES[o]),
        status,
        outcomeNote:
          status === 'attended' && rng.chance(0.8)
            ? rng.pick((first ? FIRST_OUTCOMES : OUTCOMES)[o])
            : status === 'no_show'
              ? rng.pick(NO_SHOW_NOTES[o])
              : null,
        cancelReason: status === 'cancelled' ? rng.pick(CANCEL_REASONS) : null,
        statusChangedAt: statusChangedAt === null ? null : Math.round(statusChangedAt),
        createdAt,
        updatedAt: statusChangedAt === null ? createdAt : Math.round(statusChangedAt),
        version: status === 'scheduled' ? 1 : 2,
      };
      out.appointments.push(a);
      out.outbox.push(...reminders(rng, a, j, now, office.timeZone, o));

      const day = localDate(startsAt, tz);
      if (status === 'no_show' || status === 'cancelled') {
        // Rebooked: after a no-show once the client is reached, after a cancellation at once.
        if (neverSeen && (booked >= 2 || rng.chance(0.6))) break;
        from = addDays(day, status === 'no_show' ? rng.int(3, 9) : rng.int(2, 7));
        bookedAt = a.statusChangedAt! + (status === 'no_show' ? rng.int(1, 30) * HOUR : 10 * MINUTE);
        continue;
      }
      // Only the next appointment is booked ahead.
      if (startsAt > now) break;
      seen = true;
      // The next one is booked at the end of this one.
      bookedAt = endsAt - 5 * MINUTE;
      const targeted = worker.role === 'specialist';
      const months = (startsAt - c.openedAt) / (30.44 * DAY);
      const interval = (targeted ? rng.between(14, 28) : rng.between(25, 45)) * (months > 6 ? 1.3 : 1) * (c.status === 'closed' ? 1.25 : 1);
      from = addDays(day, Math.round(interval));
    }
  });
  awaitOutcomeOfLatest(out.appointments, new Set(p.cases.filter((c) => c.closedAt === null).map((c) => c.id)), now);
  return out;
}

/**
 * Each case worker starts the day with an outcome to record: when none of their appointments of the
 * last three days on an open case is still awaiting one, the latest attended one is (the draws
 * alone left some days without any, and the calendar's "awaiting outcome" state unseen).
 */
function awaitOutcomeOfLatest(appointments: AppointmentRow[], openCases: Set<string>, now: number): void {
  const recent = new Map<string, AppointmentRow[]>();
  for (const a of appointments) {
    if (a.endsAt > now || now - a.endsAt >= 3 * DAY || !openCases.has(a.caseId)) continue;
    recent.set(a.staffId, [...(recent.get(a.staffId) ?? []), a]);
  }
  for (const list of recent.values()) {
    if (list.some((a) => a.status === 'scheduled')) continue;
    const latest = list.filter((a) => a.status === 'attended').sort((a, b) => b.endsAt - a.endsAt)[0];
    if (!latest) continue;
    Object.assign(latest, { status: 'scheduled', outcomeNote: null, statusChangedAt: null, updatedAt: latest.createdAt, version: 1 });
  }
}

/**
 * The channel: the first interview mostly in person; later ones in person, by phone (if the client has
 * one) or by video (only when their digital skills allow it and they did not ask for in-person contact,
 * as the API requires), leaning to the client's preference, video growing over the months.
 */
function channelOf(rng: Rng, j: JobseekerRow, first: boolean, videoOk: boolean, progress: number): AppointmentChannel {
  const phone = j.phone ? 1 : 0;
  const video = videoOk ? 1 : 0;
  if (first)
    return rng.weighted<AppointmentChannel>([
      ['in_person', 85],
      ['phone', 11 * phone],
      ['video', 4 * video],
    ]);
  const leans = (...preferred: string[]) => (preferred.includes(j.preferredChannel) ? 1.8 : 1);
  return rng.weighted<AppointmentChannel>([
    ['in_person', 55 * (j.interpreterNeeded ? 1.4 : 1)],
    ['phone', 28 * phone * leans('phone') * (j.rural ? 1.5 : 1)],
    ['video', 18 * video * leans('video', 'online') * (0.5 + 0.7 * progress)],
  ]);
}

/** The reminders of the last week's appointments, as demo mode records them. */
function reminders(rng: Rng, a: AppointmentRow, j: JobseekerRow, now: number, timeZone: string, office: 0 | 1): OutboxRow[] {
  if (a.startsAt >= now || a.startsAt <= now - 7 * DAY || a.status === 'cancelled') return [];
  const via = reminderChannel(
    { digitalSkills: j.digitalSkills, preferredChannel: j.preferredChannel, email: j.email, phone: j.phone },
    { email: true, sms: true },
  );
  if (via === 'phone_client') return [];
  const out: OutboxRow[] = [];
  for (const kind of ['48h', '2h'] as const) {
    const sentAt = a.startsAt - (kind === '48h' ? 48 : 2) * HOUR + rng.int(0, 59) * 1000;
    if (sentAt < a.createdAt) continue;
    const m = reminderMessage({
      kind,
      preferredLanguage: j.preferredLanguage,
      officeLanguage: DEMO_OFFICES[office].language,
      givenName: j.givenName,
      officeName: DEMO_OFFICES[office].name,
      timeZone,
      startsAt: new Date(a.startsAt),
      endsAt: new Date(a.endsAt),
      channel: a.channel,
    });
    out.push({
      appointmentId: a.id,
      officeId: a.officeId,
      kind,
      forStartsAt: a.startsAt,
      channel: via,
      recipient: (via === 'email' ? j.email : j.phone)!,
      language: m.language,
      subject: m.subject,
      body: m.body,
      sentAt,
    });
  }
  return out;
}
