import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { MESSAGES, type Locale } from '../messages';
import { formatDate, formatInterval } from './format';

const intervalIn = (locale: Locale) => createTranslator({ locale, messages: MESSAGES[locale], namespace: 'interval' });

describe('formatInterval', () => {
  it('labels intervals the way a rating button shows them', () => {
    expect(formatInterval(30_000, intervalIn('en'))).toBe('<1m');
    expect(formatInterval(10 * 60_000, intervalIn('en'))).toBe('10m');
    expect(formatInterval(3 * 3_600_000, intervalIn('en'))).toBe('3h');
    expect(formatInterval(4 * 86_400_000, intervalIn('en'))).toBe('4d');
    expect(formatInterval(63 * 86_400_000, intervalIn('en'))).toBe('2.1mo');
    expect(formatInterval(500 * 86_400_000, intervalIn('en'))).toBe('1.4y');
  });

  it('uses Chinese units in the Chinese interface', () => {
    expect(formatInterval(30_000, intervalIn('zh'))).toBe('<1分钟');
    expect(formatInterval(10 * 60_000, intervalIn('zh'))).toBe('10分钟');
    expect(formatInterval(3 * 3_600_000, intervalIn('zh'))).toBe('3小时');
    expect(formatInterval(4 * 86_400_000, intervalIn('zh'))).toBe('4天');
    expect(formatInterval(63 * 86_400_000, intervalIn('zh'))).toBe('2.1个月');
    expect(formatInterval(500 * 86_400_000, intervalIn('zh'))).toBe('1.4年');
  });
});

describe('formatDate', () => {
  it('formats with the interface locale', () => {
    expect(formatDate('2025-03-04T12:00:00Z', 'zh')).toBe('2025/3/4');
    expect(formatDate('2025-03-04T12:00:00Z', 'en')).toBe('3/4/2025');
  });
});
