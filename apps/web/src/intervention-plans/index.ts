/** Intervention plans: the case page's Plan tab and the supervisor's approvals (resource `intervention-plans`). */
export { PlanTab } from './PlanTab';
export { PlanApprovals } from './PlanApprovals';
/** Work item kinds about a plan: opening their case goes straight to its Plan tab. */
export const PLAN_WORK_ITEM_KINDS: readonly string[] = ['approve_plan', 'plan_returned', 'agree_plan', 'review_plan'];
