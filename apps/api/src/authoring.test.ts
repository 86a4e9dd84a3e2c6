import { AUTHORING_LIMITS } from '@recurrence/contracts';
import { transaction } from '@recurrence/db';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNotes, createDeck } from './services/note-writer';
import { buildTestApp, sessionCookie, type TestApp } from './testing';

type Json = Record<string, unknown> & { id: string };

describe.each(testProviders())('writing decks and notes on %s', (provider) => {
  let t: TestApp;
  let cookie: string;
  let userId: string;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const json = async <T = Json>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, status = method === 'POST' ? 201 : 200): Promise<T> => {
    const r = await call(method, url, payload);
    if (r.statusCode !== status) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json() as T;
  };
  const cloze = (text: string, extra: object = {}) => ({ type: 'cloze', text: { en: text }, ...extra });
  const rate = (cardId: string) => json('POST', '/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId, rating: 3, durationMs: 900 });

  beforeAll(async () => {
    t = await buildTestApp(provider);
    const signUp = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: 'writer@example.com', password: 'correct horse battery', displayName: 'Writer' } });
    cookie = sessionCookie(signUp);
    userId = signUp.json().user.id;
  });
  afterAll(() => t.close());

  async function newDeck(title = 'My deck') {
    return json('POST', '/api/v1/decks', { title: { en: title } });
  }
  async function addNote(deckId: string, note: object) {
    const added = await json<{ notes: { id: string; cards: { id: string; ordinal: number }[]; content: Json }[]; cards: number }>('POST', `/api/v1/decks/${deckId}/notes`, { notes: [note] });
    return added.notes[0]!;
  }

  it('creates a deck with a title in one language, shown in both, owned by its writer', async () => {
    const deck = await newDeck('Linear algebra');
    expect(deck).toMatchObject({ title: { en: 'Linear algebra', zh: 'Linear algebra' }, description: { en: '', zh: '' }, source: 'user', mine: true, canEdit: true, cardCount: 0 });
    expect((await t.db.prisma.deck.findUniqueOrThrow({ where: { id: deck.id } })).ownerId).toBe(userId);
    const zhOnly = await json('POST', '/api/v1/decks', { title: { zh: '线性代数' }, description: { zh: '矩阵' } });
    expect(zhOnly).toMatchObject({ title: { en: '线性代数', zh: '线性代数' }, description: { en: '矩阵', zh: '矩阵' } });
    const listed = await json<{ decks: { id: string }[] }>('GET', '/api/v1/decks');
    expect(listed.decks.map((d) => d.id)).toEqual(expect.arrayContaining([deck.id, zhOnly.id]));
  });

  it('adds a note of every type, each with the cards its type makes, one language being enough', async () => {
    const deck = await newDeck();
    const notes = [
      { type: 'basic', front: { en: 'Rank of $I_n$?' }, back: { en: '$n$' }, reverse: true, tags: ['matrices'] },
      { type: 'basic', front: { zh: '单位矩阵的迹？' }, back: { zh: 'n' }, typeIn: true },
      cloze('The {{c1::determinant}} is the product of the {{c2::eigenvalues}}.', { extra: { en: 'Over ℂ.' } }),
      { type: 'multiple-choice', question: { en: 'Which are orthogonal?' }, choices: [{ id: 'a', text: { en: 'rotations' }, correct: true, why: { en: 'QᵀQ = I' } }, { id: 'b', text: { en: 'shears' }, correct: false, why: { en: 'no' } }, { id: 'c', text: { en: 'reflections' }, correct: true, why: { en: 'yes' } }] },
      { type: 'numeric', question: { en: '$\\det$ of a 2×2 identity?' }, answer: 1, tolerance: { absolute: 0 }, unit: 'x' },
      { type: 'numeric', question: { en: 'e?' }, answer: 2.718, tolerance: { relative: 0.01 } },
      { type: 'open', question: { en: 'Why is SVD useful?' }, modelAnswer: { en: 'Low-rank approximation.' }, checklist: [{ en: 'Eckart–Young' }, { en: 'pseudo-inverse' }], more: { en: 'See Strang.' } },
    ];
    const added = await json<{ notes: { content: Json; cards: { ordinal: number }[] }[]; cards: number }>('POST', `/api/v1/decks/${deck.id}/notes`, { notes });
    expect(added.notes.map((n) => n.cards.map((c) => c.ordinal))).toEqual([[1, 2], [1], [1, 2], [1], [1], [1], [1]]);
    expect(added.cards).toBe(9);
    expect(added.notes[1]!.content).toMatchObject({ front: { en: '单位矩阵的迹？', zh: '单位矩阵的迹？' }, section: 'notes' });
    expect(added.notes[0]!.content.tags).toEqual(['matrices']);
    const summary = await json('GET', `/api/v1/decks/${deck.id}`);
    expect(summary).toMatchObject({ cardCount: 9, noteCount: 7 });
    const cards = await json<{ cards: { ordinal: number; slug: string }[] }>('GET', `/api/v1/decks/${deck.id}/cards`);
    expect(cards.cards).toHaveLength(9);
  });

  it('refuses bad notes with 400 naming the field, and writes nothing', async () => {
    const deck = await newDeck();
    const cases: [object, string][] = [
      [{ notes: [cloze('no deletion here')] }, 'body.notes.0.text.en'],
      [{ notes: [{ type: 'basic', front: { en: 'x' }, back: { en: ' ' } }] }, 'body.notes.0.back.en'],
      [{ notes: [{ type: 'basic', front: { en: 'x'.repeat(AUTHORING_LIMITS.fieldChars + 1) }, back: { en: 'y' } }] }, 'body.notes.0.front.en'],
      [{ notes: [{ type: 'basic', front: { en: 'x' }, back: { en: 'y' }, tags: ['Not A Slug'] }] }, 'body.notes.0.tags.0'],
      [{ notes: [{ type: 'multiple-choice', question: { en: 'q' }, choices: [{ id: 'a', text: { en: 'a' }, correct: false, why: { en: 'w' } }, { id: 'b', text: { en: 'b' }, correct: false, why: { en: 'w' } }] }] }, 'body.notes.0.choices'],
      [{ notes: [{ type: 'numeric', question: { en: 'q' }, answer: 1, tolerance: { absolute: -1 } }] }, 'body.notes.0.tolerance'],
      [{ notes: [cloze('{{c1::ok}}'), { type: 'nope' }] }, 'body.notes.1.type'],
      [{ notes: [] }, 'body.notes'],
      [{ notes: Array.from({ length: AUTHORING_LIMITS.notesPerRequest + 1 }, () => cloze('{{c1::x}}')) }, 'body.notes'],
    ];
    for (const [payload, field] of cases) {
      const r = await call('POST', `/api/v1/decks/${deck.id}/notes`, payload);
      expect({ status: r.statusCode, field: r.json().field?.startsWith(field) ? field : r.json().field }).toEqual({ status: 400, field });
    }
    const long = await call('POST', '/api/v1/decks', { title: { en: 'x'.repeat(AUTHORING_LIMITS.titleChars + 1) } });
    expect([long.statusCode, long.json().field]).toEqual([400, 'body.title.en']);
    const untitled = await call('POST', '/api/v1/decks', { title: { en: ' ', zh: '' } });
    expect([untitled.statusCode, untitled.json().field]).toEqual([400, 'body.title.en']);
    expect(await t.db.prisma.note.count({ where: { deckId: deck.id } })).toBe(0);
  });

  it('keeps the cards and review history of a cloze note across edits; a new deletion adds a card, a removed one is retired or deleted', async () => {
    const deck = await newDeck();
    const note = await addNote(deck.id, cloze('{{c1::Gradient}} descent follows the {{c2::negative}} gradient.'));
    const [c1, c2] = note.cards;
    await rate(c1!.id);
    await rate(c2!.id);

    const withC3 = await json<{ note: { cards: { id: string; ordinal: number }[] }; cards: object }>('PATCH', `/api/v1/notes/${note.id}`, {
      note: cloze('{{c1::Gradient}} descent follows the {{c2::negative}} gradient with a {{c3::step size}}.'),
    });
    expect(withC3.cards).toEqual({ kept: 2, created: 1, retired: 0, deleted: 0 });
    expect(withC3.note.cards.slice(0, 2)).toEqual([c1, c2]);
    const c3 = withC3.note.cards[2]!;
    expect(c3.ordinal).toBe(3);
    // The kept cards' state and reviews are as they were.
    expect(await t.db.prisma.reviewLog.count({ where: { cardId: { in: [c1!.id, c2!.id] } } })).toBe(2);
    expect(await t.db.prisma.cardState.findUnique({ where: { userId_cardId: { userId, cardId: c1!.id } } })).toMatchObject({ reps: 1 });

    // c2 was reviewed: retired, its reviews kept; c3 never was: deleted.
    const withoutC2 = await json<{ note: { cards: { id: string }[] }; cards: object }>('PATCH', `/api/v1/notes/${note.id}`, { note: cloze('{{c1::Gradient}} descent.') });
    expect(withoutC2.cards).toEqual({ kept: 1, created: 0, retired: 1, deleted: 1 });
    expect(withoutC2.note.cards).toEqual([c1]);
    expect(await t.db.prisma.card.findUnique({ where: { id: c2!.id } })).toMatchObject({ retiredAt: expect.any(Date) });
    expect(await t.db.prisma.card.findUnique({ where: { id: c3.id } })).toBeNull();
    expect(await t.db.prisma.reviewLog.count({ where: { cardId: c2!.id } })).toBe(1);

    // c2 comes back: the same card, with its history.
    const back = await json<{ note: { cards: { id: string }[] }; cards: object }>('PATCH', `/api/v1/notes/${note.id}`, { note: cloze('{{c1::Gradient}} {{c2::descent}}.') });
    expect(back.cards).toEqual({ kept: 2, created: 0, retired: 0, deleted: 0 });
    expect(back.note.cards).toEqual([c1, c2]);
    const cards = await json<{ cards: { id: string }[] }>('GET', `/api/v1/decks/${deck.id}/cards`);
    expect(cards.cards.map((c) => c.id)).toEqual([c1!.id, c2!.id]);
  });

  it('turns a basic note reversed and back, keeping the forward card; changes type keeping card 1', async () => {
    const deck = await newDeck();
    const note = await addNote(deck.id, { type: 'basic', front: { en: 'f' }, back: { en: 'b' } });
    const forward = note.cards[0]!;
    const reversed = await json<{ note: { cards: { id: string; ordinal: number }[] } }>('PATCH', `/api/v1/notes/${note.id}`, { note: { type: 'basic', front: { en: 'f' }, back: { en: 'b' }, reverse: true } });
    expect(reversed.note.cards.map((c) => c.ordinal)).toEqual([1, 2]);
    expect(reversed.note.cards[0]).toEqual(forward);
    const open = await json<{ note: { cards: { id: string }[]; content: Json }; cards: object }>('PATCH', `/api/v1/notes/${note.id}`, {
      note: { type: 'open', question: { en: 'q' }, modelAnswer: { en: 'a' }, checklist: [{ en: 'one' }, { en: 'two' }] },
    });
    expect(open.cards).toEqual({ kept: 1, created: 0, retired: 0, deleted: 1 });
    expect(open.note.cards).toEqual([forward]);
    expect(open.note.content).toMatchObject({ type: 'open', id: expect.stringMatching(/^n/) });
  });

  it('deletes a note (retired when reviewed) and a deck with everything in it; a published deck is kept', async () => {
    const deck = await newDeck();
    const fresh = await addNote(deck.id, cloze('{{c1::a}}'));
    const reviewed = await addNote(deck.id, cloze('{{c1::b}}'));
    await rate(reviewed.cards[0]!.id);
    expect((await call('DELETE', `/api/v1/notes/${fresh.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/notes/${reviewed.id}`)).statusCode).toBe(204);
    expect(await t.db.prisma.note.findUnique({ where: { id: fresh.id } })).toBeNull();
    expect(await t.db.prisma.note.findUnique({ where: { id: reviewed.id } })).toMatchObject({ retiredAt: expect.any(Date) });
    expect((await call('GET', `/api/v1/notes/${reviewed.id}`)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/notes/${reviewed.id}`, { note: cloze('{{c1::c}}') })).statusCode).toBe(404);
    expect(await json('GET', `/api/v1/decks/${deck.id}`)).toMatchObject({ noteCount: 0, cardCount: 0 });

    await addNote(deck.id, cloze('{{c1::c}}'));
    await t.db.prisma.quizSet.create({ data: { ownerId: userId, deckId: deck.id, title: 'Published' } });
    const refused = await call('DELETE', `/api/v1/decks/${deck.id}`);
    expect(refused.statusCode).toBe(409);
    await t.db.prisma.quizSet.deleteMany({ where: { deckId: deck.id } });
    expect((await call('DELETE', `/api/v1/decks/${deck.id}`)).statusCode).toBe(204);
    expect(await t.db.prisma.note.count({ where: { deckId: deck.id } })).toBe(0);
    expect(await t.db.prisma.reviewLog.count({ where: { cardId: reviewed.cards[0]!.id } })).toBe(0);
    expect((await call('GET', `/api/v1/decks/${deck.id}`)).statusCode).toBe(404);
  });

  it('renames a deck', async () => {
    const deck = await newDeck('Old');
    expect(await json('PATCH', `/api/v1/decks/${deck.id}`, { title: { en: 'New', zh: '新' }, description: { en: 'About' } })).toMatchObject({
      title: { en: 'New', zh: '新' },
      description: { en: 'About', zh: 'About' },
    });
  });

  it('finds notes by words in either language and by tag, a page at a time', async () => {
    const deck = await newDeck();
    await json('POST', `/api/v1/decks/${deck.id}/notes`, {
      notes: [
        { type: 'basic', front: { en: 'Softmax temperature', zh: '温度' }, back: { en: 'T' }, tags: ['attention'] },
        { type: 'basic', front: { en: 'Layer norm', zh: '层归一化' }, back: { en: 'mean and variance' }, tags: ['normalization'] },
        cloze('{{c1::Attention}} is all you need', { tags: ['attention', 'papers'] }),
      ],
    });
    const find = async (query: string) => (await json<{ notes: { content: { type: string } }[]; total: number; tags: string[] }>('GET', `/api/v1/decks/${deck.id}/notes?${query}`));
    expect((await find('q=TEMPERATURE')).total).toBe(1);
    expect((await find('q=归一化')).total).toBe(1);
    expect((await find('q=mean%20variance')).total).toBe(1);
    expect((await find('q=attention')).total).toBe(2);
    expect((await find('tag=attention')).total).toBe(2);
    expect((await find('tag=attention&q=need')).notes.map((n) => n.content.type)).toEqual(['cloze']);
    expect((await find('')).tags).toEqual(['attention', 'normalization', 'papers']);
    expect((await find('page=2')).notes).toEqual([]);
  });

  it('lets the importer add many notes with their own slugs in one transaction, all or nothing', async () => {
    const deck = await transaction(t.db.prisma, (tx) => createDeck(tx, userId, { title: { en: 'Imported', zh: 'Imported' } }, 'import'));
    const note = (id: string) => ({ id, type: 'cloze' as const, section: 'notes', tags: [], text: { en: `{{c1::${id}}} {{c2::x}}`, zh: `{{c1::${id}}} {{c2::x}}` } });
    const added = await transaction(t.db.prisma, (tx) => addNotes(tx, deck.id, [note('one'), note('two')]));
    expect(added.cards).toBe(4);
    expect(added.notes.map((n) => n.slug)).toEqual(['one', 'two']);
    await expect(transaction(t.db.prisma, (tx) => addNotes(tx, deck.id, [note('three'), note('one')]))).rejects.toMatchObject({ statusCode: 400, field: 'notes.1.id' });
    await expect(transaction(t.db.prisma, (tx) => addNotes(tx, deck.id, [note('four'), note('four')]))).rejects.toMatchObject({ statusCode: 400, field: 'notes.1.id' });
    expect(await t.db.prisma.note.count({ where: { deckId: deck.id } })).toBe(2);
  });
});
