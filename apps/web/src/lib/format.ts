import { translate, uiLocale, type UiLanguage } from './messages';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A rating button's interval, Anki style: "<1m", "10m", "3h", "4d", "2.1mo", "1.3y" (in Chinese "10分钟", "4天"…). */
export function formatInterval(ms: number, ui: UiLanguage): string {
  if (ms < MINUTE) return translate(ui, 'interval.underMinute');
  if (ms < HOUR) return translate(ui, 'interval.minutes', { n: Math.round(ms / MINUTE) });
  if (ms < DAY) return translate(ui, 'interval.hours', { n: Math.round(ms / HOUR) });
  const days = ms / DAY;
  if (days < 30) return translate(ui, 'interval.days', { n: Math.round(days) });
  if (days < 365) return translate(ui, 'interval.months', { n: (days / 30).toFixed(1) });
  return translate(ui, 'interval.years', { n: (days / 365).toFixed(1) });
}

/** A calendar date in the interface language's convention. */
export function formatDate(value: string | number | Date, ui: UiLanguage): string {
  return new Date(value).toLocaleDateString(uiLocale(ui));
}
