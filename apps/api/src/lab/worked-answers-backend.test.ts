import { backendForRun, runModels } from '@recurrence/lab';
import { articleDeckDirectory, loadDeckDirectory } from '@recurrence/deck';
import { describe, expect, it } from 'vitest';
import { workedAnswerRequest } from '../worked-answers';

/**
 * The figures the cards quote come from their worked answers (each card's experiment, defaults filled in, seed 0).
 * With the native backend installed the lab trains large runs on it; every worked answer of the built-in deck must
 * stay below the crossover, so it trains on wasm on every host and its figures do not change.
 */
describe('worked answers and the native backend', () => {
  it('every worked answer of the built-in deck trains on wasm even when tensorflow is there', async () => {
    const loaded = await loadDeckDirectory(articleDeckDirectory);
    if (!loaded.ok) throw new Error('the article deck does not load');
    const requests = new Map<string, NonNullable<ReturnType<typeof workedAnswerRequest>>>();
    for (const card of loaded.deck.cards) {
      const request = workedAnswerRequest(card);
      if (card.experiment) expect(request, card.id).not.toBeNull();
      if (request) requests.set(JSON.stringify(request), request);
    }
    expect(requests.size).toBeGreaterThanOrEqual(5);
    for (const request of requests.values()) {
      const models = runModels(request.experiment, request.params);
      for (const m of models) expect(Object.values(m.size).every(Number.isFinite), JSON.stringify(request)).toBe(true);
      const backend = backendForRun({ small: 'wasm', large: 'tensorflow' }, models);
      expect(backend, JSON.stringify(request)).toBe('wasm');
    }
  });
});
