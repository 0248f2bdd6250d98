import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Regions, offices, staff users, sessions, login attempts and the append-only audit log. */
export class Foundation1764115200000 implements MigrationInterface {
  name = 'Foundation1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT regions_code_key UNIQUE (code)
      )`);
    await q.query(`
      CREATE TABLE offices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES regions(id),
        code text NOT NULL,
        name text NOT NULL,
        time_zone text NOT NULL,
        language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'es')),
        national boolean NOT NULL DEFAULT false,
        opening_hours jsonb NOT NULL DEFAULT '{}'::jsonb,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT offices_code_key UNIQUE (code)
      )`);
    await q.query(`CREATE INDEX offices_region_idx ON offices (region_id)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        full_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('front_desk', 'counsellor', 'specialist', 'supervisor', 'manager', 'admin')),
        office_id uuid NOT NULL REFERENCES offices(id),
        password_hash text NOT NULL,
        must_change_password boolean NOT NULL DEFAULT true,
        active boolean NOT NULL DEFAULT true,
        caseload_cap integer CHECK (caseload_cap IS NULL OR caseload_cap BETWEEN 1 AND 1000),
        last_login_at timestamptz,
        password_changed_at timestamptz,
        deactivated_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_office_role_idx ON users (office_id, role)`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        refresh_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX sessions_live_user_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE login_attempts (
        id bigserial PRIMARY KEY,
        email text NOT NULL,
        ip text NOT NULL,
        succeeded boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_attempts_email_idx ON login_attempts (email, at)`);
    await q.query(`CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at) WHERE NOT succeeded`);
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_role text,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        changes jsonb,
        ip text,
        request_id text
      )`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at DESC)`);
    await q.query(`CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id, at DESC)`);
    await q.query(`CREATE INDEX audit_events_action_idx ON audit_events (action, at DESC)`);
    // The audit log is append-only, whatever the application does.
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
    await q.query(`DROP TABLE login_attempts`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE offices`);
    await q.query(`DROP TABLE regions`);
  }
}
