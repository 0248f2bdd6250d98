import type { OpeningHours } from '@casework/contracts';

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Checks opening hours as the API does: HH:MM spans, each opening before it
 * closes, in order without overlap. Returns a translation key, or undefined.
 */
export function openingHoursError(hours: OpeningHours | null | undefined): string | undefined {
  for (const day of WEEKDAYS) {
    let lastClose = '';
    for (const [open, close] of hours?.[day] ?? []) {
      if (!TIME.test(open) || !TIME.test(close)) return 'resources.offices.opening_hours.invalid_time';
      if (open >= close || open < lastClose) return 'resources.offices.opening_hours.order';
      lastClose = close;
    }
  }
  return undefined;
}

/** Returns a copy with `spans` for `day`, dropping days left without spans and keeping weekday order. */
export function withDay(hours: OpeningHours | null | undefined, day: string, spans: Array<[string, string]>): OpeningHours {
  const next: OpeningHours = {};
  for (const d of WEEKDAYS) {
    const value = d === day ? spans : hours?.[d];
    if (value && value.length) next[d] = value;
  }
  return next;
}
