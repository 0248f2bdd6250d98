import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Jobseekers, cases, profiling results and decisions, case history, work items, case notes,
 * office transfers and idempotency keys.
 */
export class CaseworkCore1764201600000 implements MigrationInterface {
  name = 'CaseworkCore1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);

    await q.query(`ALTER TABLE users ADD COLUMN away boolean NOT NULL DEFAULT false`);

    await q.query(`CREATE SEQUENCE jobseeker_reference_seq`);
    await q.query(`CREATE SEQUENCE case_reference_seq`);

    await q.query(`
      CREATE TABLE jobseekers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        home_office_id uuid NOT NULL REFERENCES offices(id),
        given_name text NOT NULL,
        family_name text NOT NULL,
        -- lower-cased, accents removed, "given family": what the duplicate check compares
        name_key text NOT NULL,
        date_of_birth date NOT NULL,
        gender text,
        email text,
        phone text,
        address_line text,
        postcode text,
        municipality text,
        rural boolean NOT NULL DEFAULT false,
        national_id text,
        preferred_language text NOT NULL DEFAULT 'en',
        preferred_channel text NOT NULL DEFAULT 'in_person' CHECK (preferred_channel IN ('in_person', 'phone', 'video', 'online')),
        digital_skills text NOT NULL CHECK (digital_skills IN ('none', 'basic', 'good')),
        disability boolean NOT NULL DEFAULT false,
        accommodations text,
        interpreter_needed boolean NOT NULL DEFAULT false,
        interpreter_language text,
        migrant_status text NOT NULL DEFAULT 'none' CHECK (migrant_status IN ('none', 'migrant', 'refugee', 'asylum_seeker')),
        career_break boolean NOT NULL DEFAULT false,
        education_level smallint NOT NULL CHECK (education_level BETWEEN 0 AND 8),
        last_occupation text,
        unemployed_since date,
        consent_data_sharing boolean NOT NULL DEFAULT false,
        consent_expires_on date,
        merged_into_id uuid REFERENCES jobseekers(id),
        created_by uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT jobseekers_reference_key UNIQUE (reference),
        CONSTRAINT jobseekers_consent_expiry CHECK (NOT consent_data_sharing OR consent_expires_on IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX jobseekers_national_id_key ON jobseekers (national_id) WHERE national_id IS NOT NULL AND merged_into_id IS NULL`,
    );
    await q.query(`CREATE INDEX jobseekers_dob_idx ON jobseekers (date_of_birth)`);
    await q.query(`CREATE INDEX jobseekers_name_trgm_idx ON jobseekers USING gin (name_key gin_trgm_ops)`);
    await q.query(`CREATE INDEX jobseekers_office_idx ON jobseekers (home_office_id, family_name, id)`);

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        jobseeker_id uuid NOT NULL REFERENCES jobseekers(id),
        office_id uuid NOT NULL REFERENCES offices(id),
        status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'triaged', 'active', 'on_hold', 'closed')),
        track text CHECK (track IN ('routine', 'targeted')),
        track_decision text CHECK (track_decision IN ('confirmed', 'overridden')),
        assigned_to uuid REFERENCES users(id),
        priority_groups text[] NOT NULL DEFAULT '{}',
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        close_reason text CHECK (close_reason IN ('employed', 'training', 'moved', 'inactive', 'other')),
        close_note text,
        first_interview_due date,
        next_review_due date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cases_reference_key UNIQUE (reference),
        CONSTRAINT cases_closed_has_reason CHECK ((status = 'closed') = (close_reason IS NOT NULL AND closed_at IS NOT NULL))
      )`);
    // One open case per jobseeker, enforced by the database.
    await q.query(`CREATE UNIQUE INDEX cases_one_open_per_jobseeker ON cases (jobseeker_id) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_office_status_idx ON cases (office_id, status, opened_at DESC)`);
    await q.query(`CREATE INDEX cases_assigned_idx ON cases (assigned_to, status) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX cases_unassigned_idx ON cases (office_id, opened_at) WHERE assigned_to IS NULL AND status <> 'closed'`);

    await q.query(`
      CREATE TABLE triage_results (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        model_version text NOT NULL,
        inputs jsonb NOT NULL,
        score integer NOT NULL,
        threshold integer NOT NULL,
        recommended_track text NOT NULL CHECK (recommended_track IN ('routine', 'targeted')),
        priority_groups text[] NOT NULL,
        factors jsonb NOT NULL,
        run_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX triage_results_case_idx ON triage_results (case_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE triage_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        triage_result_id uuid NOT NULL REFERENCES triage_results(id),
        kind text NOT NULL CHECK (kind IN ('confirm', 'override')),
        track text NOT NULL CHECK (track IN ('routine', 'targeted')),
        reason_code text,
        note text,
        decided_by uuid NOT NULL REFERENCES users(id),
        decided_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT triage_decisions_override_reason CHECK (kind = 'confirm' OR reason_code IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX triage_decisions_case_idx ON triage_decisions (case_id, created_at DESC)`);

    // Status changes, assignments and transfers: the case's own history, read by the timeline.
    await q.query(`
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        actor_id uuid REFERENCES users(id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_events_case_idx ON case_events (case_id, at)`);

    await q.query(`
      CREATE TABLE case_transfers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        from_office_id uuid NOT NULL REFERENCES offices(id),
        to_office_id uuid NOT NULL REFERENCES offices(id),
        status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'accepted', 'rejected', 'cancelled')),
        reason text NOT NULL,
        requested_by uuid NOT NULL REFERENCES users(id),
        decided_by uuid REFERENCES users(id),
        decision_note text,
        decided_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX case_transfers_one_pending ON case_transfers (case_id) WHERE status = 'requested'`);
    await q.query(`CREATE INDEX case_transfers_to_office_idx ON case_transfers (to_office_id, status)`);

    await q.query(`
      CREATE TABLE work_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        office_id uuid NOT NULL REFERENCES offices(id),
        case_id uuid REFERENCES cases(id),
        kind text NOT NULL,
        -- pooled items sit in an office queue; personal items have an assignee and no queue
        queue text CHECK (queue IN ('routine', 'targeted')),
        assignee_id uuid REFERENCES users(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done', 'cancelled')),
        priority smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
        due_at timestamptz NOT NULL,
        claimed_by uuid REFERENCES users(id),
        claimed_at timestamptz,
        completed_by uuid REFERENCES users(id),
        completed_at timestamptz,
        result jsonb,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        escalated_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT work_items_pooled_or_personal CHECK (queue IS NOT NULL OR assignee_id IS NOT NULL)
      )`);
    // Claim-next walks these in order: priority, then due time.
    await q.query(
      `CREATE INDEX work_items_queue_open_idx ON work_items (office_id, queue, priority, due_at, id) WHERE status = 'open' AND queue IS NOT NULL`,
    );
    await q.query(`CREATE INDEX work_items_personal_idx ON work_items (assignee_id, status, due_at) WHERE status IN ('open', 'claimed')`);
    await q.query(`CREATE INDEX work_items_claimed_idx ON work_items (claimed_by, case_id) WHERE status = 'claimed'`);
    await q.query(`CREATE INDEX work_items_case_idx ON work_items (case_id, created_at)`);
    await q.query(
      `CREATE INDEX work_items_overdue_idx ON work_items (due_at) WHERE status IN ('open', 'claimed') AND escalated_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        author_id uuid NOT NULL REFERENCES users(id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        visibility text NOT NULL CHECK (visibility IN ('case_team', 'restricted')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at)`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id),
        route text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, route, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency_keys',
      'case_notes',
      'work_items',
      'case_transfers',
      'case_events',
      'triage_decisions',
      'triage_results',
      'cases',
      'jobseekers',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP SEQUENCE case_reference_seq`);
    await q.query(`DROP SEQUENCE jobseeker_reference_seq`);
    await q.query(`ALTER TABLE users DROP COLUMN away`);
  }
}
