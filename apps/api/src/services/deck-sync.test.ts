import type { TCard } from '@recurrence/contracts';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCard, buildTestApp, clozeNote, sessionCookie, testDeck, type TestApp } from '../testing';
import { syncDeck } from './deck-sync';

describe.each(testProviders())('deck sync on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(provider);
  });
  afterAll(() => t.close());

  const noteBySlug = (deckId: string, slug: string) => t.db.prisma.note.findUniqueOrThrow({ where: { deckId_slug: { deckId, slug } }, include: { cards: { orderBy: { ordinal: 'asc' } } } });

  async function rate(cookie: string, cardId: string) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId: crypto.randomUUID(), cardId, rating: 3, durationMs: 10 } });
    expect(res.statusCode).toBe(201);
  }

  it('updates notes in place by slug, keeps review history, retires reviewed notes and deletes unreviewed ones', async () => {
    const v1 = testDeck([basicCard('alpha'), basicCard('beta'), basicCard('gamma')], 'sync-deck');
    expect(await syncDeck(t.db, v1)).toMatchObject({ created: 3, updated: 0, cards: { created: 3 } });
    expect(await syncDeck(t.db, v1)).toMatchObject({ created: 0, updated: 0, unchanged: 3, cards: { created: 0 } });

    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    const alpha = await noteBySlug('sync-deck', 'alpha');
    const beta = await noteBySlug('sync-deck', 'beta');
    for (const note of [alpha, beta]) await rate(cookie, note.cards[0]!.id);

    // v2: alpha reworded, beta removed (reviewed), gamma removed (never reviewed), delta added.
    const v2 = testDeck([basicCard('alpha', 'Reworded alpha'), basicCard('delta')], 'sync-deck');
    expect(await syncDeck(t.db, v2)).toMatchObject({ created: 1, updated: 1, retired: 1, deleted: 1, cards: { created: 1, retired: 1, deleted: 1 } });

    const alphaAfter = await noteBySlug('sync-deck', 'alpha');
    expect((alphaAfter.content as { front: { en: string } }).front.en).toBe('Reworded alpha');
    expect(alphaAfter.cards.map((c) => c.id)).toEqual([alpha.cards[0]!.id]);
    expect(await t.db.prisma.reviewLog.count({ where: { cardId: alpha.cards[0]!.id } })).toBe(1);
    expect(await t.db.prisma.cardState.count({ where: { cardId: alpha.cards[0]!.id } })).toBe(1);
    const betaAfter = await noteBySlug('sync-deck', 'beta');
    expect(betaAfter.retiredAt).not.toBeNull();
    expect(betaAfter.cards[0]!.retiredAt).not.toBeNull();
    expect(await t.db.prisma.reviewLog.count({ where: { cardId: beta.cards[0]!.id } })).toBe(1);
    expect(await t.db.prisma.note.findUnique({ where: { deckId_slug: { deckId: 'sync-deck', slug: 'gamma' } } })).toBeNull();

    // beta comes back: un-retired, same rows, history intact.
    expect(await syncDeck(t.db, v1)).toMatchObject({ created: 1, updated: 2 });
    const betaBack = await noteBySlug('sync-deck', 'beta');
    expect(betaBack.id).toBe(beta.id);
    expect(betaBack.retiredAt).toBeNull();
    expect(betaBack.cards.map((c) => [c.id, c.retiredAt])).toEqual([[beta.cards[0]!.id, null]]);
  });

  it('makes one card per cloze deletion number and a reversed card on request, keeping card ids as the note changes', async () => {
    const reversed: TCard = { ...basicCard('two-way'), reverse: true } as TCard;
    const v1 = testDeck([clozeNote('three-gaps', '{{c1::Forget}} gate, {{c2::input}} gate, {{c3::output}} gate; again {{c1::forget}}.'), reversed], 'cards-deck');
    expect(await syncDeck(t.db, v1)).toMatchObject({ created: 2, cards: { created: 5 } });
    const cloze = await noteBySlug('cards-deck', 'three-gaps');
    expect(cloze.cards.map((c) => c.ordinal)).toEqual([1, 2, 3]);
    expect((await noteBySlug('cards-deck', 'two-way')).cards.map((c) => c.ordinal)).toEqual([1, 2]);
    // New cards come in note order, then ordinal.
    expect((await t.db.prisma.card.findMany({ where: { deckId: 'cards-deck' }, orderBy: { position: 'asc' }, include: { note: true } })).map((c) => `${c.note.slug}:${c.ordinal}`)).toEqual([
      'three-gaps:1',
      'three-gaps:2',
      'three-gaps:3',
      'two-way:1',
      'two-way:2',
    ]);

    const cookie = sessionCookie(await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
    await rate(cookie, cloze.cards[1]!.id);
    // c2 leaves the note (its card was reviewed: retired), c3 stays, c4 arrives; the reversed card is dropped (never reviewed: deleted).
    const v2 = testDeck([clozeNote('three-gaps', '{{c1::Forget}} gate, input gate, {{c3::output}} gate, {{c4::cell}} state.'), basicCard('two-way')], 'cards-deck');
    expect(await syncDeck(t.db, v2)).toMatchObject({ updated: 2, cards: { created: 1, retired: 1, deleted: 1 } });
    const after = await noteBySlug('cards-deck', 'three-gaps');
    expect(after.cards.map((c) => [c.ordinal, c.id, c.retiredAt === null])).toEqual([
      [1, cloze.cards[0]!.id, true],
      [2, cloze.cards[1]!.id, false],
      [3, cloze.cards[2]!.id, true],
      [4, expect.any(String), true],
    ]);
    // c2 comes back: the same card, with its review, un-retired.
    await syncDeck(t.db, v1);
    const back = await noteBySlug('cards-deck', 'three-gaps');
    expect(back.cards.find((c) => c.ordinal === 2)).toMatchObject({ id: cloze.cards[1]!.id, retiredAt: null });
    expect(await t.db.prisma.reviewLog.count({ where: { cardId: cloze.cards[1]!.id } })).toBe(1);
  });
});
