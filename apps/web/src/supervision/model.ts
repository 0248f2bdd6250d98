import { TRACK_WEIGHT, type CaseloadDto, type Track } from '@casework/contracts';

/** One counsellor or specialist of the office, as `GET /api/caseloads` answers. */
/** One person of `GET /api/caseloads` (shared with the API). */
export type Caseload = CaseloadDto;

/** A suggested move from `GET /api/caseloads/suggestions`. */
export interface Move {
  caseId: string;
  reference: string;
  fromUserId: string;
  toUserId: string;
  weight: number;
}

/** A case of the unassigned list (the supervisor's view of `GET /api/cases`). */
export interface UnassignedCase {
  id: string;
  reference: string;
  jobseekerName: string;
  status: string;
  track: Track | null;
  recommendedTrack: Track | null;
  overridden: boolean;
  assignedTo: string | null;
  assigneeName: string | null;
  priorityGroups: string[];
  openedAt: string;
  firstInterviewDue: string | null;
  version: number;
}

export interface Transfer {
  id: string;
  caseId: string;
  caseReference: string;
  fromOfficeId: string;
  fromOfficeName: string;
  toOfficeId: string;
  toOfficeName: string;
  status: 'requested' | 'accepted' | 'rejected' | 'cancelled';
  reason: string;
  decisionNote: string | null;
  decidedAt: string | null;
  createdAt: string;
  version: number;
}

export type Availability = 'available' | 'away' | 'inactive';

export const availability = (p: Pick<Caseload, 'active' | 'away'>): Availability =>
  !p.active ? 'inactive' : p.away ? 'away' : 'available';

/** One bar of the caseload chart and one row of its table. */
export interface CaseloadRow {
  id: string;
  name: string;
  role: Caseload['role'];
  availability: Availability;
  openCases: number;
  routineCases: number;
  targetedCases: number;
  load: number;
  /** Null: no cap set. */
  cap: number | null;
  overCap: boolean;
  away: boolean;
  active: boolean;
  version: number;
  /** Weighted cases above the cap (positive) or room left under it (negative); null without a cap. */
  overBy: number | null;
  /** Load as a share of the cap, rounded to a whole percent; null without a cap. */
  percent: number | null;
}

/** One person's row, as the caseload chart and tables show it. */
export function caseloadRow(p: Caseload): CaseloadRow {
  return {
    id: p.id,
    name: p.fullName,
    role: p.role,
    availability: availability(p),
    openCases: p.openCases,
    routineCases: p.routineCases,
    targetedCases: p.targetedCases,
    load: p.load,
    cap: p.cap,
    overCap: p.cap !== null && p.load > p.cap,
    away: p.away,
    active: p.active,
    version: p.version,
    overBy: p.cap === null ? null : p.load - p.cap,
    percent: p.cap === null || p.cap === 0 ? null : Math.round((p.load / p.cap) * 100),
  };
}

/** Counsellors first, then specialists; within each role the most loaded (against cap) first. */
export function caseloadRows(people: Caseload[]): CaseloadRow[] {
  return people
    .map(caseloadRow)
    .sort(
      (a, b) =>
        (a.role === b.role ? 0 : a.role === 'counsellor' ? -1 : 1) || (b.percent ?? -1) - (a.percent ?? -1) || a.name.localeCompare(b.name),
    );
}

/** The upper end of the chart's load axis: room for the largest load or cap, to a round number. */
export function chartMax(rows: CaseloadRow[]): number {
  const top = Math.max(1, ...rows.map((r) => Math.max(r.load, r.cap ?? 0)));
  const step = top > 100 ? 20 : top > 40 ? 10 : 5;
  return Math.ceil((top * 1.05) / step) * step;
}

/** The track that decides who may take a case: the decided one, else the recommended one (bulk assign confirms it). */
export const effectiveTrack = (c: Pick<UnassignedCase, 'track' | 'recommendedTrack'>): Track | null => c.track ?? c.recommendedTrack;

export interface SelectionSummary {
  count: number;
  routine: number;
  targeted: number;
  /** No track decided yet: bulk assign confirms the recommended one. */
  undecided: number;
  /** Both tracks: no single person may take them all. */
  mixed: boolean;
}

export function summarise(cases: Array<Pick<UnassignedCase, 'track' | 'recommendedTrack'>>): SelectionSummary {
  const routine = cases.filter((c) => effectiveTrack(c) === 'routine').length;
  const targeted = cases.filter((c) => effectiveTrack(c) === 'targeted').length;
  return { count: cases.length, routine, targeted, undecided: cases.filter((c) => !c.track).length, mixed: routine > 0 && targeted > 0 };
}

/** Counsellors take routine cases, specialists targeted ones (the API refuses otherwise: rule roleForTrack). */
export function fitsRole(role: Caseload['role'], summary: SelectionSummary): boolean {
  return role === 'counsellor' ? summary.targeted === 0 : summary.routine === 0;
}

/** The load a person would carry after taking these cases (targeted count twice; their own cases count once). */
export function projectedLoad(
  person: Pick<Caseload, 'id' | 'load'>,
  cases: Array<Pick<UnassignedCase, 'track' | 'recommendedTrack' | 'assignedTo'>>,
): number {
  return cases.reduce((load, c) => {
    const track = effectiveTrack(c);
    return c.assignedTo === person.id || !track ? load : load + TRACK_WEIGHT[track];
  }, person.load);
}

/** People to offer in the assign dialog: available first, those of the right role first, then the most room. */
export function assigneeOptions(people: Caseload[], summary: SelectionSummary): Caseload[] {
  const room = (p: Caseload) => (p.cap === null ? Number.POSITIVE_INFINITY : p.cap - p.load);
  return [...people]
    .filter((p) => p.active)
    .sort(
      (a, b) =>
        Number(a.away) - Number(b.away) ||
        Number(fitsRole(b.role, summary)) - Number(fitsRole(a.role, summary)) ||
        room(b) - room(a) ||
        a.fullName.localeCompare(b.fullName),
    );
}
