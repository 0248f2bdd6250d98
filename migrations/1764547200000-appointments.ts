import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointments and the office closures they must avoid, the reminder outbox, and calendar-feed
 * tokens. The database itself refuses a double booking: an exclusion constraint over each staff
 * member's non-cancelled time ranges (btree_gist gives the `=` on uuid inside a gist index).
 */
export class Appointments1764547200000 implements MigrationInterface {
  name = 'Appointments1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    // Closure days (public holidays and the like) in the office's own calendar, inclusive.
    await q.query(`
      CREATE TABLE office_closures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        office_id uuid NOT NULL REFERENCES offices(id),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT office_closures_order CHECK (ends_on >= starts_on),
        CONSTRAINT office_closures_no_overlap EXCLUDE USING gist (office_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)
      )`);

    await q.query(`
      CREATE TABLE appointments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        staff_id uuid NOT NULL REFERENCES users(id),
        office_id uuid NOT NULL REFERENCES offices(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        channel text NOT NULL CHECK (channel IN ('in_person', 'phone', 'video')),
        purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 500),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'attended', 'no_show', 'cancelled')),
        outcome_note text CHECK (length(outcome_note) <= 4000),
        cancel_reason text CHECK (length(cancel_reason) <= 500),
        status_changed_at timestamptz,
        status_changed_by uuid REFERENCES users(id),
        -- A link to an intervention plan action; that table comes with the plans (no foreign key yet).
        plan_action_id uuid,
        created_by uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT appointments_time_order CHECK (ends_at > starts_at),
        CONSTRAINT appointments_cancel_reason CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL)),
        CONSTRAINT appointments_no_double_booking
          EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'cancelled')
      )`);
    // Calendar reads: a staff member's, an office's and a case's appointments in time order.
    await q.query(`CREATE INDEX appointments_staff_time_idx ON appointments (staff_id, starts_at)`);
    await q.query(`CREATE INDEX appointments_office_time_idx ON appointments (office_id, starts_at)`);
    await q.query(`CREATE INDEX appointments_case_idx ON appointments (case_id, starts_at)`);
    // The reminder job's scan: scheduled appointments starting within the next 48 hours.
    await q.query(`CREATE INDEX appointments_scheduled_start_idx ON appointments (starts_at) WHERE status = 'scheduled'`);

    // One row per reminder of an appointment (kind) for the start it announces: the unique key
    // makes each reminder go out at most once, whichever worker gets there first.
    await q.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        appointment_id uuid NOT NULL REFERENCES appointments(id),
        office_id uuid NOT NULL REFERENCES offices(id),
        kind text NOT NULL CHECK (kind IN ('48h', '2h')),
        for_starts_at timestamptz NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'phone_client')),
        transport text NOT NULL CHECK (transport IN ('smtp', 'webhook', 'demo', 'work_item')),
        recipient text,
        language text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        last_error text,
        sent_at timestamptz,
        work_item_id uuid REFERENCES work_items(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outbox_messages_once UNIQUE (appointment_id, kind, for_starts_at)
      )`);
    await q.query(`CREATE INDEX outbox_messages_pending_idx ON outbox_messages (next_attempt_at) WHERE status IN ('pending', 'sending')`);
    await q.query(`CREATE INDEX outbox_messages_office_idx ON outbox_messages (office_id, created_at DESC)`);

    // A staff member's calendar-feed secret, as its SHA-256 only: the token itself is shown once.
    await q.query(`
      CREATE TABLE calendar_feeds (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        CONSTRAINT calendar_feeds_token_hash_key UNIQUE (token_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['calendar_feeds', 'outbox_messages', 'appointments', 'office_closures']) await q.query(`DROP TABLE ${t}`);
  }
}
