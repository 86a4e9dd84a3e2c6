// jstat has no type declarations; only its Pearson correlation is used, as an independent check.
// @ts-expect-error -- untyped module
import jstat from 'jstat';
import { describe, expect, it } from 'vitest';
import { itemStatistics, selectAttempts, type TStatsAttempt } from './item-statistics';

const corrcoeff = (a: number[], b: number[]) => (jstat as { corrcoeff(a: number[], b: number[]): number }).corrcoeff(a, b);

function attempt(id: string, userId: string, number: number, marks: Record<string, number>, wrong: Record<string, string> = {}): TStatsAttempt {
  const responses = Object.entries(marks).map(([cardId, mark]) => ({ cardId, mark, wrong: mark < 1 ? (wrong[cardId] ?? '') : null }));
  return { id, userId, number, score: responses.reduce((s, r) => s + r.mark, 0), responses };
}

describe('item statistics as Moodle computes them', () => {
  // Worked by hand: q1 marks 1,1,0,1 against rest-of-test 1,0,2,2 → cov −0.25, var 0.25 and 0.91667 (n − 1).
  const attempts = [
    attempt('a1', 'u1', 1, { q1: 1, q2: 1, q3: 0 }),
    attempt('a2', 'u2', 1, { q1: 1, q2: 0, q3: 0 }, { q2: 'b', q3: 'c' }),
    attempt('a3', 'u3', 1, { q1: 0, q2: 1, q3: 1 }, { q1: 'b' }),
    attempt('a4', 'u4', 1, { q1: 1, q2: 1, q3: 1 }),
  ];

  it('gives the facility index, SD and discrimination index of a hand-worked example', () => {
    const q1 = itemStatistics(attempts).find((i) => i.cardId === 'q1')!;
    expect(q1.responses).toBe(4);
    expect(q1.facilityIndex).toBeCloseTo(75, 10);
    expect(q1.sd).toBeCloseTo(50, 10);
    expect(q1.discriminationIndex).toBeCloseTo((100 * -0.25) / Math.sqrt(0.25 * (2.75 / 3)), 10);
    expect(q1.discriminationIndex).toBeCloseTo(-52.22, 2);
  });

  it('agrees with an independent Pearson correlation of the mark and the rest of the attempt on random partial marks', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const many = Array.from({ length: 40 }, (_, i) => {
      const marks: Record<string, number> = {};
      for (const q of ['a', 'b', 'c', 'd', 'e']) marks[q] = Math.round(random() * 4) / 4;
      return attempt(`t${i}`, `u${i}`, 1, marks);
    });
    for (const item of itemStatistics(many)) {
      const x = many.map((a) => a.responses.find((r) => r.cardId === item.cardId)!.mark);
      const rest = many.map((a, i) => a.score - x[i]!);
      expect(item.discriminationIndex).toBeCloseTo(100 * corrcoeff(x, rest), 8);
      expect(item.facilityIndex).toBeCloseTo((100 * x.reduce((s, v) => s + v, 0)) / x.length, 10);
    }
  });

  it('leaves the discrimination undefined when a question or the rest does not vary, or with one response', () => {
    const allRight = itemStatistics([attempt('a', 'u1', 1, { q: 1, r: 0 }), attempt('b', 'u2', 1, { q: 1, r: 1 })]);
    expect(allRight.find((i) => i.cardId === 'q')).toMatchObject({ facilityIndex: 100, sd: 0, discriminationIndex: null });
    const one = itemStatistics([attempt('a', 'u1', 1, { q: 1 })]);
    expect(one[0]).toMatchObject({ responses: 1, facilityIndex: 100, sd: null, discriminationIndex: null });
  });

  it('counts wrong answers, most frequent first', () => {
    const stats = itemStatistics([
      attempt('a', 'u1', 1, { q: 0 }, { q: 'c' }),
      attempt('b', 'u2', 1, { q: 0 }, { q: 'b' }),
      attempt('c', 'u3', 1, { q: 0 }, { q: 'c' }),
      attempt('d', 'u4', 1, { q: 1 }),
    ]);
    expect(stats[0]!.wrongAnswers).toEqual([
      { answer: 'c', count: 2, share: 0.5 },
      { answer: 'b', count: 1, share: 0.25 },
    ]);
  });

  it("analyses each user's first or best attempt when asked", () => {
    const tries = [attempt('x1', 'u1', 1, { q: 0, r: 0 }), attempt('x2', 'u1', 2, { q: 1, r: 1 }), attempt('x3', 'u1', 3, { q: 1, r: 1 }), attempt('y1', 'u2', 1, { q: 1, r: 0 })];
    expect(selectAttempts(tries, 'all').map((a) => a.id)).toEqual(['x1', 'x2', 'x3', 'y1']);
    expect(selectAttempts(tries, 'first').map((a) => a.id).sort()).toEqual(['x1', 'y1']);
    // Equal best scores: the earlier attempt.
    expect(selectAttempts(tries, 'best').map((a) => a.id).sort()).toEqual(['x2', 'y1']);
  });
});
