import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WorkItemsService } from '../work-items/work-items.service.js';
import { InterventionPlansService } from './intervention-plans.service.js';

/** Days before an agreed plan's review date that the review item lands with the case worker (time to book the meeting). */
export const PLAN_REVIEW_LEAD_DAYS = 7;

/**
 * The plan review job (daily, and callable): an agreed plan whose review date is within
 * PLAN_REVIEW_LEAD_DAYS days (office calendar) gets one `review_plan` item for the case's assigned
 * counsellor or specialist, due at the end of the review day.
 *
 * At most one item per plan and review date, and never a second while one is open: the plan
 * remembers the date it made an item for (`review_item_for`), set in the same transaction under
 * the plan's row lock; two runs at once skip each other's plans (SKIP LOCKED), and a plan changed
 * under a run is re-checked on its new row. A new review date (set after the review) makes a new
 * item when it comes due.
 */
@Injectable()
export class PlanReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WorkItemsService) private readonly workItems: WorkItemsService,
    @Inject(InterventionPlansService) private readonly plans: InterventionPlansService,
  ) {}

  /** Creates the review items that are due, up to `batch`; returns how many. */
  async createDueReviews(batch = 500): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due: Array<{ id: string; case_id: string; office_id: string; assigned_to: string; review: string; due_at: Date }> =
        await m.query(
          `SELECT p.id, p.case_id, c.office_id, c.assigned_to, to_char(p.next_review_date, 'YYYY-MM-DD') AS review,
                  ((p.next_review_date + 1)::timestamp AT TIME ZONE o.time_zone) AS due_at
             FROM intervention_plans p JOIN cases c ON c.id = p.case_id JOIN offices o ON o.id = c.office_id
            WHERE p.status = 'agreed' AND p.next_review_date <= (now() AT TIME ZONE o.time_zone)::date + $1::int
              AND p.review_item_for IS DISTINCT FROM p.next_review_date
              AND c.status <> 'closed' AND c.assigned_to IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.case_id = p.case_id AND w.kind = 'review_plan'
                                 AND w.status IN ('open', 'claimed') AND w.data @> jsonb_build_object('planId', p.id))
            ORDER BY p.next_review_date, p.id LIMIT $2
              FOR UPDATE OF p SKIP LOCKED`,
          [PLAN_REVIEW_LEAD_DAYS, batch],
        );
      for (const p of due) {
        await m.query(`UPDATE intervention_plans SET review_item_for = next_review_date WHERE id = $1`, [p.id]);
        const itemId = await this.workItems.create(m, {
          officeId: p.office_id,
          caseId: p.case_id,
          kind: 'review_plan',
          assigneeId: p.assigned_to,
          priority: 2,
          dueAt: p.due_at,
          data: { planId: p.id, reviewDate: p.review },
        });
        await this.plans.recordSystemEvent(m, { id: p.id, caseId: p.case_id }, 'review_due', {
          reviewDate: p.review,
          workItemId: itemId,
          assigneeId: p.assigned_to,
        });
      }
      return due.length;
    });
  }
}
