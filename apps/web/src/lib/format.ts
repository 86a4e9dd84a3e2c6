import type { useTranslations } from 'next-intl';
import { localeTag, type Locale } from '../messages';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type IntervalTranslator = ReturnType<typeof useTranslations<'interval'>>;

/** A rating button's interval, Anki style: "<1m", "10m", "3h", "4d", "2.1mo", "1.3y" (in Chinese "10分钟", "4天"…). */
export function formatInterval(ms: number, t: IntervalTranslator): string {
  if (ms < MINUTE) return t('underMinute');
  if (ms < HOUR) return t('minutes', { n: String(Math.round(ms / MINUTE)) });
  if (ms < DAY) return t('hours', { n: String(Math.round(ms / HOUR)) });
  const days = ms / DAY;
  if (days < 30) return t('days', { n: String(Math.round(days)) });
  if (days < 365) return t('months', { n: (days / 30).toFixed(1) });
  return t('years', { n: (days / 365).toFixed(1) });
}

/** A calendar date in the interface language's convention. */
export function formatDate(value: string | number | Date, locale: Locale): string {
  return new Date(value).toLocaleDateString(localeTag(locale));
}
