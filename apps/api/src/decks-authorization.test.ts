import { randomUUID } from 'node:crypto';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOwnedDeck, signUpRoles, statusesByRole, type Caller, type TestRole } from './quiz-testing';
import { basicCard, buildTestApp, seedDeck, testDeck, type TestApp } from './testing';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Expected status per role, in ROLES order: anonymous, guest, student, other student, instructor, other instructor, admin. */
type Expected = [number, number, number, number, number, number, number];
type Row = { method: Method; route: string; what: string; expected: Expected; target(role: TestRole): Promise<{ url: string; body?: unknown }> };

/**
 * Who may read and write which deck (services/deck-access.ts): a built-in deck, the student's own deck, and the
 * instructor's deck assigned for study to a class the student is in (the other student is in no class).
 */
describe.each(testProviders())('who may call each deck and note route, on %s', (provider) => {
  let t: TestApp;
  let as: Record<TestRole, Caller>;
  const fixture = {} as { ownDeck: string; ownNote: string; assignedNote: string; cards: Record<'builtin' | 'own' | 'assigned' | 'exam', string> };
  const note = { type: 'cloze', text: { en: 'The {{c1::answer}} is here.' } };

  async function ok<T = { id: string }>(response: Promise<{ statusCode: number; body: string; json(): unknown }>): Promise<T> {
    const r = await response;
    if (r.statusCode >= 300) throw new Error(`fixture request failed: ${r.statusCode} ${r.body}`);
    return r.json() as T;
  }
  const newDeck = async () => (await ok(as.student.request('POST', '/api/v1/decks', { title: { en: 'Fixture deck' } }))).id;
  const newNote = async (deckId: string, by: Caller = as.student) =>
    (await ok<{ notes: { id: string }[] }>(by.request('POST', `/api/v1/decks/${deckId}/notes`, { notes: [note] }))).notes[0]!.id;

  beforeAll(async () => {
    t = await buildTestApp(provider);
    as = await signUpRoles(t);
    await seedDeck(t.db, testDeck([basicCard('builtin-one')], 'builtin-deck'));
    await seedOwnedDeck(t, 'assigned-deck', as.instructor.id!);
    await seedOwnedDeck(t, 'unassigned-deck', as.instructor.id!);
    const quizSet = await ok(as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: 'assigned-deck', title: 'Set' }));
    const klass = await ok<{ id: string; joinCode: string }>(as.instructor.request('POST', '/api/v1/classes', { name: 'Class' }));
    await ok(as.instructor.request('POST', `/api/v1/classes/${klass.id}/assignments`, { quizSetId: quizSet.id }));
    await ok(as.student.request('POST', '/api/v1/classes/join', { code: klass.joinCode }));
    // An exam only (no study): its deck stays the instructor's.
    const exam = await ok(as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: 'unassigned-deck', title: 'Exam' }));
    await ok(as.instructor.request('POST', `/api/v1/classes/${klass.id}/assignments`, { quizSetId: exam.id, study: false }));
    fixture.ownDeck = await newDeck();
    fixture.ownNote = await newNote(fixture.ownDeck);
    fixture.assignedNote = (await t.db.prisma.note.findFirstOrThrow({ where: { deckId: 'assigned-deck' } })).id;
    const firstCard = async (deckId: string, slug?: string) => (await t.db.prisma.card.findFirstOrThrow({ where: { deckId, ...(slug ? { note: { slug } } : {}) }, orderBy: { position: 'asc' } })).id;
    fixture.cards = {
      builtin: await firstCard('builtin-deck'),
      own: await firstCard(fixture.ownDeck),
      assigned: await firstCard('assigned-deck', 'tiny-product'),
      exam: await firstCard('unassigned-deck', 'tiny-product'),
    };
  });
  afterAll(() => t.close());

  const fixed = (url: () => string, body?: () => unknown) => async () => ({ url: url(), ...(body ? { body: body() } : {}) });
  const title = () => ({ title: { en: 'Renamed' } });
  const rows: Row[] = [
    { method: 'GET', route: '/api/v1/decks/', what: 'list', expected: [200, 200, 200, 200, 200, 200, 200], target: fixed(() => '/api/v1/decks') },
    { method: 'POST', route: '/api/v1/decks/', what: 'create', expected: [401, 201, 201, 201, 201, 201, 201], target: fixed(() => '/api/v1/decks', title) },

    { method: 'GET', route: '/api/v1/decks/:deckId', what: 'built-in', expected: [200, 200, 200, 200, 200, 200, 200], target: fixed(() => '/api/v1/decks/builtin-deck') },
    { method: 'GET', route: '/api/v1/decks/:deckId', what: 'own', expected: [404, 404, 200, 404, 404, 404, 200], target: fixed(() => `/api/v1/decks/${fixture.ownDeck}`) },
    { method: 'GET', route: '/api/v1/decks/:deckId', what: 'assigned', expected: [404, 404, 200, 404, 200, 404, 200], target: fixed(() => '/api/v1/decks/assigned-deck') },
    { method: 'GET', route: '/api/v1/decks/:deckId', what: 'exam only', expected: [404, 404, 404, 404, 200, 404, 200], target: fixed(() => '/api/v1/decks/unassigned-deck') },

    { method: 'GET', route: '/api/v1/decks/:deckId/cards', what: 'built-in', expected: [200, 200, 200, 200, 200, 200, 200], target: fixed(() => '/api/v1/decks/builtin-deck/cards') },
    { method: 'GET', route: '/api/v1/decks/:deckId/cards', what: 'own', expected: [404, 404, 200, 404, 404, 404, 200], target: fixed(() => `/api/v1/decks/${fixture.ownDeck}/cards`) },
    { method: 'GET', route: '/api/v1/decks/:deckId/cards', what: 'assigned', expected: [404, 404, 200, 404, 200, 404, 200], target: fixed(() => '/api/v1/decks/assigned-deck/cards') },
    { method: 'GET', route: '/api/v1/decks/:deckId/cards', what: 'exam only', expected: [404, 404, 404, 404, 200, 404, 200], target: fixed(() => '/api/v1/decks/unassigned-deck/cards') },

    { method: 'GET', route: '/api/v1/decks/:deckId/browse', what: 'built-in', expected: [200, 200, 200, 200, 200, 200, 200], target: fixed(() => '/api/v1/decks/builtin-deck/browse') },
    { method: 'GET', route: '/api/v1/decks/:deckId/browse', what: 'own', expected: [404, 404, 200, 404, 404, 404, 200], target: fixed(() => `/api/v1/decks/${fixture.ownDeck}/browse?q=answer`) },
    { method: 'GET', route: '/api/v1/decks/:deckId/browse', what: 'assigned', expected: [404, 404, 200, 404, 200, 404, 200], target: fixed(() => '/api/v1/decks/assigned-deck/browse') },
    { method: 'GET', route: '/api/v1/decks/:deckId/browse', what: 'exam only', expected: [404, 404, 404, 404, 200, 404, 200], target: fixed(() => '/api/v1/decks/unassigned-deck/browse') },
    { method: 'GET', route: '/api/v1/decks/:deckId/notes', what: 'built-in', expected: [200, 200, 200, 200, 200, 200, 200], target: fixed(() => '/api/v1/decks/builtin-deck/notes') },
    { method: 'GET', route: '/api/v1/decks/:deckId/notes', what: 'own', expected: [404, 404, 200, 404, 404, 404, 200], target: fixed(() => `/api/v1/decks/${fixture.ownDeck}/notes?q=answer`) },
    { method: 'GET', route: '/api/v1/decks/:deckId/notes', what: 'assigned', expected: [404, 404, 200, 404, 200, 404, 200], target: fixed(() => '/api/v1/decks/assigned-deck/notes') },

    { method: 'PATCH', route: '/api/v1/decks/:deckId', what: 'built-in', expected: [401, 403, 403, 403, 403, 403, 403], target: fixed(() => '/api/v1/decks/builtin-deck', title) },
    { method: 'PATCH', route: '/api/v1/decks/:deckId', what: 'own', expected: [401, 404, 200, 404, 404, 404, 200], target: fixed(() => `/api/v1/decks/${fixture.ownDeck}`, title) },
    // Students of the class read the assigned deck but do not edit it.
    { method: 'PATCH', route: '/api/v1/decks/:deckId', what: 'assigned', expected: [401, 404, 403, 404, 200, 404, 200], target: fixed(() => '/api/v1/decks/assigned-deck', title) },
    { method: 'DELETE', route: '/api/v1/decks/:deckId', what: 'own', expected: [401, 404, 204, 404, 404, 404, 204], target: async () => ({ url: `/api/v1/decks/${await newDeck()}` }) },
    { method: 'DELETE', route: '/api/v1/decks/:deckId', what: 'built-in', expected: [401, 403, 403, 403, 403, 403, 403], target: fixed(() => '/api/v1/decks/builtin-deck') },

    { method: 'POST', route: '/api/v1/decks/:deckId/notes', what: 'own', expected: [401, 404, 201, 404, 404, 404, 201], target: fixed(() => `/api/v1/decks/${fixture.ownDeck}/notes`, () => ({ notes: [note] })) },
    { method: 'POST', route: '/api/v1/decks/:deckId/notes', what: 'assigned', expected: [401, 404, 403, 404, 201, 404, 201], target: fixed(() => '/api/v1/decks/assigned-deck/notes', () => ({ notes: [note] })) },
    { method: 'POST', route: '/api/v1/decks/:deckId/notes', what: 'built-in', expected: [401, 403, 403, 403, 403, 403, 403], target: fixed(() => '/api/v1/decks/builtin-deck/notes', () => ({ notes: [note] })) },

    { method: 'GET', route: '/api/v1/notes/:noteId', what: 'own', expected: [404, 404, 200, 404, 404, 404, 200], target: fixed(() => `/api/v1/notes/${fixture.ownNote}`) },
    { method: 'GET', route: '/api/v1/notes/:noteId', what: 'assigned', expected: [404, 404, 200, 404, 200, 404, 200], target: fixed(() => `/api/v1/notes/${fixture.assignedNote}`) },
    { method: 'PATCH', route: '/api/v1/notes/:noteId', what: 'own', expected: [401, 404, 200, 404, 404, 404, 200], target: fixed(() => `/api/v1/notes/${fixture.ownNote}`, () => ({ note })) },
    { method: 'PATCH', route: '/api/v1/notes/:noteId', what: 'assigned', expected: [401, 404, 403, 404, 200, 404, 200], target: fixed(() => `/api/v1/notes/${fixture.assignedNote}`, () => ({ note })) },
    { method: 'DELETE', route: '/api/v1/notes/:noteId', what: 'own', expected: [401, 404, 204, 404, 404, 404, 204], target: async () => ({ url: `/api/v1/notes/${await newNote(fixture.ownDeck)}` }) },
  ];

  // Study: a deck, or a card, is studied only by those who may read its deck; to everyone else it does not exist.
  const readers: Record<keyof typeof fixture.cards, Expected> = {
    builtin: [401, 200, 200, 200, 200, 200, 200],
    own: [401, 404, 200, 404, 404, 404, 200],
    assigned: [401, 404, 200, 404, 200, 404, 200],
    exam: [401, 404, 404, 404, 200, 404, 200],
  };
  const deckOf = { builtin: () => 'builtin-deck', own: () => fixture.ownDeck, assigned: () => 'assigned-deck', exam: () => 'unassigned-deck' };
  const readersGet = (expected: Expected, status: number) => expected.map((s) => (s === 200 ? status : s)) as Expected;
  // The quiz decks' cards are numeric (an answer is checked); a built-in basic card and the own cloze card take no
  // answer: 400 for readers, still 404 for everyone else (access is checked first).
  const checked = { builtin: 400, own: 400, assigned: 200, exam: 200 };
  const studyRows: Row[] = (Object.keys(readers) as (keyof typeof readers)[]).flatMap((what) => [
    { method: 'GET', route: '/api/v1/study/next', what, expected: readers[what], target: fixed(() => `/api/v1/study/next?deckId=${deckOf[what]()}`) },
    { method: 'POST', route: '/api/v1/study/check', what, expected: readersGet(readers[what], checked[what]), target: fixed(() => '/api/v1/study/check', () => ({ cardId: fixture.cards[what], answer: { kind: 'number', text: '2.7e-5' } })) },
    { method: 'POST', route: '/api/v1/study/reviews', what, expected: readersGet(readers[what], 201), target: fixed(() => '/api/v1/study/reviews', () => ({ cardId: fixture.cards[what], rating: 3, clientId: randomUUID(), durationMs: 1000 })) },
    { method: 'POST', route: '/api/v1/study/cards/:cardId/bury', what, expected: readers[what], target: fixed(() => `/api/v1/study/cards/${fixture.cards[what]}/bury`) },
    { method: 'PUT', route: '/api/v1/study/cards/:cardId/suspended', what, expected: readers[what], target: fixed(() => `/api/v1/study/cards/${fixture.cards[what]}/suspended`, () => ({ suspended: false })) },
  ]);
  rows.push(...studyRows);

  it('studies, with no deck chosen, only the decks each user studies', async () => {
    const deckIdsOfQueue = async (role: TestRole) => {
      const seen = new Set<string>();
      // Bury each card offered until the queue is empty: every card the queue would give, once.
      for (let i = 0; i < 50; i++) {
        const next = await ok<{ next: { card: { id: string; deckId: string } } | null }>(as[role].request('GET', '/api/v1/study/next'));
        if (!next.next) break;
        seen.add(next.next.card.deckId);
        await ok(as[role].request('POST', `/api/v1/study/cards/${next.next.card.id}/bury`));
      }
      return [...seen].sort();
    };
    expect(await deckIdsOfQueue('otherStudent')).toEqual(['builtin-deck']);
    expect(await deckIdsOfQueue('student')).toEqual(['assigned-deck', 'builtin-deck', fixture.ownDeck].sort());
    expect(await deckIdsOfQueue('instructor')).toEqual(['assigned-deck', 'builtin-deck', 'unassigned-deck']);
    // An admin reads every deck, but studies only their own and the built-in ones.
    expect(await deckIdsOfQueue('admin')).toEqual(['builtin-deck']);
  });

  it.each(rows.map((row) => [`${row.method} ${row.route} (${row.what})`, row] as const))('%s', async (_, row) => {
    const { got, want } = await statusesByRole(as, row.method, row.target, row.expected);
    expect(got).toEqual(want);
  });

  it('lists the built-in decks to everyone, and to each user their own and their classes’ study decks', async () => {
    const listed = async (role: TestRole) => ((await ok<{ decks: { id: string }[] }>(as[role].request('GET', '/api/v1/decks'))).decks.map((d) => d.id));
    expect(await listed('anonymous')).toEqual(['builtin-deck']);
    expect(await listed('otherStudent')).toContain('builtin-deck');
    expect(await listed('otherStudent')).not.toEqual(expect.arrayContaining([fixture.ownDeck]));
    expect(await listed('otherStudent')).not.toEqual(expect.arrayContaining(['assigned-deck']));
    expect(await listed('student')).toEqual(expect.arrayContaining(['builtin-deck', 'assigned-deck', fixture.ownDeck]));
    expect(await listed('student')).not.toContain('unassigned-deck');
    expect(await listed('instructor')).toEqual(expect.arrayContaining(['builtin-deck', 'assigned-deck', 'unassigned-deck']));
    expect(await listed('instructor')).not.toContain(fixture.ownDeck);
  });

  it('has a row for every deck and note route the app serves', () => {
    const covered = new Set(rows.map((r) => `${r.method} ${r.route}`));
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const ours = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      // Export and media have their own table (transfer-authorization.test.ts).
      .filter((r) => /^\w+ \/api\/v1\/(decks|notes)/.test(r) && !/^GET \/api\/v1\/decks\/:deckId\/(export|media)/.test(r));
    expect(ours.filter((r) => !covered.has(r))).toEqual([]);
  });
});
