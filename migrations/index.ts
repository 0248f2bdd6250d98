import { Foundation1764115200000 } from './1764115200000-foundation.js';
import { CaseworkCore1764201600000 } from './1764201600000-casework-core.js';
import { WorklistIndexes1764288000000 } from './1764288000000-worklist-indexes.js';
import { CaseJobseekerIndex1764374400000 } from './1764374400000-case-jobseeker-index.js';
import { CaseRecommendedTrack1764460800000 } from './1764460800000-case-recommended-track.js';
import { Appointments1764547200000 } from './1764547200000-appointments.js';
import { InterventionPlans1764633600000 } from './1764633600000-intervention-plans.js';
import { AppointmentPlanAction1764720000000 } from './1764720000000-appointment-plan-action.js';
import { Reports1764806400000 } from './1764806400000-reports.js';
import { RateLimits1764892800000 } from './1764892800000-rate-limits.js';
import { ReportCellsLayout1764979200000 } from './1764979200000-report-cells-layout.js';
import { ReportStaffCaseload1765065600000 } from './1765065600000-report-staff-caseload.js';

/** Every migration, in order. The API runs pending ones at start under an advisory lock. */
export const MIGRATIONS = [
  Foundation1764115200000,
  CaseworkCore1764201600000,
  WorklistIndexes1764288000000,
  CaseJobseekerIndex1764374400000,
  CaseRecommendedTrack1764460800000,
  Appointments1764547200000,
  InterventionPlans1764633600000,
  AppointmentPlanAction1764720000000,
  Reports1764806400000,
  RateLimits1764892800000,
  ReportCellsLayout1764979200000,
  ReportStaffCaseload1765065600000,
];
