import type { RaRecord } from 'react-admin';
import type { CaseDto, CaseloadDto, Role, Track } from '@casework/contracts';
import type { Factor } from './reasons';

/** A case as the API answers it (`CaseDto`, shared with the API), as react-admin holds it. */
export type CaseRecord = RaRecord & CaseDto;

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

export type Caseload = CaseloadDto;

export const otherTrack = (track: Track): Track => (track === 'routine' ? 'targeted' : 'routine');
