import { Foundation1764115200000 } from './1764115200000-foundation.js';
import { CaseworkCore1764201600000 } from './1764201600000-casework-core.js';
import { WorklistIndexes1764288000000 } from './1764288000000-worklist-indexes.js';
import { CaseJobseekerIndex1764374400000 } from './1764374400000-case-jobseeker-index.js';
import { CaseRecommendedTrack1764460800000 } from './1764460800000-case-recommended-track.js';
import { InterventionPlans1764633600000 } from './1764633600000-intervention-plans.js';

/** Every migration, in order. The API runs pending ones at start under an advisory lock. */
export const MIGRATIONS = [
  Foundation1764115200000,
  CaseworkCore1764201600000,
  WorklistIndexes1764288000000,
  CaseJobseekerIndex1764374400000,
  CaseRecommendedTrack1764460800000,
  InterventionPlans1764633600000,
];
