import { computeDecayFactor, default_w, forgetting_curve } from 'ts-fsrs';

/** The FSRS-6 default parameters (21 numbers) that ts-fsrs schedules with when a user has none of their own. */
export const DEFAULT_WEIGHTS: readonly number[] = default_w;

/**
 * FSRS-6 power forgetting curve R(t, S) = (1 + F·t/S)^C with C = -w20 and F = 0.9^(1/C) - 1, so R(S, S) = 0.9.
 * A card never studied (stability 0) has no memory: 0.
 */
export function retrievability(elapsedDays: number, stability: number, weights: readonly number[] = DEFAULT_WEIGHTS): number {
  if (!(stability > 0)) return 0;
  return forgetting_curve(weights, Math.max(0, elapsedDays), stability);
}

/** The (fractional) number of days after a review at which R falls to `retention`: the curve solved for t. */
export function daysUntilRetention(stability: number, retention: number, weights: readonly number[] = DEFAULT_WEIGHTS): number {
  const { decay, factor } = computeDecayFactor(weights);
  return (stability / factor) * (Math.pow(retention, 1 / decay) - 1);
}
