import { DEFAULT_STUDY_SETTINGS } from '@recurrence/contracts';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncBuiltinDecks } from './builtin-decks';
import { buildTestApp, sessionCookie, type TestApp } from './testing';

describe.each(testProviders())('the built-in article deck on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(provider);
  });
  afterAll(() => t.close());

  it('loads on first start, is unchanged on the next, and every card is served back as valid content', async () => {
    const [first] = await syncBuiltinDecks(t.db);
    expect(first!.created).toBeGreaterThanOrEqual(45);
    const [second] = await syncBuiltinDecks(t.db);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: first!.created });

    // The response schema validates every card's note against ZCard on the way out. A note makes one or more cards.
    const cards = await t.app.inject({ method: 'GET', url: `/api/v1/decks/${first!.deckId}/cards` });
    expect(cards.statusCode).toBe(200);
    expect(cards.json().cards).toHaveLength(first!.cards.created);
    expect(first!.cards.created).toBeGreaterThan(first!.created);
    expect(new Set(cards.json().cards.map((c: { noteId: string }) => c.noteId)).size).toBe(first!.created);

    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    const next = await t.app.inject({ method: 'GET', url: `/api/v1/study/next?deckId=${first!.deckId}`, headers: { cookie } });
    // New cards on offer today are capped by the default daily limit.
    expect(next.json().counts.new).toBe(Math.min(first!.cards.created, DEFAULT_STUDY_SETTINGS.newCardsPerDay));
  });
});
