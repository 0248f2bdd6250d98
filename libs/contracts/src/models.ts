import type { Role, Language } from './roles.js';

export interface RegionDto {
  id: string;
  code: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OpeningHours {
  /** ISO weekday 1 (Monday) .. 7 (Sunday) -> list of [open, close] in local "HH:MM". */
  [weekday: string]: Array<[string, string]>;
}

export interface OfficeDto {
  id: string;
  regionId: string;
  code: string;
  name: string;
  timeZone: string;
  language: Language;
  national: boolean;
  openingHours: OpeningHours;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface UserDto {
  id: string;
  email?: string;
  fullName: string;
  role: Role;
  officeId: string;
  active: boolean;
  /** Away (leave, sickness): takes no new cases; their open cases show among the unassigned. */
  away: boolean;
  caseloadCap?: number | null;
  mustChangePassword?: boolean;
  lastLoginAt?: string | null;
  version?: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface CurrentUser {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  officeId: string;
  regionId: string;
  mustChangePassword: boolean;
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  user: CurrentUser;
}

export interface AuditEventDto {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: Role | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
