/**
 * Writes the demo population: the extra staff, then every row built in memory, each table in a few
 * multi-row INSERTs over `unnest` arrays, inside the caller's transaction. Loaded on demand, so
 * faker never loads in production.
 */
import type { Role } from '@casework/contracts';
import type { EntityManager } from 'typeorm';
import { DEMO_USERS } from './demo-data.js';
import { demoStaff } from './demo-people.js';
import { buildPopulation, populationCounts, type Population, type PopulationInput } from './demo-population.js';

const BATCH = 5000;

interface Column {
  name: string;
  /** Array type of the parameter, e.g. `uuid[]`. */
  type: string;
  /** SQL around the unnested value `v`, when it needs converting. */
  expr?: (v: string) => string;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** INSERT ... SELECT FROM unnest($1::type[], $2::type[], ...): one statement per batch of rows. */
async function insertRows<T>(m: EntityManager, table: string, columns: Column[], rows: T[], values: (row: T) => unknown[]): Promise<void> {
  const sql =
    `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) ` +
    `SELECT ${columns.map((c, i) => (c.expr ? c.expr(`u.c${i}`) : `u.c${i}`)).join(', ')} ` +
    `FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`;
  for (let start = 0; start < rows.length; start += BATCH) {
    const params: unknown[][] = columns.map(() => []);
    for (const row of rows.slice(start, start + BATCH)) values(row).forEach((v, i) => params[i].push(v));
    await m.query(sql, params);
  }
}

const col = (name: string, type: string, expr?: Column['expr']): Column => ({ name, type, expr });
const jsonb = (name: string) => col(name, 'text[]', (v) => `${v}::jsonb`);
const textArray = (name: string) => col(name, 'text[]', (v) => `coalesce(string_to_array(${v}, ','), '{}')`);

/** Reference numbers from the sequence, handed out in order of registration (as the API would have). */
async function references(
  m: EntityManager,
  sequence: string,
  prefix: 'J' | 'C',
  rows: Array<{ refYear: string; createdAt?: number; openedAt?: number }>,
): Promise<string[]> {
  const numbers: number[] = (await m.query(`SELECT nextval('${sequence}')::bigint AS n FROM generate_series(1, $1)`, [rows.length])).map(
    (r: { n: string }) => Number(r.n),
  );
  numbers.sort((a, b) => a - b);
  const order = rows.map((r, i) => ({ i, at: r.createdAt ?? r.openedAt! })).sort((a, b) => a.at - b.at || a.i - b.i);
  const out = new Array<string>(rows.length);
  order.forEach(({ i }, k) => (out[i] = `${prefix}-${rows[i].refYear}-${String(numbers[k]).padStart(6, '0')}`));
  return out;
}

export interface SeedPopulationOptions {
  officeIds: [string, string];
  passwordHash: string;
  now: number;
  jobseekers?: number;
}

export interface SeedPopulationResult {
  users: number;
  counts: Record<string, number>;
  population: Population;
}

/** Adds the extra staff (idempotent by email) and the population. The caller holds the seed lock. */
export async function seedPopulation(m: EntityManager, options: SeedPopulationOptions): Promise<SeedPopulationResult> {
  const users = await insertStaff(m, demoStaff(), options);
  const population = buildPopulation(await populationInput(m, options.officeIds, options.now, options.jobseekers));
  await writePopulation(m, population);
  return { users, counts: populationCounts(population), population };
}

/**
 * What the population is built from: the two offices and the active demo staff, in a fixed order
 * (by email), so the same seed and moment give the same population in any database.
 */
export async function populationInput(
  m: EntityManager,
  officeIds: [string, string],
  now: number,
  jobseekers?: number,
): Promise<PopulationInput> {
  const offices: Array<{ id: string; time_zone: string }> = await m.query(`SELECT id, time_zone FROM offices WHERE id = ANY($1::uuid[])`, [
    officeIds,
  ]);
  const timeZone = (id: string) => offices.find((o) => o.id === id)!.time_zone;
  const emails = [...DEMO_USERS.map((u) => u.email), ...demoStaff().map((u) => u.email)].map((e) => e.toLowerCase());
  const rows: Array<{ id: string; email: string; role: Role; office_id: string; caseload_cap: number | null }> = await m.query(
    `SELECT id, lower(email) AS email, role, office_id, caseload_cap FROM users
      WHERE lower(email) = ANY($1::text[]) AND office_id = ANY($2::uuid[]) AND active AND NOT away ORDER BY lower(email)`,
    [emails, officeIds],
  );
  const main = new Set(DEMO_USERS.map((u) => u.email.toLowerCase()));
  return {
    now,
    offices: [
      { id: officeIds[0], timeZone: timeZone(officeIds[0]) },
      { id: officeIds[1], timeZone: timeZone(officeIds[1]) },
    ],
    staff: rows.map((u) => ({
      id: u.id,
      email: u.email,
      role: u.role,
      office: u.office_id === officeIds[0] ? 0 : 1,
      caseloadCap: u.caseload_cap,
      main: main.has(u.email),
    })),
    jobseekers,
  };
}

async function insertStaff(m: EntityManager, extra: ReturnType<typeof demoStaff>, options: SeedPopulationOptions): Promise<number> {
  const rows: Array<{ id: string }> = await m.query(
    `INSERT INTO users (email, full_name, role, office_id, password_hash, must_change_password, caseload_cap)
     SELECT u.email, u.full_name, u.role, u.office_id, $5, false, u.cap
       FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $6::int[]) AS u(email, full_name, role, office_id, cap)
     ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
    [
      extra.map((u) => u.email),
      extra.map((u) => u.fullName),
      extra.map((u) => u.role),
      extra.map((u) => options.officeIds[u.office]),
      options.passwordHash,
      extra.map((u) => u.caseloadCap),
    ],
  );
  return rows.length;
}

async function writePopulation(m: EntityManager, p: Population): Promise<void> {
  const jobseekerRefs = await references(m, 'jobseeker_reference_seq', 'J', p.jobseekers);
  const caseRefs = await references(m, 'case_reference_seq', 'C', p.cases);

  await insertRows(
    m,
    'jobseekers',
    [
      col('id', 'uuid[]'),
      col('reference', 'text[]'),
      col('home_office_id', 'uuid[]'),
      col('given_name', 'text[]'),
      col('family_name', 'text[]'),
      col('name_key', 'text[]'),
      col('date_of_birth', 'date[]'),
      col('gender', 'text[]'),
      col('email', 'text[]'),
      col('phone', 'text[]'),
      col('address_line', 'text[]'),
      col('postcode', 'text[]'),
      col('municipality', 'text[]'),
      col('rural', 'boolean[]'),
      col('national_id', 'text[]'),
      col('preferred_language', 'text[]'),
      col('preferred_channel', 'text[]'),
      col('digital_skills', 'text[]'),
      col('disability', 'boolean[]'),
      col('accommodations', 'text[]'),
      col('interpreter_needed', 'boolean[]'),
      col('interpreter_language', 'text[]'),
      col('migrant_status', 'text[]'),
      col('career_break', 'boolean[]'),
      col('education_level', 'smallint[]'),
      col('last_occupation', 'text[]'),
      col('unemployed_since', 'date[]'),
      col('consent_data_sharing', 'boolean[]'),
      col('consent_expires_on', 'date[]'),
      col('created_by', 'uuid[]'),
      col('created_at', 'timestamptz[]'),
      col('updated_at', 'timestamptz[]'),
    ],
    p.jobseekers.map((j, i) => ({ j, ref: jobseekerRefs[i] })),
    ({ j, ref }) => [
      j.id,
      ref,
      j.homeOfficeId,
      j.givenName,
      j.familyName,
      j.nameKey,
      j.dateOfBirth,
      j.gender,
      j.email,
      j.phone,
      j.addressLine,
      j.postcode,
      j.municipality,
      j.rural,
      j.nationalId,
      j.preferredLanguage,
      j.preferredChannel,
      j.digitalSkills,
      j.disability,
      j.accommodations,
      j.interpreterNeeded,
      j.interpreterLanguage,
      j.migrantStatus,
      j.careerBreak,
      j.educationLevel,
      j.lastOccupation,
      j.unemployedSince,
      j.consentDataSharing,
      j.consentExpiresOn,
      j.createdBy,
      iso(j.createdAt),
      iso(j.createdAt),
    ],
  );

  await insertRows(
    m,
    'cases',
    [
      col('id', 'uuid[]'),
      col('reference', 'text[]'),
      col('jobseeker_id', 'uuid[]'),
      col('office_id', 'uuid[]'),
      col('status', 'text[]'),
      col('track', 'text[]'),
      col('track_decision', 'text[]'),
      col('recommended_track', 'text[]'),
      col('assigned_to', 'uuid[]'),
      textArray('priority_groups'),
      col('opened_at', 'timestamptz[]'),
      col('closed_at', 'timestamptz[]'),
      col('close_reason', 'text[]'),
      col('close_note', 'text[]'),
      col('first_interview_due', 'date[]'),
      col('next_review_due', 'date[]'),
      col('version', 'int[]'),
      col('created_at', 'timestamptz[]'),
      col('updated_at', 'timestamptz[]'),
    ],
    p.cases.map((c, i) => ({ c, ref: caseRefs[i] })),
    ({ c, ref }) => [
      c.id,
      ref,
      c.jobseekerId,
      c.officeId,
      c.status,
      c.track,
      c.trackDecision,
      c.recommendedTrack,
      c.assignedTo,
      c.priorityGroups.join(','),
      iso(c.openedAt),
      iso(c.closedAt),
      c.closeReason,
      c.closeNote,
      c.firstInterviewDue,
      c.nextReviewDue,
      c.version,
      iso(c.openedAt),
      iso(c.updatedAt),
    ],
  );

  await insertRows(
    m,
    'triage_results',
    [
      col('id', 'uuid[]'),
      col('case_id', 'uuid[]'),
      col('model_version', 'text[]'),
      jsonb('inputs'),
      col('score', 'int[]'),
      col('threshold', 'int[]'),
      col('recommended_track', 'text[]'),
      textArray('priority_groups'),
      jsonb('factors'),
      col('run_by', 'uuid[]'),
      col('created_at', 'timestamptz[]'),
    ],
    p.triageResults,
    (t) => [
      t.id,
      t.caseId,
      t.result.modelVersion,
      json(t.inputs),
      t.result.score,
      t.result.threshold,
      t.result.recommendedTrack,
      t.result.priorityGroups.join(','),
      json(t.result.factors),
      t.runBy,
      iso(t.createdAt),
    ],
  );

  await insertRows(
    m,
    'triage_decisions',
    [
      col('case_id', 'uuid[]'),
      col('triage_result_id', 'uuid[]'),
      col('kind', 'text[]'),
      col('track', 'text[]'),
      col('reason_code', 'text[]'),
      col('note', 'text[]'),
      col('decided_by', 'uuid[]'),
      col('decided_role', 'text[]'),
      col('created_at', 'timestamptz[]'),
    ],
    p.decisions,
    (d) => [d.caseId, d.triageResultId, d.kind, d.track, d.reasonCode, d.note, d.decidedBy, d.decidedRole, iso(d.createdAt)],
  );

  await insertRows(
    m,
    'case_events',
    [col('case_id', 'uuid[]'), col('kind', 'text[]'), jsonb('data'), col('actor_id', 'uuid[]'), col('at', 'timestamptz[]')],
    p.events,
    (e) => [e.caseId, e.kind, json(e.data), e.actorId, iso(e.at)],
  );

  await insertRows(
    m,
    'case_transfers',
    [
      col('id', 'uuid[]'),
      col('case_id', 'uuid[]'),
      col('from_office_id', 'uuid[]'),
      col('to_office_id', 'uuid[]'),
      col('status', 'text[]'),
      col('reason', 'text[]'),
      col('requested_by', 'uuid[]'),
      col('decided_by', 'uuid[]'),
      col('decision_note', 'text[]'),
      col('decided_at', 'timestamptz[]'),
      col('version', 'int[]'),
      col('created_at', 'timestamptz[]'),
      col('updated_at', 'timestamptz[]'),
    ],
    p.transfers,
    (t) => [
      t.id,
      t.caseId,
      t.fromOfficeId,
      t.toOfficeId,
      t.status,
      t.reason,
      t.requestedBy,
      t.decidedBy,
      t.decisionNote,
      iso(t.decidedAt),
      t.decidedAt ? 2 : 1,
      iso(t.createdAt),
      iso(t.updatedAt),
    ],
  );

  await insertRows(
    m,
    'work_items',
    [
      col('id', 'uuid[]'),
      col('office_id', 'uuid[]'),
      col('case_id', 'uuid[]'),
      col('kind', 'text[]'),
      col('queue', 'text[]'),
      col('assignee_id', 'uuid[]'),
      col('status', 'text[]'),
      col('priority', 'smallint[]'),
      col('due_at', 'timestamptz[]'),
      col('claimed_by', 'uuid[]'),
      col('claimed_at', 'timestamptz[]'),
      col('completed_by', 'uuid[]'),
      col('completed_at', 'timestamptz[]'),
      jsonb('result'),
      jsonb('data'),
      col('escalated_at', 'timestamptz[]'),
      col('version', 'int[]'),
      col('created_at', 'timestamptz[]'),
      col('updated_at', 'timestamptz[]'),
    ],
    p.workItems,
    (w) => [
      w.id,
      w.officeId,
      w.caseId,
      w.kind,
      w.queue,
      w.assigneeId,
      w.status,
      w.priority,
      iso(w.dueAt),
      w.claimedBy,
      iso(w.claimedAt),
      w.completedBy,
      iso(w.completedAt),
      json(w.result),
      json(w.data),
      iso(w.escalatedAt),
      w.version,
      iso(w.createdAt),
      iso(w.updatedAt),
    ],
  );

  await insertRows(
    m,
    'intervention_plans',
    [
      col('id', 'uuid[]'),
      col('case_id', 'uuid[]'),
      col('status', 'text[]'),
      col('next_review_date', 'date[]'),
      col('agreed_on', 'date[]'),
      col('agreement_method', 'text[]'),
      col('approval_comment', 'text[]'),
      col('return_comment', 'text[]'),
      col('cancel_reason', 'text[]'),
      col('created_by', 'uuid[]'),
      col('submitted_by', 'uuid[]'),
      col('submitted_at', 'timestamptz[]'),
      col('approved_by', 'uuid[]'),
      col('approved_at', 'timestamptz[]'),
      col('returned_by', 'uuid[]'),
      col('returned_at', 'timestamptz[]'),
      col('agreement_recorded_by', 'uuid[]'),
      col('agreement_recorded_at', 'timestamptz[]'),
      col('completed_by', 'uuid[]'),
      col('completed_at', 'timestamptz[]'),
      col('cancelled_by', 'uuid[]'),
      col('cancelled_at', 'timestamptz[]'),
      col('review_item_for', 'date[]'),
      col('version', 'int[]'),
      col('created_at', 'timestamptz[]'),
      col('updated_at', 'timestamptz[]'),
    ],
    p.plans,
    (r) => [
      r.id,
      r.caseId,
      r.status,
      r.nextReviewDate,
      r.agreedOn,
      r.agreementMethod,
      r.approvalComment,
      r.returnComment,
      r.cancelReason,
      r.createdBy,
      r.submittedBy,
      iso(r.submittedAt),
      r.approvedBy,
      iso(r.approvedAt),
      r.returnedBy,
      iso(r.returnedAt),
      r.agreementRecordedBy,
      iso(r.agreementRecordedAt),
      r.completedBy,
      iso(r.completedAt),
      r.cancelledBy,
      iso(r.cancelledAt),
      r.reviewItemFor,
      r.version,
      iso(r.createdAt),
      iso(r.updatedAt),
    ],
  );

  await insertRows(
    m,
    'plan_goals',
    [
      col('id', 'uuid[]'),
      col('plan_id', 'uuid[]'),
      col('position', 'int[]'),
      col('description', 'text[]'),
      col('target_date', 'date[]'),
      col('outcome', 'text[]'),
      col('outcome_note', 'text[]'),
      col('created_at', 'timestamptz[]'),
      col('updated_at', 'timestamptz[]'),
    ],
    p.planGoals,
    (g) => [g.id, g.planId, g.position, g.description, g.targetDate, g.outcome, g.outcomeNote, iso(g.createdAt), iso(g.createdAt)],
  );

  await insertRows(
    m,
    'plan_actions',
    [
      col('id', 'uuid[]'),
      col('goal_id', 'uuid[]'),
      col('plan_id', 'uuid[]'),
      col('position', 'int[]'),
      col('type', 'text[]'),
      col('description', 'text[]'),
      col('provider', 'text[]'),
      col('owner', 'text[]'),
      col('owner_user_id', 'uuid[]'),
      col('due_date', 'date[]'),
      col('status', 'text[]'),
      col('outcome', 'text[]'),
      col('created_at', 'timestamptz[]'),
      col('updated_at', 'timestamptz[]'),
    ],
    p.planActions,
    (a) => [
      a.id,
      a.goalId,
      a.planId,
      a.position,
      a.type,
      a.description,
      a.provider,
      a.owner,
      a.ownerUserId,
      a.dueDate,
      a.status,
      a.outcome,
      iso(a.createdAt),
      iso(a.createdAt),
    ],
  );

  await insertRows(
    m,
    'plan_events',
    [
      col('plan_id', 'uuid[]'),
      col('case_id', 'uuid[]'),
      col('kind', 'text[]'),
      jsonb('data'),
      col('actor_id', 'uuid[]'),
      col('actor_role', 'text[]'),
      col('at', 'timestamptz[]'),
    ],
    p.planEvents,
    (e) => [e.planId, e.caseId, e.kind, json(e.data), e.actorId, e.actorRole, iso(e.at)],
  );

  await insertRows(
    m,
    'case_notes',
    [
      col('case_id', 'uuid[]'),
      col('author_id', 'uuid[]'),
      col('body', 'text[]'),
      col('visibility', 'text[]'),
      col('created_at', 'timestamptz[]'),
    ],
    p.notes,
    (n) => [n.caseId, n.authorId, n.body, n.visibility, iso(n.createdAt)],
  );
}
