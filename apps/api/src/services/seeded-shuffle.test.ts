import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { choiceOrder } from './answers';
import { shuffleBySeed } from './seeded-shuffle';

/** The shuffle the study screen used for choices before it was generalised (one 32-byte digest, at most 8 items). */
function previousChoiceOrder(userId: string, cardId: string, reps: number, ids: readonly string[]): string[] {
  const order = [...ids];
  const digest = createHash('sha256').update(`${userId}\u0000${cardId}\u0000${reps}`).digest();
  for (let i = order.length - 1; i > 0; i--) {
    const j = digest.readUInt32BE(((order.length - 1 - i) * 4) % 32) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

describe('shuffleBySeed', () => {
  it('keeps the order multiple-choice cards were shown in before (up to 8 choices)', () => {
    for (let reps = 0; reps < 50; reps++) {
      for (const n of [2, 5, 8]) {
        const ids = Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));
        expect(choiceOrder('user-1', 'card-9', reps, ids)).toEqual(previousChoiceOrder('user-1', 'card-9', reps, ids));
      }
    }
  });

  it('is a permutation, the same for the same seed and different for another', () => {
    const items = Array.from({ length: 200 }, (_, i) => i);
    const a = shuffleBySeed('seed-a', items);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(shuffleBySeed('seed-a', items)).toEqual(a);
    expect(shuffleBySeed('seed-b', items)).not.toEqual(a);
    expect(a).not.toEqual(items);
  });

  it('puts every item first about equally often over many seeds (chi-square, 10 items, 5,000 seeds)', () => {
    const counts = new Array<number>(10).fill(0);
    for (let s = 0; s < 5000; s++) counts[shuffleBySeed(`s${s}`, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])[0]!]! += 1;
    const chi = counts.reduce((sum, c) => sum + (c - 500) ** 2 / 500, 0);
    // 9 degrees of freedom: the 0.999 quantile is 27.88.
    expect(chi).toBeLessThan(27.88);
  });
});
