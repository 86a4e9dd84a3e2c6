import { describe, expect, it } from 'vitest';
import { format, formatParts, MESSAGES, translate, type MessageKey } from './messages';

const keys = Object.keys(MESSAGES.en) as MessageKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('MESSAGES', () => {
  it('has exactly the English keys in Chinese', () => {
    expect(Object.keys(MESSAGES.zh).sort()).toEqual([...keys].sort());
  });

  it.each(keys)('%s is translated', (key) => {
    const zh = MESSAGES.zh[key];
    expect(zh.trim()).not.toBe('');
    expect(zh, `"${key}" is still English`).not.toBe(MESSAGES.en[key]);
  });

  it.each(keys)('%s has the same placeholders in both languages', (key) => {
    expect(placeholders(MESSAGES.zh[key])).toEqual(placeholders(MESSAGES.en[key]));
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones alone', () => {
    expect(format('{a} of {b}', { a: 1, b: 'two' })).toBe('1 of two');
    expect(format('{a} and {c}', { a: 0 })).toBe('0 and {c}');
  });

  it('translates with values', () => {
    expect(translate('en', 'common.cardCount', { count: 3 })).toBe('3 cards');
    expect(translate('zh', 'common.cardCount', { count: 3 })).toBe('3 张卡片');
    expect(translate('zh', 'nav.decks')).toBe('卡组');
  });

  it('splits around placeholders for rich values', () => {
    const strong = { tag: 'strong' };
    expect(formatParts('Mean {mean}, {share} of cards', { mean: strong, share: '40%' })).toEqual(['Mean ', strong, ', ', '40%', ' of cards']);
  });
});
