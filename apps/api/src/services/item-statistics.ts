/**
 * Item statistics of a quiz, as Moodle's quiz statistics report computes them
 * (question/classes/statistics/questions/calculator.php): every question is worth 1, x is the mark on a question and
 * X − x the score on the rest of the attempt.
 *
 * - facility index F = 100 · mean(x);
 * - SD = 100 · sample standard deviation of x (n − 1);
 * - discrimination index D = 100 · cov(x, X − x) / √(var(x) · var(X − x)) with sample (n − 1) moments: the
 *   correlation between the question and the rest of the test. Undefined (null) when n < 2 or a variance is 0.
 *
 * A question asked in only some attempts (a set that draws a sample of its deck) is analysed over the attempts that
 * asked it.
 */

export type TStatsResponse = { cardId: string; mark: number; wrong: string | null };
export type TStatsAttempt = { id: string; userId: string; number: number; score: number; responses: TStatsResponse[] };
export type TAttemptsToAnalyse = 'all' | 'first' | 'best';

export type TItemNumbers = {
  cardId: string;
  responses: number;
  facilityIndex: number | null;
  sd: number | null;
  discriminationIndex: number | null;
  /** Wrong answers by how often they were given, most frequent first (ties: in order of the key). */
  wrongAnswers: { answer: string; count: number; share: number }[];
};

/** The attempts to analyse: every one, or each user's first, or each user's best (the earliest of equal scores). */
export function selectAttempts(attempts: readonly TStatsAttempt[], which: TAttemptsToAnalyse): TStatsAttempt[] {
  if (which === 'all') return [...attempts];
  const chosen = new Map<string, TStatsAttempt>();
  for (const attempt of attempts) {
    const current = chosen.get(attempt.userId);
    const better = !current || (which === 'first' ? attempt.number < current.number : attempt.score > current.score || (attempt.score === current.score && attempt.number < current.number));
    if (better) chosen.set(attempt.userId, attempt);
  }
  return [...chosen.values()];
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The item statistics of each question (card) asked in `attempts`, in order of first appearance. */
export function itemStatistics(attempts: readonly TStatsAttempt[]): TItemNumbers[] {
  const byCard = new Map<string, { x: number[]; rest: number[]; wrong: Map<string, number> }>();
  for (const attempt of attempts) {
    for (const response of attempt.responses) {
      let item = byCard.get(response.cardId);
      if (!item) byCard.set(response.cardId, (item = { x: [], rest: [], wrong: new Map() }));
      item.x.push(response.mark);
      item.rest.push(attempt.score - response.mark);
      if (response.wrong !== null) item.wrong.set(response.wrong, (item.wrong.get(response.wrong) ?? 0) + 1);
    }
  }
  return [...byCard.entries()].map(([cardId, { x, rest, wrong }]) => {
    const n = x.length;
    const wrongAnswers = [...wrong.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([answer, count]) => ({ answer, count, share: count / n }));
    if (n === 0) return { cardId, responses: 0, facilityIndex: null, sd: null, discriminationIndex: null, wrongAnswers };
    const mx = mean(x);
    if (n < 2) return { cardId, responses: n, facilityIndex: 100 * mx, sd: null, discriminationIndex: null, wrongAnswers };
    const mr = mean(rest);
    let vx = 0;
    let vr = 0;
    let cov = 0;
    for (let i = 0; i < n; i++) {
      const dx = x[i]! - mx;
      const dr = rest[i]! - mr;
      vx += dx * dx;
      vr += dr * dr;
      cov += dx * dr;
    }
    vx /= n - 1;
    vr /= n - 1;
    cov /= n - 1;
    return {
      cardId,
      responses: n,
      facilityIndex: 100 * mx,
      sd: 100 * Math.sqrt(vx),
      discriminationIndex: vx * vr > 0 ? (100 * cov) / Math.sqrt(vx * vr) : null,
      wrongAnswers,
    };
  });
}
