import { useEffect } from 'react';
import { useLocaleState } from 'react-admin';

/** Keeps <html lang> in step with the chosen language, for screen readers. */
export function useDocumentLang(): void {
  const [locale] = useLocaleState();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
}
