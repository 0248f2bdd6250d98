import type { RaRecord } from 'react-admin';
import type { CaseStatus, CloseReason, Role, Track } from '@casework/contracts';
import type { Factor } from './reasons';

/** A case as GET /api/cases/:id answers it; front desk gets the summary fields only. */
export type CaseRecord = RaRecord & {
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
  needsAssignment?: boolean;
  priorityGroups?: string[];
  closedAt?: string | null;
  closeReason?: CloseReason | null;
  nextReviewDue?: string | null;
  version?: number;
};

export interface TriageResult {
  id: string;
  modelVersion: string;
  score: number;
  threshold: number;
  recommendedTrack: Track;
  priorityGroups: string[];
  factors: Factor[];
  /** Factors left out because they rest on sensitive facts the caller may not read. */
  withheldFactors?: number;
  createdAt: string;
}

export interface TriageDecision {
  id: string;
  triageResultId: string;
  kind: 'confirm' | 'override';
  track: Track;
  reasonCode: string | null;
  note: string | null;
  decidedByName: string;
  decidedRole: Role;
  createdAt: string;
}

export interface TriageHistory {
  results: TriageResult[];
  decisions: TriageDecision[];
}

export interface Caseload {
  id: string;
  fullName: string;
  role: 'counsellor' | 'specialist';
  active: boolean;
  away: boolean;
  cap: number | null;
  load: number;
  overCap: boolean;
}

export const otherTrack = (track: Track): Track => (track === 'routine' ? 'targeted' : 'routine');
