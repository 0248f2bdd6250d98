import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type FieldError } from '@casework/contracts';
import { Env } from '../../config/env.js';
import { assetPath } from '../../config/paths.js';
import { AppException } from '../../common/errors.js';

let common: Set<string> | undefined;
/** The shipped list of common passwords (about 49,000), loaded once. */
export function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(assetPath('common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.trim().toLowerCase()),
  );
  return common;
}

/** Password rules: length only (12 to 128), no composition rules, and not a known common password. */
export function passwordProblems(password: string, field: string, email?: string): FieldError[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return [{ field, rule: 'minLength', message: `${field} must be at least ${PASSWORD_MIN_LENGTH} characters` }];
  if (length > PASSWORD_MAX_LENGTH)
    return [{ field, rule: 'maxLength', message: `${field} must be at most ${PASSWORD_MAX_LENGTH} characters` }];
  const lower = password.trim().toLowerCase();
  if (commonPasswords().has(lower)) return [{ field, rule: 'notCommon', message: `${field} is too common: choose another` }];
  if (email && lower === email.trim().toLowerCase())
    return [{ field, rule: 'notEmail', message: `${field} must not be your email address` }];
  return [];
}

/**
 * Rewrites an argon2 PHC string with its parameters in the canonical order m, t, p.
 * node-argon2 0.45 writes `m=..,p=..,t=..`, which it reads back but which stricter verifiers
 * (libsodium, the reference implementation, other stacks after a migration) refuse.
 */
export function canonicalArgon2(phc: string): string {
  const parts = phc.split('$');
  // ['', 'argon2id', 'v=19', 'm=..,p=..,t=..', salt, hash]
  if (parts.length !== 6 || !parts[1].startsWith('argon2')) return phc;
  const params = new Map(parts[3].split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const order = ['m', 't', 'p', ...[...params.keys()].filter((k) => !['m', 't', 'p'].includes(k))];
  parts[3] = order
    .filter((k) => params.has(k))
    .map((k) => `${k}=${params.get(k)}`)
    .join(',');
  return parts.join('$');
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

@Injectable()
export class PasswordService {
  private dummyHash?: Promise<string>;

  constructor(@Inject(Env) private readonly env: Env) {}

  async hash(password: string): Promise<string> {
    const phc = await argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.env.ARGON2_MEMORY_KIB,
      timeCost: this.env.ARGON2_TIME_COST,
      parallelism: 1,
    });
    return canonicalArgon2(phc);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    // Unknown accounts still cost one verification, so timing does not tell which emails exist.
    const target = hash ?? (await (this.dummyHash ??= this.hash('casework-timing-equaliser')));
    try {
      return (await argon2.verify(target, password)) && !!hash;
    } catch {
      return false;
    }
  }

  assertAcceptable(password: string, field: string, email?: string): void {
    const problems = passwordProblems(password, field, email);
    if (problems.length) throw new AppException(400, 'PASSWORD_REJECTED', problems[0].message, problems);
  }

  /** A one-time password for a new or reset account: 16 characters from an unambiguous alphabet. */
  oneTime(): string {
    return Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  }
}
