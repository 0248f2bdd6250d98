/**
 * The demo population: about 2,000 jobseekers with their cases, profiling runs, decisions, history,
 * work items, notes and transfers, built in memory from a fixed seed, following the same rules as the
 * API (one open case per jobseeker, closed cases with a reason, pooled items in a queue, personal
 * items with an assignee, targeted cases with specialists, ...). Pure: the same input gives the same
 * output; the seed service writes it in one transaction.
 */
import {
  OVERRIDE_REASONS,
  TRACK_WEIGHT,
  type CaseStatus,
  type CloseReason,
  type OverrideReason,
  type Queue,
  type Role,
  type Track,
  type WorkItemKind,
} from '@casework/contracts';
import { nameKey } from '../jobseekers/name-key.js';
import { profile, type ProfilingInput, type ProfilingResult } from '../triage/profiling-model.js';
import { nearDuplicateName, personFacts, moveTo, rng, seedFakers, type NearDuplicateKind, type PersonFacts } from './demo-people.js';
import { DAY, addDays, later, localDate, workTime } from './demo-random.js';
import { buildPlans, type ActionRow, type GoalRow, type PlanEventRow, type PlanRow } from './demo-plans.js';

export const DEMO_JOBSEEKERS = 2000;
export const NEAR_DUPLICATES = 20;
/** Days allowed for the first interview after registration (as in CasesService). */
const FIRST_INTERVIEW_DAYS = 10;
const MONTH = 30.44 * DAY;

export interface PopulationOffice {
  id: string;
  timeZone: string;
}

export interface PopulationStaff {
  id: string;
  email: string;
  role: Role;
  office: 0 | 1;
  caseloadCap: number | null;
  /** One of the seven demo sign-ins: kept under cap. */
  main: boolean;
}

export interface PopulationInput {
  now: number;
  offices: [PopulationOffice, PopulationOffice];
  staff: PopulationStaff[];
  jobseekers?: number;
}

export interface JobseekerRow extends Omit<PersonFacts, 'female'> {
  id: string;
  homeOfficeId: string;
  nameKey: string;
  unemployedSince: string | null;
  consentDataSharing: boolean;
  consentExpiresOn: string | null;
  createdBy: string;
  createdAt: number;
  /** Year of the reference J-YYYY-nnnnnn; numbers are drawn in order of registration. */
  refYear: string;
}

export interface CaseRow {
  id: string;
  jobseekerId: string;
  officeId: string;
  status: CaseStatus;
  track: Track | null;
  trackDecision: 'confirmed' | 'overridden' | null;
  /** The profiling result's recommendation (each demo case has one result). */
  recommendedTrack: Track;
  assignedTo: string | null;
  priorityGroups: string[];
  openedAt: number;
  closedAt: number | null;
  closeReason: CloseReason | null;
  closeNote: string | null;
  firstInterviewDue: string;
  nextReviewDue: string | null;
  version: number;
  updatedAt: number;
  refYear: string;
}

export interface TriageRow {
  id: string;
  caseId: string;
  inputs: ProfilingInput & { today: string };
  result: ProfilingResult;
  runBy: string;
  createdAt: number;
}

export interface DecisionRow {
  caseId: string;
  triageResultId: string;
  kind: 'confirm' | 'override';
  track: Track;
  reasonCode: OverrideReason | null;
  note: string | null;
  decidedBy: string;
  decidedRole: Role;
  createdAt: number;
}

export interface EventRow {
  caseId: string;
  kind: 'status' | 'triage' | 'decision' | 'assignment' | 'transfer';
  data: Record<string, unknown>;
  actorId: string | null;
  at: number;
}

