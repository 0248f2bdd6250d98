import type { Role, Language } from './roles.js';
import type {
  AgreementMethod,
  CaseStatus,
  CloseReason,
  GoalOutcome,
  PlanActionOwner,
  PlanActionStatus,
  PlanActionType,
  PlanEventKind,
  PlanStatus,
  Track,
} from './casework.js';

export interface RegionDto {
  id: string;
  code: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OpeningHours {
  /** ISO weekday 1 (Monday) .. 7 (Sunday) -> list of [open, close] in local "HH:MM". */
  [weekday: string]: Array<[string, string]>;
}

export interface OfficeDto {
  id: string;
  regionId: string;
  code: string;
  name: string;
  timeZone: string;
  language: Language;
  national: boolean;
  openingHours: OpeningHours;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface UserDto {
  id: string;
  email?: string;
  fullName: string;
  role: Role;
  officeId: string;
  active: boolean;
  /** Away (leave, sickness): takes no new cases; their open cases show among the unassigned. */
  away: boolean;
  caseloadCap?: number | null;
  mustChangePassword?: boolean;
  lastLoginAt?: string | null;
  version?: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface CurrentUser {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  officeId: string;
  regionId: string;
  mustChangePassword: boolean;
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  user: CurrentUser;
}

export interface AuditEventDto {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: Role | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** A case as GET /api/cases answers it; front desk gets the summary fields only (those not optional). */
export interface CaseDto {
  id: string;
  reference: string;
  jobseekerId: string;
  jobseekerName: string;
  officeId: string;
  status: CaseStatus;
  openedAt: string;
  firstInterviewDue: string | null;
  track?: Track | null;
  recommendedTrack?: Track | null;
  trackDecision?: 'confirmed' | 'overridden' | null;
  overridden?: boolean;
  assignedTo?: string | null;
  assigneeName?: string | null;
  /** The assignee is deactivated or away: the case shows among the supervisor's unassigned cases. */
  needsAssignment?: boolean;
  priorityGroups?: string[];
  closedAt?: string | null;
  closeReason?: CloseReason | null;
  nextReviewDue?: string | null;
  version?: number;
}

/** Load against cap of one counsellor or specialist (GET /api/caseloads). */
export interface CaseloadDto {
  id: string;
  fullName: string;
  role: 'counsellor' | 'specialist';
  active: boolean;
  away: boolean;
  cap: number | null;
  openCases: number;
  routineCases: number;
  targetedCases: number;
  /** Targeted cases count twice. */
  load: number;
  overCap: boolean;
  /** The staff member's version, for PATCH /api/caseloads/:id. */
  version: number;
}

/** One action of a plan's goal: what, by whom, by when. */
export interface PlanActionDto {
  id: string;
  goalId: string;
  position: number;
  type: PlanActionType;
  description: string;
  provider: string | null;
  owner: PlanActionOwner;
  /** The member of staff who owns it (owner `staff`), else null. */
  ownerUserId: string | null;
  ownerName: string | null;
  dueDate: string | null;
  status: PlanActionStatus;
  outcome: string | null;
}

export interface PlanGoalDto {
  id: string;
  position: number;
  description: string;
  targetDate: string | null;
  outcome: GoalOutcome | null;
  outcomeNote: string | null;
  actions: PlanActionDto[];
}

/** An intervention plan as GET /api/intervention-plans/:id answers it (lists leave out `goals`). */
export interface InterventionPlanDto {
  id: string;
  caseId: string;
  caseReference: string;
  officeId: string;
  jobseekerName: string;
  status: PlanStatus;
  nextReviewDate: string | null;
  agreedOn: string | null;
  agreementMethod: AgreementMethod | null;
  /** The supervisor's comment when returning the plan to draft (shown to its author). */
  returnComment: string | null;
  approvalComment: string | null;
  cancelReason: string | null;
  createdBy: string;
  createdByName: string;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  returnedBy: string | null;
  returnedAt: string | null;
  agreementRecordedBy: string | null;
  agreementRecordedAt: string | null;
  completedBy: string | null;
  completedAt: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  goals?: PlanGoalDto[];
}

/** One entry of a plan's history: who (and in which role), when, what changed. */
export interface PlanEventDto {
  id: string;
  at: string;
  kind: PlanEventKind;
  actorId: string | null;
  actorName: string | null;
  actorRole: Role | null;
  data: Record<string, unknown>;
}
