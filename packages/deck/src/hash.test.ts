import { describe, expect, it } from 'vitest';
import { ZNumericCard, type TCard, type TNumericCard } from '@recurrence/contracts';
import { canonicalJson, cardContentHash } from './hash';

const card: TNumericCard = ZNumericCard.parse({
  id: 'hash-demo',
  type: 'numeric',
  section: 'demo',
  tags: ['a', 'b'],
  question: { en: 'What is 0.9^100?', zh: '0.9 的 100 次方是多少？' },
  answer: 2.6561e-5,
  tolerance: { relative: 0.01 },
  expression: '0.9^100',
});

/** The same value with every object's keys in reverse order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  }
  return v;
}

describe('cardContentHash', () => {
  it('is a sha256 hex digest, stable across calls and key order', () => {
    const h = cardContentHash(card);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(cardContentHash(card)).toBe(h);
    const reordered = reverseKeys(card) as TCard;
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(card)[0]);
    expect(cardContentHash(reordered)).toBe(h);
    expect(cardContentHash(structuredClone(card))).toBe(h);
  });

  it('ignores undefined members but changes with any content change', () => {
    const h = cardContentHash(card);
    expect(cardContentHash({ ...card, unit: undefined } as TCard)).toBe(h);
    expect(cardContentHash({ ...card, answer: 2.6562e-5 })).not.toBe(h);
    expect(cardContentHash({ ...card, question: { ...card.question, zh: '0.9 的一百次方是多少？' } })).not.toBe(h);
    expect(cardContentHash({ ...card, tags: ['b', 'a'] })).not.toBe(h); // array order is content
    expect(cardContentHash({ ...card, id: 'hash-demo-2' })).not.toBe(h);
  });

  it('canonicalJson sorts keys recursively', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
  });
});
