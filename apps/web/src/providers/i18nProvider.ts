import polyglotI18nProvider from 'ra-i18n-polyglot';
import { resolveBrowserLocale } from 'react-admin';
import en from '../i18n/en';
import fr from '../i18n/fr';
import es from '../i18n/es';
import { savedLocale } from './store';

export const LOCALES = [
  { locale: 'en', name: 'English' },
  { locale: 'fr', name: 'Français' },
  { locale: 'es', name: 'Español' },
];

const catalogues: Record<string, typeof en> = { en, fr: fr as typeof en, es: es as typeof en };

/** The saved choice, else the browser's language when we have it, else English. */
function initialLocale(): string {
  const saved = savedLocale();
  if (saved && saved in catalogues) return saved;
  const browser = resolveBrowserLocale('en');
  return browser in catalogues ? browser : 'en';
}

export const i18nProvider = polyglotI18nProvider((locale) => catalogues[locale] ?? en, initialLocale(), LOCALES);
