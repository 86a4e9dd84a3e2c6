import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCard, buildTestApp, sessionCookie, testDeck, type TestApp } from '../testing';
import { syncDeck } from './deck-sync';

describe.each(testProviders())('deck sync on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(provider);
  });
  afterAll(() => t.close());

  it('updates cards in place by slug, keeps review history, retires reviewed cards and deletes unreviewed ones', async () => {
    const v1 = testDeck([basicCard('alpha'), basicCard('beta'), basicCard('gamma')], 'sync-deck');
    expect(await syncDeck(t.db, v1)).toMatchObject({ created: 3, updated: 0 });
    expect(await syncDeck(t.db, v1)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    const alpha = await t.db.prisma.card.findUniqueOrThrow({ where: { deckId_slug: { deckId: 'sync-deck', slug: 'alpha' } } });
    const beta = await t.db.prisma.card.findUniqueOrThrow({ where: { deckId_slug: { deckId: 'sync-deck', slug: 'beta' } } });
    for (const card of [alpha, beta]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId: crypto.randomUUID(), cardId: card.id, rating: 3, durationMs: 10 } });
      expect(res.statusCode).toBe(201);
    }

    // v2: alpha reworded, beta removed (reviewed), gamma removed (never reviewed), delta added.
    const v2 = testDeck([basicCard('alpha', 'Reworded alpha'), basicCard('delta')], 'sync-deck');
    expect(await syncDeck(t.db, v2)).toMatchObject({ created: 1, updated: 1, retired: 1, deleted: 1 });

    const alphaAfter = await t.db.prisma.card.findUniqueOrThrow({ where: { id: alpha.id } });
    expect((alphaAfter.content as { front: { en: string } }).front.en).toBe('Reworded alpha');
    expect(await t.db.prisma.reviewLog.count({ where: { cardId: alpha.id } })).toBe(1);
    expect(await t.db.prisma.cardState.count({ where: { cardId: alpha.id } })).toBe(1);
    const betaAfter = await t.db.prisma.card.findUniqueOrThrow({ where: { id: beta.id } });
    expect(betaAfter.retiredAt).not.toBeNull();
    expect(await t.db.prisma.reviewLog.count({ where: { cardId: beta.id } })).toBe(1);
    expect(await t.db.prisma.card.findUnique({ where: { deckId_slug: { deckId: 'sync-deck', slug: 'gamma' } } })).toBeNull();

    // beta comes back: un-retired, same row, history intact.
    expect(await syncDeck(t.db, v1)).toMatchObject({ created: 1, updated: 2 });
    const betaBack = await t.db.prisma.card.findUniqueOrThrow({ where: { deckId_slug: { deckId: 'sync-deck', slug: 'beta' } } });
    expect(betaBack.id).toBe(beta.id);
    expect(betaBack.retiredAt).toBeNull();
  });
});
