import type { OpeningHours } from '@casework/contracts';
import { invalidField } from '../../common/errors.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The canonical IANA name of a zone ("europe/paris" -> "Europe/Paris"), or null when it is not one. */
export function canonicalTimeZone(tz: string): string | null {
  if (typeof tz !== 'string' || tz.length > 64 || !(tz.includes('/') || tz.toUpperCase() === 'UTC')) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function isTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== null;
}

/** Opening hours: ISO weekdays "1" (Monday) to "7", each a list of non-overlapping [open, close] local times. */
export function assertOpeningHours(hours: OpeningHours): void {
  for (const [day, spans] of Object.entries(hours)) {
    const field = `openingHours.${day}`;
    if (!/^[1-7]$/.test(day)) throw invalidField(field, 'weekday', 'openingHours keys are ISO weekdays "1" (Monday) to "7" (Sunday)');
    if (!Array.isArray(spans)) throw invalidField(field, 'format', `${field} must be a list of ["HH:MM","HH:MM"] pairs`);
    let lastClose = '';
    for (const span of spans) {
      if (!Array.isArray(span) || span.length !== 2 || !span.every((t) => typeof t === 'string' && TIME.test(t))) {
        throw invalidField(field, 'format', `${field} must be a list of ["HH:MM","HH:MM"] pairs`);
      }
      if (span[0] >= span[1]) throw invalidField(field, 'order', `${field}: each span must open before it closes`);
      if (span[0] < lastClose) throw invalidField(field, 'overlap', `${field}: spans must be in order and not overlap`);
      lastClose = span[1];
    }
  }
}

export const DEFAULT_OPENING_HOURS: OpeningHours = {
  '1': [
    ['08:30', '12:30'],
    ['13:30', '17:00'],
  ],
  '2': [
    ['08:30', '12:30'],
    ['13:30', '17:00'],
  ],
  '3': [
    ['08:30', '12:30'],
    ['13:30', '17:00'],
  ],
  '4': [
    ['08:30', '12:30'],
    ['13:30', '17:00'],
  ],
  '5': [
    ['08:30', '12:30'],
    ['13:30', '16:00'],
  ],
};
