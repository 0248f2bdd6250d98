import type { Role } from '@casework/contracts';

export const DEMO_PASSWORD = 'Casework-demo-2026';

export const DEMO_REGION = { code: 'DEMO-NORTH', name: 'North Demo Region' };

export const DEMO_OFFICES = [
  { code: 'NORTHSIDE', name: 'Northside Job Centre', timeZone: 'Europe/Paris', language: 'en' as const },
  { code: 'RIVERSIDE', name: 'Riverside Job Centre', timeZone: 'Europe/Paris', language: 'fr' as const },
];

export const DEMO_USERS: Array<{ email: string; fullName: string; role: Role; office: 0 | 1; caseloadCap?: number }> = [
  { email: 'admin@demo.test', fullName: 'Alex Admin', role: 'admin', office: 0 },
  { email: 'frontdesk@demo.test', fullName: 'Farida Front', role: 'front_desk', office: 0 },
  { email: 'counsellor@demo.test', fullName: 'Camille Counsel', role: 'counsellor', office: 0, caseloadCap: 120 },
  { email: 'specialist@demo.test', fullName: 'Sami Specialist', role: 'specialist', office: 0, caseloadCap: 60 },
  { email: 'supervisor@demo.test', fullName: 'Sofia Supervisor', role: 'supervisor', office: 0 },
  { email: 'manager@demo.test', fullName: 'Manuel Manager', role: 'manager', office: 0 },
  { email: 'counsellor2@demo.test', fullName: 'Chidi Counsel', role: 'counsellor', office: 1, caseloadCap: 120 },
];

/**
 * Staff beyond the seven demo sign-ins, per office (names from faker, see demo-people.ts): enough
 * counsellors and specialists for the demo caseload within caps. The profiling model sends about 30%
 * of cases to the targeted track, and a targeted case counts twice against a specialist's cap of
 * 40-60, hence more specialists than counsellors. Riverside also gets its own supervisor (to triage,
 * assign and receive transfers).
 */
export const DEMO_EXTRA_STAFF: Record<0 | 1, Partial<Record<Role, number>>> = {
  0: { front_desk: 1, counsellor: 5, specialist: 9 },
  1: { supervisor: 1, front_desk: 2, counsellor: 4, specialist: 8 },
};

/** Every demo user once the demo population is seeded: the seven sign-ins and the extra staff. */
export const DEMO_STAFF_COUNT =
  DEMO_USERS.length + Object.values(DEMO_EXTRA_STAFF).reduce((n, roles) => n + Object.values(roles).reduce((a, b) => a + b, 0), 0);
