/**
 * The Intl locale for an app language. English is written as in Britain and most of the world
 * (1 Dec 2026, 14:30), not as in the United States (Dec 1, 2026, 2:30 PM).
 */
export function intlLocale(language: string): string {
  return language === 'en' ? 'en-GB' : language;
}
