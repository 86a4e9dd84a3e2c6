import { getRequestConfig } from 'next-intl/server';
import { MESSAGES, type Messages } from '../messages';
import { readPreferences } from './server-preferences';

/** next-intl's configuration for each request: the interface language from the cookie (or Accept-Language). */
export default getRequestConfig(async () => {
  const { locale } = await readPreferences();
  // The types of the keys and their arguments come from the English messages; the Chinese have the same shape.
  return { locale, messages: MESSAGES[locale] as Messages };
});
