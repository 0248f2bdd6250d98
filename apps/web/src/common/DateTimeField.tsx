import { DateField, useLocaleState, type DateFieldProps } from 'react-admin';
import { intlLocale } from './locale';

/** A date and time in the language chosen in the app, not the browser's. */
export const DateTimeField = (props: DateFieldProps) => {
  const [locale] = useLocaleState();
  return <DateField showTime locales={intlLocale(locale)} {...props} />;
};
