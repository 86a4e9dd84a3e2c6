import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './negotiate';

describe('negotiateLocale', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh-TW', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,zh;q=0.5', 'zh'],
    ['fr-FR,de;q=0.5', 'en'],
    ['en;q=0.2,zh;q=0.8', 'zh'],
    ['*', 'en'],
    ['', 'en'],
    ['not a language tag!!', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('falls back to English without a header', () => {
    expect(negotiateLocale(null)).toBe('en');
  });
});
