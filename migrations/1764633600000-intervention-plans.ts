import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intervention plans (individual action plans): the plan of a case with its goals and their
 * actions, and the plan's own history. One current plan per case (neither completed nor
 * cancelled), enforced by a partial unique index. The history (`plan_events`) is written in the
 * same transaction as each change: the case team reads it, where the audit log is the admin's.
 */
export class InterventionPlans1764633600000 implements MigrationInterface {
  name = 'InterventionPlans1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intervention_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'agreed', 'completed', 'cancelled')),
        next_review_date date,
        agreed_on date,
        agreement_method text CHECK (agreement_method IN ('signed_paper', 'verbal_in_person', 'verbal_phone', 'digital')),
        approval_comment text CHECK (length(approval_comment) <= 2000),
        return_comment text CHECK (length(return_comment) <= 2000),
        cancel_reason text CHECK (length(cancel_reason) <= 2000),
        created_by uuid NOT NULL REFERENCES users(id),
        submitted_by uuid REFERENCES users(id),
        submitted_at timestamptz,
        approved_by uuid REFERENCES users(id),
        approved_at timestamptz,
        returned_by uuid REFERENCES users(id),
        returned_at timestamptz,
        agreement_recorded_by uuid REFERENCES users(id),
        agreement_recorded_at timestamptz,
        completed_by uuid REFERENCES users(id),
        completed_at timestamptz,
        cancelled_by uuid REFERENCES users(id),
        cancelled_at timestamptz,
        -- the review date the review job last made a review_plan item for (bookkeeping: no version bump)
        review_item_for date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT intervention_plans_agreement CHECK (status NOT IN ('agreed', 'completed') OR (agreed_on IS NOT NULL AND agreement_method IS NOT NULL)),
        CONSTRAINT intervention_plans_cancel_reason CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL AND cancelled_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX intervention_plans_one_current ON intervention_plans (case_id) WHERE status NOT IN ('completed', 'cancelled')`,
    );
    await q.query(`CREATE INDEX intervention_plans_case_idx ON intervention_plans (case_id, created_at)`);
    // The supervisors' approvals list (status = submitted) and the review job (status = agreed).
    await q.query(`CREATE INDEX intervention_plans_status_idx ON intervention_plans (status, updated_at)`);
    await q.query(`CREATE INDEX intervention_plans_review_idx ON intervention_plans (next_review_date) WHERE status = 'agreed'`);

    await q.query(`
      CREATE TABLE plan_goals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES intervention_plans(id) ON DELETE CASCADE,
        position integer NOT NULL,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        target_date date,
        outcome text CHECK (outcome IN ('achieved', 'partly_achieved', 'not_achieved', 'no_longer_relevant')),
        outcome_note text CHECK (length(outcome_note) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX plan_goals_plan_idx ON plan_goals (plan_id, position)`);

    await q.query(`
      CREATE TABLE plan_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        goal_id uuid NOT NULL REFERENCES plan_goals(id) ON DELETE CASCADE,
        plan_id uuid NOT NULL REFERENCES intervention_plans(id) ON DELETE CASCADE,
        position integer NOT NULL,
        type text NOT NULL CHECK (type IN ('training', 'job_search_support', 'counselling', 'work_experience', 'wage_subsidy', 'referral', 'other')),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        provider text CHECK (length(provider) <= 200),
        owner text NOT NULL CHECK (owner IN ('staff', 'jobseeker')),
        owner_user_id uuid REFERENCES users(id),
        due_date date,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
        outcome text CHECK (length(outcome) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT plan_actions_owner CHECK ((owner = 'staff') = (owner_user_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX plan_actions_goal_idx ON plan_actions (goal_id, position)`);
    await q.query(`CREATE INDEX plan_actions_plan_idx ON plan_actions (plan_id)`);

    await q.query(`
      CREATE TABLE plan_events (
        id bigserial PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES intervention_plans(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        actor_id uuid REFERENCES users(id),
        actor_role text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX plan_events_plan_idx ON plan_events (plan_id, id)`);
    await q.query(`CREATE INDEX plan_events_case_idx ON plan_events (case_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['plan_events', 'plan_actions', 'plan_goals', 'intervention_plans']) await q.query(`DROP TABLE ${t}`);
  }
}