export interface WorkItemRow {
  id: string;
  officeId: string;
  caseId: string | null;
  kind: WorkItemKind;
  queue: Queue | null;
  assigneeId: string | null;
  status: 'open' | 'claimed' | 'done' | 'cancelled';
  priority: 1 | 2 | 3;
  dueAt: number;
  claimedBy: string | null;
  claimedAt: number | null;
  completedBy: string | null;
  completedAt: number | null;
  result: Record<string, unknown> | null;
  data: Record<string, unknown>;
  escalatedAt: number | null;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface NoteRow {
  caseId: string;
  authorId: string;
  body: string;
  visibility: 'case_team' | 'restricted';
  createdAt: number;
}

export interface TransferRow {
  id: string;
  caseId: string;
  fromOfficeId: string;
  toOfficeId: string;
  status: 'requested' | 'accepted';
  reason: string;
  requestedBy: string;
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Population {
  jobseekers: JobseekerRow[];
  cases: CaseRow[];
  triageResults: TriageRow[];
  decisions: DecisionRow[];
  events: EventRow[];
  workItems: WorkItemRow[];
  notes: NoteRow[];
  transfers: TransferRow[];
  /** Intervention plans in every status, their goals, actions and history (demo-plans.ts). */
  plans: PlanRow[];
  planGoals: GoalRow[];
  planActions: ActionRow[];
  planEvents: PlanEventRow[];
  /** Second registrations of the same person, for the duplicate check. */
  nearDuplicates: Array<{ originalId: string; duplicateId: string; kind: NearDuplicateKind }>;
}

// ---------------------------------------------------------------------------------------------

interface Person {
  n: number;
  office: 0 | 1;
  facts: PersonFacts;
  id: string;
  unemployedSince: string | null;
  consentExpiresOn: string | null;
  createdBy: PopulationStaff;
  cases: Sketch[];
}

interface Hold {
  from: number;
  to: number | null;
}

interface LateOverride {
  at: number;
  from: Track;
  to: Track;
  reasonCode: OverrideReason;
  /** When the supervisor reviewed it (and moved the case to the right role); null: still in the inbox. */
  reviewedAt: number | null;
}

interface Sketch {
  n: number;
  id: string;
  person: Person;
  office: 0 | 1;
  status: CaseStatus;
  openedAt: number;
  triageId: string;
  inputs: ProfilingInput & { today: string };
  result: ProfilingResult;
  decidedAt: number | null;
  decision: { kind: 'confirm' | 'override'; track: Track; reasonCode: OverrideReason | null; note: string | null } | null;
  assignedAt: number | null;
  /** The first assignee, if somebody else holds the case now. */
  previousAssignee: PopulationStaff | null;
  reassignedAt: number | null;
  assignee: PopulationStaff | null;
  holds: Hold[];
  closedAt: number | null;
  closeReason: CloseReason | null;
  lateOverride: LateOverride | null;
  transfer: { id: string; requestedAt: number; acceptedAt: number | null; from: 0 | 1; to: 0 | 1; reassignedAt: number | null } | null;
  overCapReason: string | null;
}

const trackOf = (s: Sketch): Track | null => s.lateOverride?.to ?? s.decision?.track ?? null;
const other = (t: Track): Track => (t === 'routine' ? 'targeted' : 'routine');
const roleFor = (t: Track): Role => (t === 'routine' ? 'counsellor' : 'specialist');

const CLOSE_NOTES: Record<0 | 1, Partial<Record<CloseReason, string[]>>> = {
  0: {
    employed: ['Started a permanent job.', 'Fixed-term contract of 12 months.', 'Hired after the work trial.'],
    training: ['Enrolled in a vocational course.', 'Started an apprenticeship.'],
    moved: ['Moved out of the area.'],
    inactive: ['No contact for three months.'],
    other: ['Client asked to stop the support.'],
  },
  1: {
    employed: ['CDI signé.', 'CDD de 12 mois.', 'Embauché après la période d’essai.'],
    training: ['Entrée en formation qualifiante.', 'Contrat d’apprentissage signé.'],
    moved: ['Déménagement hors du secteur.'],
    inactive: ['Sans nouvelles depuis trois mois.'],
    other: ['Le demandeur a souhaité arrêter l’accompagnement.'],
  },
};

const NOTES: Record<0 | 1, string[]> = {
  0: [
    'First interview held. Agreed to focus on warehouse and logistics vacancies.',
    'Reviewed the CV together; updated the work history and added references.',
    'Client attended the job club session and applied for three vacancies.',
    'Discussed childcare options before starting a full-time role.',
    'Referred to the digital skills workshop next month.',
    'Client reports two interviews next week; follow up afterwards.',
    'Agreed weekly phone check-ins until the training starts.',
    'Transport costs are a barrier: checked eligibility for travel support.',
    'Mock interview practice; good progress on answering competency questions.',
    'Client is interested in a care assistant course; sent the provider details.',
  ],
  1: [
    'Premier entretien réalisé. Objectif : postes en logistique et entrepôt.',
    'CV revu ensemble ; expériences mises à jour et références ajoutées.',
    'Participation à l’atelier recherche d’emploi, trois candidatures envoyées.',
    'Point sur les solutions de garde avant une reprise à temps plein.',
    'Orientation vers l’atelier numérique du mois prochain.',
    'Deux entretiens d’embauche la semaine prochaine ; faire le point ensuite.',
    'Appel hebdomadaire convenu jusqu’au début de la formation.',
    'Les frais de transport freinent la recherche : vérifier l’aide à la mobilité.',
    'Simulation d’entretien ; bons progrès sur les questions de motivation.',
    'Intérêt pour une formation d’aide-soignant ; coordonnées de l’organisme transmises.',
  ],
};

const RESTRICTED_NOTES: Record<0 | 1, string[]> = {
  0: [
    'Health condition discussed; the client asked that details stay with the case worker.',
    'Housing situation is unstable; referred to the partner agency.',
  ],
  1: [
    'Problème de santé évoqué ; le demandeur souhaite que les détails restent confidentiels.',
    'Situation de logement précaire ; orientation vers le partenaire social.',
  ],
};

const OVERRIDE_NOTES: Partial<Record<OverrideReason, string>> = {
  additional_barriers_known: 'Barriers known from the interview that the model does not see.',
  fewer_barriers_than_scored: 'Recent work experience and a clear job goal.',
  client_request: 'The client asked for this support.',
  data_incorrect: 'Registration data corrected at interview.',
  capacity: 'Specialist caseloads are full this month.',
};

const DOCUMENTS = [
  ['identity_document', 'proof_of_address'],
  ['identity_document', 'proof_of_address', 'work_permit'],
  ['identity_document', 'proof_of_address', 'qualification_certificates'],
  ['identity_document'],
];

/** A work item row: open, personal or pooled as given, its update time and version following what happened to it. */
export function workItemRow(
  w: Partial<WorkItemRow> & Pick<WorkItemRow, 'id' | 'officeId' | 'caseId' | 'kind' | 'dueAt' | 'createdAt'>,
): WorkItemRow {
  return {
    queue: null,
    assigneeId: null,
    status: 'open',
    priority: 2,
    claimedBy: null,
    claimedAt: null,
    completedBy: null,
    completedAt: null,
    result: null,
    data: {},
    escalatedAt: null,
    updatedAt: w.completedAt ?? w.claimedAt ?? w.createdAt,
    version: 1 + (w.claimedAt ? 1 : 0) + (w.completedAt ? 1 : 0),
    ...w,
  };
}

/** Builds the whole population. The `rng` is reseeded per person and per case, so each is stable on its own. */
export function buildPopulation(input: PopulationInput): Population {
  const { now, offices } = input;
  const total = input.jobseekers ?? DEMO_JOBSEEKERS;
  const staffOf = (office: 0 | 1, role: Role) => input.staff.filter((s) => s.office === office && s.role === role);
  const supervisorOf = (office: 0 | 1) => {
    const s = staffOf(office, 'supervisor')[0];
    if (!s) throw new Error(`demo data: office ${office} has no supervisor`);
    return s;
  };
  const tz = (office: 0 | 1) => offices[office].timeZone;
  seedFakers(1);

  // 1. People and the timeline of their cases --------------------------------------------------
  const people: Person[] = [];
  const sketches: Sketch[] = [];
  const base = total - NEAR_DUPLICATES;

  const newSketch = (person: Person, office: 0 | 1, status: CaseStatus, openedAt: number, unemployedSince: string | null): Sketch => {
    const n = sketches.length;
    const today = localDate(openedAt, tz(office));
    const f = person.facts;
    const inputs: ProfilingInput & { today: string } = {
      dateOfBirth: f.dateOfBirth,
      unemployedSince,
      educationLevel: f.educationLevel,
      digitalSkills: f.digitalSkills,
      disability: f.disability,
      interpreterNeeded: f.interpreterNeeded,
      migrantStatus: f.migrantStatus,
      rural: f.rural,
      careerBreak: f.careerBreak,
      gender: f.gender,
      today,
    };
    const { today: _t, ...facts } = inputs;
    const s: Sketch = {
      n,
      id: rng.uuid(),
      person,
      office,
      status,
      openedAt,
      triageId: rng.uuid(),
      inputs,
      result: profile(facts, today),
      decidedAt: null,
      decision: null,
      assignedAt: null,
      previousAssignee: null,
      reassignedAt: null,
      assignee: null,
      holds: [],
      closedAt: null,
      closeReason: null,
      lateOverride: null,
      transfer: null,
      overCapReason: null,
    };
    sketches.push(s);
    return s;
  };

  /** The supervisor confirms the recommended track, or overrides it (~8%) with a reason code. */
  const decide = (s: Sketch, at: number) => {
    s.decidedAt = at;
    const recommended = s.result.recommendedTrack;
    if (rng.chance(0.08)) {
      const reasonCode =
        recommended === 'routine'
          ? rng.weighted<OverrideReason>([
              ['additional_barriers_known', 6],
              ['client_request', 2],
              ['data_incorrect', 1],
              ['other', 1],
            ])
          : rng.weighted<OverrideReason>([
              ['fewer_barriers_than_scored', 5],
              ['capacity', 2],
              ['client_request', 2],
              ['data_incorrect', 1],
            ]);
      s.decision = {
        kind: 'override',
        track: other(recommended),
        reasonCode,
        note: rng.chance(0.7) ? (OVERRIDE_NOTES[reasonCode] ?? null) : null,
      };
    } else {
      s.decision = { kind: 'confirm', track: recommended, reasonCode: null, note: null };
    }
  };

  const unemployedBefore = (openedAt: number, dob: string, office: 0 | 1): string | null => {
    if (rng.chance(0.03)) return null; // still in work, on notice
    const [min, max] = rng.weighted<[number, number]>([
      [[0, 45], 55],
      [[45, 180], 20],
      [[180, 365], 14],
      [[365, 1000], 7],
    ]);
    let days = rng.between(min, max);
    // Nobody out of work for more than three years, nor since before their 16th birthday.
    const earliest = Math.max(now - 36 * MONTH, Date.parse(`${addDays(dob, 16 * 366)}T12:00:00Z`));
    if (openedAt - days * DAY < earliest) days = Math.max(0, (openedAt - earliest) / DAY) * rng.between(0.5, 1);
    return localDate(openedAt - days * DAY, tz(office));
  };

  const sketchCurrent = (person: Person, status: CaseStatus, openedAt: number): Sketch => {
    const office = person.office;
    const s = newSketch(person, office, status, openedAt, person.unemployedSince);
    if (status === 'registered') return s;
    if (status === 'closed' && rng.chance(0.07)) {
      // Never got past registration: no contact, closed by the supervisor.
      s.closedAt = later(rng, openedAt, 14, 45, now);
      s.closeReason = rng.weighted<CloseReason>([
        ['inactive', 7],
        ['moved', 2],
        ['employed', 1],
      ]);
      return s;
    }
    if (status === 'triaged') {
      decide(s, later(rng, openedAt, 0.5, 4, now));
      return s;
    }
    const assignedAt = later(rng, openedAt, 0.5, 6, now);
    decide(s, assignedAt);
    s.assignedAt = assignedAt;
    if (status === 'closed') {
      s.closedAt = later(rng, assignedAt, 20, Math.max(21, Math.min(330, (now - assignedAt) / DAY - 1)), now);
      s.closeReason = rng.weighted<CloseReason>([
        ['employed', 45],
        ['training', 20],
        ['moved', 8],
        ['inactive', 17],
        ['other', 10],
      ]);
      if (rng.chance(0.15)) {
        const from = later(rng, assignedAt, 10, Math.max(11, (s.closedAt - assignedAt) / DAY / 2), s.closedAt);
        s.holds.push({ from, to: rng.chance(0.5) ? later(rng, from, 7, 40, s.closedAt) : null });
      }
    } else if (status === 'on_hold') {
      const from = workTime(rng, Math.max(assignedAt + 14 * DAY, now - rng.between(3, 120) * DAY), assignedAt, now);
      s.holds.push({ from, to: null });
    } else if (now - assignedAt > 60 * DAY && rng.chance(0.12)) {
      const from = later(rng, assignedAt, 20, (now - assignedAt) / DAY / 2, now);
      s.holds.push({ from, to: later(rng, from, 7, 45, now) });
    }
    return s;
  };

  for (let n = 0; n < base; n++) {
    rng.seed(1, n);
    const office: 0 | 1 = rng.chance(0.6) ? 0 : 1;
    const facts = personFacts(n, office, now, tz(office));
    rng.seed(2, n);
    const status = rng.weighted<CaseStatus>([
      ['registered', 10],
      ['triaged', 5],
      ['active', 55],
      ['on_hold', 10],
      ['closed', 20],
    ]);
    const ageDays =
      status === 'registered'
        ? rng.weighted<[number, number]>([
            [[0, 7], 70],
            [[7, 12], 22],
            [[12, 30], 8],
          ])
        : status === 'triaged'
          ? [3, 18]
          : status === 'active'
            ? rng.weighted<[number, number]>([
                [[2, 30], 18],
                [[30, 180], 37],
                [[180, 540], 45],
              ])
            : status === 'on_hold'
              ? [60, 540]
              : [30, 540];
    const openedAt = workTime(rng, now - rng.between(ageDays[0], ageDays[1]) * DAY, now - 545 * DAY, now);
    const person: Person = {
      n,
      office,
      facts,
      id: rng.uuid(),
      unemployedSince: null,
      consentExpiresOn: null,
      createdBy: rng.pick(staffOf(office, 'front_desk')),
      cases: [],
    };
    person.unemployedSince = unemployedBefore(openedAt, facts.dateOfBirth, office);
    people.push(person);
    // About one in ten came before: an older case, closed, within the last 18 months.
    const earliest = now - 540 * DAY;
    if (rng.chance(0.115) && openedAt - earliest > 100 * DAY) {
      const priorOpened = workTime(rng, earliest + rng.between(0, openedAt - earliest - 90 * DAY), earliest, openedAt);
      const priorUnemployed = unemployedBefore(priorOpened, facts.dateOfBirth, office);
      const prior = newSketch(person, office, 'closed', priorOpened, priorUnemployed);
      const room = (openedAt - priorOpened) / DAY - 10;
      if (rng.chance(0.8)) {
        prior.assignedAt = later(rng, priorOpened, 0.5, 5, openedAt);
        decide(prior, prior.assignedAt);
        prior.closedAt = later(rng, prior.assignedAt, Math.min(25, room - 6), Math.max(26, Math.min(250, room - 5)), openedAt - 2 * DAY);
        prior.closeReason = rng.weighted<CloseReason>([
          ['employed', 40],
          ['training', 15],
          ['moved', 5],
          ['inactive', 30],
          ['other', 10],
        ]);
      } else {
        prior.closedAt = later(rng, priorOpened, Math.min(14, room - 6), Math.min(60, room - 5), openedAt - 2 * DAY);
        prior.closeReason = 'inactive';
      }
      person.cases.push(prior);
    }
    person.cases.push(sketchCurrent(person, status, openedAt));
    person.consentExpiresOn = rng.chance(0.86) ? addDays(localDate(person.cases[0].openedAt, tz(office)), rng.pick([730, 1095])) : null;
  }

  // 2. Near-duplicates: the same person registered a second time, typed differently --------------
  const nearDuplicates: Array<{ original: Person; duplicate: Person; kind: NearDuplicateKind }> = [];
  const used = new Set<number>();
  const hasAccent = (p: Person) => /[^\p{ASCII}]/u.test(p.facts.givenName + p.facts.familyName);
  for (let d = 0; d < NEAR_DUPLICATES; d++) {
    rng.seed(3, d);
    let kind = (['swapped_names', 'typo', 'accents_dropped', 'typo_swapped', 'typo'] as const)[d % 5];
    let original: Person;
    do original = people[rng.int(0, base - 1)];
    while (
      used.has(original.n) ||
      (kind === 'accents_dropped' && !hasAccent(original) && rng.chance(0.9)) ||
      original.facts.givenName.length < 4
    );
    used.add(original.n);
    if (kind === 'accents_dropped' && !hasAccent(original)) kind = 'typo';
    const names = nearDuplicateName(original.facts, kind);
    const office: 0 | 1 = rng.chance(0.6) ? original.office : original.office === 0 ? 1 : 0;
    const facts: PersonFacts = { ...original.facts, ...names, nationalId: null, email: rng.chance(0.5) ? null : original.facts.email };
    const status = rng.weighted<CaseStatus>([
      ['registered', 50],
      ['triaged', 15],
      ['active', 35],
    ]);
    const openedAt = workTime(
      rng,
      now - rng.between(1, status === 'active' ? 45 : 9) * DAY,
      Math.max(original.cases[original.cases.length - 1].openedAt, now - 60 * DAY),
      now,
    );
    const duplicate: Person = {
      n: base + d,
      office,
      facts,
      id: rng.uuid(),
      unemployedSince: original.unemployedSince,
      consentExpiresOn: rng.chance(0.8) ? addDays(localDate(openedAt, tz(office)), 730) : null,
      createdBy: rng.pick(staffOf(office, 'front_desk')),
      cases: [],
    };
    if (office !== original.office) moveTo(duplicate.facts, duplicate.n, office);
    rng.seed(3, d, 1);
    duplicate.cases.push(sketchCurrent(duplicate, status, openedAt));
    people.push(duplicate);
    nearDuplicates.push({ original, duplicate, kind });
  }

  // 3. A transfer accepted in the past (Northside -> Riverside) and one waiting for a decision ----
  const current = (p: Person) => p.cases[p.cases.length - 1];
  const routineActive = (office: 0 | 1, minAgeDays: number, maxAgeDays: number) =>
    people.find((p) => {
      const c = current(p);
      const age = (now - (c.assignedAt ?? now)) / DAY;
      return (
        p.office === office &&
        p.cases.length === 1 &&
        c.status === 'active' &&
        !c.holds.length &&
        trackOf(c) === 'routine' &&
        age > minAgeDays &&
        age < maxAgeDays &&
        !used.has(p.n)
      );
    });
  const moved = routineActive(0, 120, 300);
  if (moved) {
    rng.seed(4, 1);
    const c = current(moved);
    const requestedAt = later(rng, c.assignedAt!, 20, 60, now - 30 * DAY);
    const acceptedAt = later(rng, requestedAt, 1, 3, now);
    c.transfer = { id: rng.uuid(), requestedAt, acceptedAt, from: 0, to: 1, reassignedAt: later(rng, acceptedAt, 0.5, 2, now) };
    c.previousAssignee = rng.pick(staffOf(0, 'counsellor'));
    c.office = 1;
    moved.office = 1;
    moveTo(moved.facts, moved.n, 1);
    used.add(moved.n);
  }
  const pending = routineActive(1, 60, 400);
  if (pending) {
    rng.seed(4, 2);
    const c = current(pending);
    c.transfer = {
      id: rng.uuid(),
      requestedAt: workTime(rng, now - rng.between(1, 3) * DAY, c.assignedAt!, now),
      acceptedAt: null,
      from: 1,
      to: 0,
      reassignedAt: null,
    };
    used.add(pending.n);
  }

  // 4. Case workers override a few tracks later; some reviews are still in the supervisor's inbox --
  const lateOverrides: Record<0 | 1, { open: number; done: number }> = { 0: { open: 3, done: 2 }, 1: { open: 1, done: 2 } };
  for (const s of sketches) {
    const quota = lateOverrides[s.office];
    if (s.status !== 'active' || s.transfer || s.holds.length || !s.decision || used.has(s.person.n) || (!quota.open && !quota.done))
      continue;
    rng.seed(5, s.n);
    if (!rng.chance(0.05)) continue;
    const since = (now - s.assignedAt!) / DAY;
    const from = s.decision.track;
    const to = other(from);
    const reasonCode =
      to === 'targeted' ? 'additional_barriers_known' : rng.pick(['fewer_barriers_than_scored', 'client_request'] as const);
    if (quota.open && since > 10) {
      quota.open--;
      s.lateOverride = { at: workTime(rng, now - rng.between(0.2, 4) * DAY, s.assignedAt!, now), from, to, reasonCode, reviewedAt: null };
    } else if (quota.done && since > 40) {
      quota.done--;
      const at = later(rng, s.assignedAt!, 7, since / 2, now);
      s.lateOverride = { at, from, to, reasonCode, reviewedAt: later(rng, at, 0.5, 3, now) };
    }
  }

  // 5. Who holds each case: within cap mostly, two people a little over ---------------------------
  for (const s of sketches) {
    if (!s.assignedAt) continue;
    rng.seed(6, s.n);
    // Some cases changed hands before (leave, rebalancing).
    if (!s.transfer && !s.lateOverride && (s.closedAt ?? now) - s.assignedAt > 60 * DAY && rng.chance(0.08)) {
      s.reassignedAt = later(rng, s.assignedAt, 20, ((s.closedAt ?? now) - s.assignedAt) / DAY - 5, s.closedAt ?? now);
    }
    if (s.status === 'closed') {
      const track = trackOf(s)!;
      s.assignee = rng.pick(staffOf(s.office, roleFor(track)));
      if (s.reassignedAt) s.previousAssignee = rng.pick(staffOf(s.office, roleFor(track)).filter((u) => u !== s.assignee));
    }
  }
  const overCapPeople = new Set<PopulationStaff>();
  for (const office of [0, 1] as const) {
    for (const role of ['counsellor', 'specialist'] as const) {
      const staff = staffOf(office, role);
      // An open override review leaves the case with its first case worker until the supervisor acts.
      const roleTrack = (s: Sketch): Track => (s.lateOverride && !s.lateOverride.reviewedAt ? s.lateOverride.from : trackOf(s)!);
      const open = sketches.filter((s) => s.office === office && s.assignedAt && s.status !== 'closed' && roleFor(roleTrack(s)) === role);
      const demand = open.reduce((sum, s) => sum + TRACK_WEIGHT[trackOf(s)!], 0);
      rng.seed(7, office, role === 'counsellor' ? 0 : 1);
      const over = staff.filter((u) => !u.main)[0];
      const overThis = (office === 0 && role === 'counsellor') || (office === 1 && role === 'specialist');
      const fill = new Map(staff.map((u) => [u, u === over && overThis ? rng.between(1.03, 1.07) : rng.between(0.7, 0.95)]));
      const capacity = staff.reduce((sum, u) => sum + (u.caseloadCap ?? 0) * fill.get(u)!, 0);
      const scale = demand / capacity;
      const target = new Map(
        staff.map((u) => [u, (u.caseloadCap ?? 0) * fill.get(u)! * (u === over && overThis ? Math.max(scale, 1) : scale)]),
      );
      const load = new Map(staff.map((u) => [u, 0]));
      // The over-cap person gets their cases first, so the last of them went over.
      const ordered = [...open].sort((a, b) => a.assignedAt! - b.assignedAt!);
      for (const s of ordered) {
        const w = TRACK_WEIGHT[trackOf(s)!];
        let best = staff[0];
        for (const u of staff) if (target.get(u)! - load.get(u)! > target.get(best)! - load.get(best)!) best = u;
        load.set(best, load.get(best)! + w);
        s.assignee = best;
        if (best.caseloadCap !== null && load.get(best)! > best.caseloadCap) {
          overCapPeople.add(best);
          s.overCapReason = 'Covering for a colleague on leave';
        }
        if (s.reassignedAt) s.previousAssignee = rng.pick(staff.filter((u) => u !== best)) ?? null;
        if (s.lateOverride?.reviewedAt) s.previousAssignee = rng.pick(staffOf(office, roleFor(s.lateOverride.from)));
      }
    }
  }

  // 6. Rows ----------------------------------------------------------------------------------------
  const pop: Population = {
    jobseekers: [],
    cases: [],
    triageResults: [],
    decisions: [],
    events: [],
    workItems: [],
    notes: [],
    transfers: [],
    plans: [],
    planGoals: [],
    planActions: [],
    planEvents: [],
    nearDuplicates: [],
  };
  const officeId = (o: 0 | 1) => offices[o].id;

  for (const p of people) {
    const { female: _f, ...facts } = p.facts;
    const createdAt = p.cases[0].openedAt;
    pop.jobseekers.push({
      ...facts,
      id: p.id,
      homeOfficeId: officeId(p.office),
      nameKey: nameKey(facts.givenName, facts.familyName),
      unemployedSince: p.unemployedSince,
      consentDataSharing: p.consentExpiresOn !== null,
      consentExpiresOn: p.consentExpiresOn,
      createdBy: p.createdBy.id,
      createdAt,
      refYear: localDate(createdAt, tz(p.cases[0].office)).slice(0, 4),
    });
  }
  for (const d of nearDuplicates) pop.nearDuplicates.push({ originalId: d.original.id, duplicateId: d.duplicate.id, kind: d.kind });

  for (const s of sketches) {
    rng.seed(10, s.n);
    const p = s.person;
    const openOffice: 0 | 1 = s.transfer?.acceptedAt ? s.transfer.from : s.office;
    const supervisor = supervisorOf(openOffice);
    const desk = p.createdBy;
    const events: EventRow[] = [];
    const ev = (kind: EventRow['kind'], data: Record<string, unknown>, actor: PopulationStaff | null, at: number) =>
      events.push({ caseId: s.id, kind, data, actorId: actor?.id ?? null, at });
    const items: WorkItemRow[] = [];
    const item = (w: Partial<WorkItemRow> & Pick<WorkItemRow, 'kind' | 'dueAt' | 'createdAt'>) => {
      const row = workItemRow({ id: rng.uuid(), officeId: officeId(s.office), caseId: s.id, ...w });
      // Claimed a little before completing, but never before the item existed.
      if (row.claimedAt !== null && row.claimedAt < row.createdAt)
        row.claimedAt = row.createdAt + ((row.completedAt ?? now) - row.createdAt) / 2;
      items.push(row);
      return row;
    };
    const done = (by: PopulationStaff, at: number, result: Record<string, unknown>, claimed = true) => ({
      status: 'done' as const,
      claimedBy: claimed ? by.id : null,
      claimedAt: claimed ? at - rng.int(5, 40) * 60_000 : null,
      completedBy: by.id,
      completedAt: at,
      result,
    });
    const end = s.closedAt ?? now;
    let version = 1;
    let track: Track | null = null;
    let trackDecision: CaseRow['trackDecision'] = null;

    // Registration: the case, the profiling run, the routine work items.
    ev('status', { from: null, to: 'registered' }, desk, s.openedAt);
    ev(
      'triage',
      { triageId: s.triageId, modelVersion: s.result.modelVersion, score: s.result.score, recommendedTrack: s.result.recommendedTrack },
      desk,
      s.openedAt,
    );
    pop.triageResults.push({ id: s.triageId, caseId: s.id, inputs: s.inputs, result: s.result, runBy: desk.id, createdAt: s.openedAt });

    const verifyDue = s.openedAt + 2 * DAY;
    const bookDue = s.openedAt + FIRST_INTERVIEW_DAYS * DAY;
    const pastRegistration = s.decidedAt ?? null;
    const deskWorker = () => rng.pick(staffOf(openOffice, 'front_desk'));
    // verify_registration
    {
      const base = {
        kind: 'verify_registration' as const,
        queue: 'routine' as const,
        dueAt: verifyDue,
        createdAt: s.openedAt,
        officeId: officeId(openOffice),
      };
      if (pastRegistration || (now - s.openedAt > 1.5 * DAY && rng.chance(0.85)) || (s.closedAt && rng.chance(0.6))) {
        const at = later(rng, s.openedAt, 0.02, 1.8, Math.min(pastRegistration ?? end, end));
        item({ ...base, ...done(deskWorker(), at, { documentsChecked: rng.pick(DOCUMENTS), outcome: 'verified' }) });
      } else if (s.closedAt) {
        item({ ...base, status: 'cancelled', updatedAt: s.closedAt, version: 2 });
      } else if (rng.chance(0.12)) {
        const at = workTime(rng, now - rng.between(0, 1) * DAY, s.openedAt, now);
        item({ ...base, status: 'claimed', claimedBy: deskWorker().id, claimedAt: at });
      } else item(base);
    }
    // book_first_interview
    {
      const base = {
        kind: 'book_first_interview' as const,
        queue: 'routine' as const,
        dueAt: bookDue,
        createdAt: s.openedAt,
        officeId: officeId(openOffice),
      };
      const booked =
        s.assignedAt || (s.decidedAt && rng.chance(0.7)) || (s.status === 'registered' && now - s.openedAt > 3 * DAY && rng.chance(0.3));
      if (booked || (s.closedAt && rng.chance(0.3))) {
        const at = later(rng, s.openedAt, 0.1, 4, Math.min(s.assignedAt ?? end, end));
        item({ ...base, ...done(deskWorker(), at, { outcome: 'booked' }) });
      } else if (s.closedAt) {
        item({ ...base, status: 'cancelled', updatedAt: s.closedAt, version: 2 });
      } else if (rng.chance(0.1)) {
        const at = workTime(rng, now - rng.between(0, 1) * DAY, s.openedAt, now);
        item({ ...base, status: 'claimed', claimedBy: deskWorker().id, claimedAt: at });
      } else item(base);
    }

    // Decision (and assignment, which the API does in the same step).
    if (s.decision && s.decidedAt) {
      const d = s.decision;
      pop.decisions.push({
        caseId: s.id,
        triageResultId: s.triageId,
        kind: d.kind,
        track: d.track,
        reasonCode: d.reasonCode,
        note: d.note,
        decidedBy: supervisor.id,
        decidedRole: 'supervisor',
        createdAt: s.decidedAt,
      });
      ev(
        'decision',
        { kind: d.kind, track: d.track, recommended: s.result.recommendedTrack, reasonCode: d.reasonCode ?? undefined },
        supervisor,
        s.decidedAt,
      );
      ev('status', { from: 'registered', to: 'triaged' }, supervisor, s.decidedAt);
      track = d.track;
      trackDecision = d.kind === 'override' ? 'overridden' : 'confirmed';
      if (!s.assignedAt) version++;
    }
    let holder: PopulationStaff | null = null;
    if (s.assignedAt) {
      const first = s.previousAssignee && (s.reassignedAt || s.transfer || s.lateOverride?.reviewedAt) ? s.previousAssignee : s.assignee!;
      ev('status', { from: 'triaged', to: 'active' }, supervisor, s.assignedAt);
      ev(
        'assignment',
        { from: null, to: first.id, overCapReason: first === s.assignee ? (s.overCapReason ?? undefined) : undefined },
        supervisor,
        s.assignedAt,
      );
      holder = first;
      version++;
      if (track === 'targeted') {
        const base = {
          kind: 'specialist_intake' as const,
          queue: 'targeted' as const,
          priority: 1 as const,
          dueAt: s.assignedAt + 5 * DAY,
          createdAt: s.assignedAt,
          officeId: officeId(openOffice),
        };
        if (now - s.assignedAt > 9 * DAY || (s.closedAt && rng.chance(0.5))) {
          const at = later(rng, s.assignedAt, 0.5, 6, end);
          item({ ...base, ...done(first, at, { outcome: 'intake interview held' }) });
        } else if (s.closedAt) {
          item({ ...base, status: 'cancelled', updatedAt: s.closedAt, version: 2 });
        } else if (rng.chance(0.35)) {
          item({ ...base, status: 'claimed', claimedBy: first.id, claimedAt: later(rng, s.assignedAt, 0, 2, now) });
        } else item(base);
      }
      if (s.reassignedAt && s.previousAssignee) {
        ev('assignment', { from: first.id, to: s.assignee!.id }, supervisor, s.reassignedAt);
        holder = s.assignee;
        version++;
      }
    }

    // Later changes, in time order.
    const changes: Array<{ at: number; apply: () => void }> = [];
    for (const h of s.holds) {
      changes.push({ at: h.from, apply: () => (ev('status', { from: 'active', to: 'on_hold' }, holder, h.from), version++) });
      if (h.to) changes.push({ at: h.to, apply: () => (ev('status', { from: 'on_hold', to: 'active' }, holder, h.to!), version++) });
    }
    const lo = s.lateOverride;
    if (lo) {
      changes.push({
        at: lo.at,
        apply: () => {
          const by = holder!;
          const decided = {
            caseId: s.id,
            triageResultId: s.triageId,
            kind: 'override' as const,
            track: lo.to,
            reasonCode: lo.reasonCode,
            note: OVERRIDE_NOTES[lo.reasonCode] ?? null,
          };
          pop.decisions.push({ ...decided, decidedBy: by.id, decidedRole: by.role, createdAt: lo.at });
          ev('decision', { kind: 'override', track: lo.to, recommended: s.result.recommendedTrack, reasonCode: lo.reasonCode }, by, lo.at);
          track = lo.to;
          trackDecision = 'overridden';
          version++;
          const review = {
            kind: 'override_review' as const,
            assigneeId: supervisor.id,
            dueAt: lo.at + 3 * DAY,
            createdAt: lo.at,
            data: { from: lo.from, to: lo.to, reasonCode: lo.reasonCode, by: by.id },
          };
          if (lo.reviewedAt) {
            item({
              ...review,
              ...done(supervisor, lo.reviewedAt, { outcome: 'agreed; case moved to a colleague on the new track' }, false),
            });
            ev('assignment', { from: by.id, to: s.assignee!.id }, supervisor, lo.reviewedAt);
            holder = s.assignee;
            version++;
          } else item(review);
        },
      });
    }
    const t = s.transfer;
    if (t) {
      const from = supervisorOf(t.from);
      const to = supervisorOf(t.to);
      const transfer: TransferRow = {
        id: t.id,
        caseId: s.id,
        fromOfficeId: officeId(t.from),
        toOfficeId: officeId(t.to),
        status: t.acceptedAt ? 'accepted' : 'requested',
        reason: t.from === 0 ? 'The client moved to the Riverside area.' : 'Le demandeur a déménagé dans le secteur de Northside.',
        requestedBy: from.id,
        decidedBy: t.acceptedAt ? to.id : null,
        decisionNote: t.acceptedAt ? 'Accepted: first appointment booked with a counsellor.' : null,
        decidedAt: t.acceptedAt,
        createdAt: t.requestedAt,
        updatedAt: t.acceptedAt ?? t.requestedAt,
      };
      pop.transfers.push(transfer);
      changes.push({
        at: t.requestedAt,
        apply: () => {
          ev('transfer', { transferId: t.id, status: 'requested', from: officeId(t.from), to: officeId(t.to) }, from, t.requestedAt);
          const request = {
            kind: 'transfer_request' as const,
            officeId: officeId(t.to),
            assigneeId: to.id,
            dueAt: t.requestedAt + 3 * DAY,
            createdAt: t.requestedAt,
            data: { transferId: t.id, fromOfficeId: officeId(t.from) },
          };
          if (t.acceptedAt) {
            item({ ...request, ...done(to, t.acceptedAt, { decision: 'accepted' }, false) });
            ev(
              'transfer',
              { transferId: t.id, status: 'accepted', from: officeId(t.from), to: officeId(t.to), note: transfer.decisionNote },
              to,
              t.acceptedAt,
            );
            version++;
            ev('assignment', { from: null, to: s.assignee!.id }, to, t.reassignedAt!);
            holder = s.assignee;
            version++;
          } else item(request);
        },
      });
    }
    changes.sort((a, b) => a.at - b.at);
    for (const c of changes) c.apply();

    // Follow-ups, plan reviews and phone calls on open cases.
    if (s.assignee && !s.closedAt) {
      if (rng.chance(0.04)) {
        const created = workTime(rng, now - rng.between(0.5, 20) * DAY, s.assignedAt!, now);
        const base = {
          kind: 'follow_up_no_show' as const,
          assigneeId: s.assignee.id,
          dueAt: created + 3 * DAY,
          createdAt: created,
          data: { reason: 'no_show' },
        };
        if (created + 3 * DAY < now && rng.chance(0.75))
          item({
            ...base,
            ...done(s.assignee, later(rng, created, 0.2, 3, now), { outcome: 'client reached; new appointment booked' }, false),
          });
        else item(base);
      }
    }
    let nextReviewDue: string | null = null;
    if (s.assignedAt && !s.closedAt) {
      let due = s.assignedAt + 90 * DAY;
      while (due < now - 20 * DAY) due += 90 * DAY;
      nextReviewDue = localDate(due, tz(s.office));
      version++;
      if (s.status === 'active' && due > now && due < now + 14 * DAY && rng.chance(0.4)) {
        item({ kind: 'review_plan', assigneeId: s.assignee!.id, dueAt: due, createdAt: due - 14 * DAY });
      }
    }
    if (
      (s.status === 'active' || s.status === 'registered') &&
      !s.closedAt &&
      p.facts.digitalSkills === 'none' &&
      p.facts.phone &&
      rng.chance(0.2)
    ) {
      const created = workTime(rng, now - rng.between(0, 3) * DAY, s.openedAt, now);
      const base = {
        kind: 'phone_client' as const,
        queue: 'routine' as const,
        dueAt: created + 2 * DAY,
        createdAt: created,
        data: { reason: 'appointment_reminder' },
      };
      if (created + DAY < now && rng.chance(0.5))
        item({ ...base, ...done(deskWorker(), later(rng, created, 0.1, 1.5, now), { outcome: 'reached by phone' }) });
      else item(base);
    }

    // Notes by the case worker.
    if (s.assignedAt) {
      const count = rng.weighted([
        [0, 30],
        [1, 35],
        [2, 25],
        [3, 10],
      ] as const);
      // Written by whoever holds the case now, since they took it over.
      let at = Math.max(s.assignedAt, s.reassignedAt ?? 0, s.lateOverride?.reviewedAt ?? 0, s.transfer?.reassignedAt ?? 0);
      for (let k = 0; k < count && end - at > 2 * DAY; k++) {
        at = later(rng, at, 1, Math.max(2, Math.min(60, (end - at) / DAY - 1)), end);
        const restricted = rng.chance(0.12);
        pop.notes.push({
          caseId: s.id,
          authorId: (holder ?? s.assignee)!.id,
          body: rng.pick(restricted ? RESTRICTED_NOTES[s.office] : NOTES[s.office]),
          visibility: restricted ? 'restricted' : 'case_team',
          createdAt: at,
        });
      }
    }

    // Closing cancels what is still open.
    if (s.closedAt) {
      const fromStatus = s.holds.some((h) => !h.to) ? 'on_hold' : s.assignedAt ? 'active' : 'registered';
      ev('status', { from: fromStatus, to: 'closed', closeReason: s.closeReason }, holder ?? supervisor, s.closedAt);
      version++;
      for (const w of items) {
        if (w.status === 'open' || w.status === 'claimed')
          Object.assign(w, { status: 'cancelled', updatedAt: s.closedAt, version: w.version + 1 });
      }
    }

    const notes = CLOSE_NOTES[s.office][s.closeReason ?? 'other'] ?? [];
    pop.cases.push({
      id: s.id,
      jobseekerId: p.id,
      officeId: officeId(s.office),
      status: s.status,
      track,
      trackDecision,
      recommendedTrack: s.result.recommendedTrack,
      assignedTo: s.assignedAt ? s.assignee!.id : null,
      priorityGroups: s.result.priorityGroups,
      openedAt: s.openedAt,
      closedAt: s.closedAt,
      closeReason: s.closeReason,
      closeNote: s.closedAt && notes.length && rng.chance(0.6) ? rng.pick(notes) : null,
      firstInterviewDue: addDays(localDate(s.openedAt, tz(openOffice)), FIRST_INTERVIEW_DAYS),
      nextReviewDue,
      version,
      updatedAt: Math.max(...events.map((e) => e.at)),
      refYear: localDate(s.openedAt, tz(openOffice)).slice(0, 4),
    });
    pop.events.push(...events);
    pop.workItems.push(...items);
  }

  // 7. Intervention plans, with their inbox and review items ------------------------------------------
  const plans = buildPlans(pop, input);
  pop.plans = plans.plans;
  pop.planGoals = plans.goals;
  pop.planActions = plans.actions;
  pop.planEvents = plans.planEvents;
  pop.workItems.push(...plans.workItems);

  // 8. Overdue items were escalated to the office supervisor, as the every-minute job does -----------
  const escalations: WorkItemRow[] = [];
  for (const w of pop.workItems) {
    if ((w.status !== 'open' && w.status !== 'claimed') || w.dueAt >= now) continue;
    rng.seed(11, escalations.length);
    const escalatedAt = Math.min(w.dueAt + rng.int(5, 60) * 1000, now - 1000);
    w.escalatedAt = escalatedAt;
    w.updatedAt = Math.max(w.updatedAt, escalatedAt);
    const office = offices[0].id === w.officeId ? 0 : 1;
    const supervisor = supervisorOf(office);
    const acknowledged = now - escalatedAt > 3 * DAY && rng.chance(0.8);
    escalations.push({
      id: rng.uuid(),
      officeId: w.officeId,
      caseId: w.caseId,
      kind: 'overdue_escalation',
      queue: null,
      assigneeId: supervisor.id,
      status: acknowledged ? 'done' : 'open',
      priority: 1,
      dueAt: escalatedAt + DAY,
      claimedBy: null,
      claimedAt: null,
      completedBy: acknowledged ? supervisor.id : null,
      completedAt: acknowledged ? later(rng, escalatedAt, 0.1, 2, now) : null,
      result: acknowledged ? { outcome: 'acknowledged' } : null,
      data: { itemId: w.id, itemKind: w.kind, dueAt: new Date(w.dueAt).toISOString() },
      escalatedAt: null,
      createdAt: escalatedAt,
      updatedAt: escalatedAt,
      version: acknowledged ? 2 : 1,
    });
  }
  for (const e of escalations) if (e.completedAt) e.updatedAt = e.completedAt;
  pop.workItems.push(...escalations);
  pop.events.sort((a, b) => a.at - b.at);
  return pop;
}

/** Counts for the audit event and the start-up log: nothing personal. */
export function populationCounts(p: Population): Record<string, number> {
  return {
    jobseekers: p.jobseekers.length,
    cases: p.cases.length,
    triageResults: p.triageResults.length,
    triageDecisions: p.decisions.length,
    caseEvents: p.events.length,
    workItems: p.workItems.length,
    caseNotes: p.notes.length,
    caseTransfers: p.transfers.length,
    interventionPlans: p.plans.length,
    planGoals: p.planGoals.length,
    planActions: p.planActions.length,
    planEvents: p.planEvents.length,
    nearDuplicates: p.nearDuplicates.length,
  };
}

export { OVERRIDE_REASONS };
