// Shared helpers for the appointment, reminder and calendar-feed specs.
import { randomBytes } from 'node:crypto';
import { addDays, isoWeekday, localTime, zonedInstant } from '../src/modules/appointments/schedule.js';
import type { Session, TestApp } from './helpers.js';

/** The demo offices' zone (DEMO_OFFICES) and their default opening hours (08:30-12:30, 13:30-17:00 Monday to Thursday). */
export const ZONE = 'Europe/Paris';

/** A made-up person nobody else in the run has (the duplicate check compares names and birth dates). */
export function person(overrides: Record<string, unknown> = {}) {
  const tag = randomBytes(4).toString('hex');
  const letters = tag.replace(/\d/g, (d) => 'qwxzjkvbpy'[Number(d)]);
  return {
    givenName: `Ap${letters}`,
    familyName: `Pointee${letters}`,
    dateOfBirth: `19${70 + (parseInt(tag.slice(0, 2), 16) % 25)}-0${1 + (parseInt(tag.slice(2, 4), 16) % 9)}-1${parseInt(tag.slice(4, 6), 16) % 10}`,
    digitalSkills: 'good',
    educationLevel: 4,
    ...overrides,
  };
}

export interface Registered {
  jobseeker: { id: string };
  case: { id: string; reference: string };
  triage: { recommendedTrack: string };
}

/** Registers a jobseeker at the front desk (their case opens), optionally assigned to a case worker by the supervisor. */
export async function openCase(
  t: TestApp,
  desk: Session,
  overrides: Record<string, unknown> = {},
  assign?: { supervisor: Session; to: Session },
): Promise<Registered & { person: ReturnType<typeof person> }> {
  const p = person(overrides);
  const res = await t.http.post('/api/jobseekers').set(desk.auth).send(p);
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
  if (assign) {
    const c = await t.http.get(`/api/cases/${res.body.case.id}`).set(assign.supervisor.auth).expect(200);
    // The demo case workers: the track decides who may take the case.
    await t.sql.query(`UPDATE cases SET recommended_track = 'routine' WHERE id = $1`, [res.body.case.id]);
    await t.sql.query(`UPDATE triage_results SET recommended_track = 'routine' WHERE case_id = $1`, [res.body.case.id]);
    const assigned = await t.http
      .post(`/api/cases/${res.body.case.id}/assign`)
      .set(assign.supervisor.auth)
      .send({ assigneeId: assign.to.user.id, version: c.body.version, decision: { kind: 'confirm' } });
    if (assigned.status !== 200) throw new Error(`assign answered ${assigned.status}: ${JSON.stringify(assigned.body)}`);
  }
  return { ...res.body, person: p };
}

let cursor = 2;
/** A fresh Monday-to-Thursday (local), at least two days ahead, that no other test of the file uses. */
export function nextDay(): string {
  for (;;) {
    const d = addDays(localTime(Date.now(), ZONE).date, cursor++);
    if (isoWeekday(d) <= 4) return d;
  }
}

/** The UTC instant of a local day and "HH:MM" in the demo offices' zone. */
export function at(date: string, hhmm: string): string {
  return new Date(zonedInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)), ZONE)).toISOString();
}

export function booking(caseId: string, staffId: string, date: string, from: string, to: string, extra: Record<string, unknown> = {}) {
  return {
    caseId,
    staffId,
    startsAt: at(date, from),
    endsAt: at(date, to),
    channel: 'in_person',
    purpose: 'Follow-up interview',
    ...extra,
  };
}

/** Books through the API and returns the appointment. */
export async function book(t: TestApp, s: Session, body: ReturnType<typeof booking>) {
  const res = await t.http.post('/api/appointments').set(s.auth).send(body);
  if (res.status !== 201) throw new Error(`booking answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; startsAt: string; endsAt: string; status: string };
}

let pastHours = 24;
/**
 * Moves an appointment behind the API's back to a moment that has passed (bookings must be in the
 * future), each to its own hour so none overlaps another; or to `startsIn` from now.
 */
export async function shift(t: TestApp, id: string, startsIn?: number): Promise<void> {
  const hours = startsIn ?? -(pastHours += 2);
  await t.sql.query(
    `UPDATE appointments SET starts_at = now() + make_interval(secs => $2::float8 * 3600), ends_at = now() + make_interval(secs => $2::float8 * 3600 + 1800) WHERE id = $1`,
    [id, hours],
  );
}
