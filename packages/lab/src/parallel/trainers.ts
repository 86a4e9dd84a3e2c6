import { availableParallelism } from 'node:os';

/**
 * LAB_TRAINERS: how many trainings of one run may train at once (each on its own worker thread). Default: the CPUs
 * less one, left to the API's requests, and at least 1. 1 trains them one after another in the trainer itself.
 * Imports nothing heavy: the API validates its environment with it without loading TensorFlow.js.
 */
export const MAX_LAB_TRAINERS = 64;

export function defaultLabTrainers(cpus: number = availableParallelism()): number {
  return Math.max(1, cpus - 1);
}

/** A clear sentence for a bad value, thrown as an Error by `parseLabTrainers`. */
export function labTrainersProblem(raw: string): string | null {
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LAB_TRAINERS) {
    return `must be a whole number of worker threads from 1 to ${MAX_LAB_TRAINERS} (unset: the CPUs less one, here ${defaultLabTrainers()}), got ${JSON.stringify(raw)}`;
  }
  return null;
}

/** LAB_TRAINERS (or the CLI's --trainers) as a number; unset or empty: `defaultLabTrainers()`. */
export function parseLabTrainers(raw: string | undefined, cpus?: number): number {
  if (raw === undefined || raw.trim() === '') return defaultLabTrainers(cpus);
  const problem = labTrainersProblem(raw);
  if (problem) throw new Error(`LAB_TRAINERS: ${problem}`);
  return Number(raw.trim());
}
