import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from '../messages';

/**
 * The interface language for a browser that has not chosen one: the best match of its Accept-Language header
 * (quality values respected; zh-CN, zh-TW, zh-Hans … all match Chinese), English when nothing matches.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const requested = new Negotiator({ headers: { 'accept-language': acceptLanguage } })
    .languages()
    .filter((tag) => tag !== '*')
    .map((tag) => {
      try {
        // Chinese in any script or region is served the Chinese interface (there is one Chinese translation).
        return new Intl.Locale(tag).language === 'zh' ? 'zh' : tag;
      } catch {
        return null;
      }
    })
    .filter((tag): tag is string => tag !== null);
  if (requested.length === 0) return DEFAULT_LOCALE;
  const matched = match(requested, [...LOCALES], DEFAULT_LOCALE, { algorithm: 'lookup' });
  return isLocale(matched) ? matched : DEFAULT_LOCALE;
}
