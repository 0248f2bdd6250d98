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
