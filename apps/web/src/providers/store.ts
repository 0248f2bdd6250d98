import { localStorageStore, type Store } from 'react-admin';

export const STORE_KEY = 'Casework';

/**
 * react-admin's store (list filters, sidebar, language) in localStorage. Logout
 * resets it so one user's filters never show to the next; the language choice
 * is not personal and is kept.
 */
export function createStore(): Store {
  const base = localStorageStore(undefined, STORE_KEY);
  return {
    ...base,
    reset() {
      const locale = base.getItem<string>('locale');
      base.reset();
      if (locale) base.setItem('locale', locale);
    },
  };
}

/** The saved language, read before react-admin starts so the first render is already in it. */
export function savedLocale(): string | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(`RaStore${STORE_KEY}.locale`) ?? 'null');
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
