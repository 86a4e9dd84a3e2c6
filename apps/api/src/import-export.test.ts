import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testProviders } from '@recurrence/db/testing';
import { strToU8, zipSync } from 'fflate';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookie, buildTestApp, type TestApp } from './testing';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/anki/', import.meta.url));
const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`);

function form(file: { data: Uint8Array | string; name: string } | null, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append('file', new Blob([typeof file.data === 'string' ? file.data : Buffer.from(file.data)]), file.name);
  return body;
}

describe.each(testProviders())('import and export through the API, on %s', (provider) => {
  let t: TestApp;
  let cookie: string;
  let other: string;
  const send = (url: string, payload: FormData, as = cookie) => t.app.inject({ method: 'POST', url, payload, headers: { cookie: as } });
  const deckCount = async () => t.db.prisma.deck.count();

  async function signUp(email: string) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email, password: 'correct horse battery', displayName: 'x' } });
    return sessionCookie(r);
  }

  beforeAll(async () => {
    t = await buildTestApp(provider, { importLimits: { maxUploadBytes: 2_000_000 } });
    cookie = await signUp('importer@example.com');
    other = await signUp('fresh@example.com');
  });
  afterAll(() => t.close());

  it.each([
    ['Anki-pwa_ap_gov_vocab_anki11.apkg', 242, 484, 0, 0],
    ['Anki-pwa_example_music_intervals.apkg', 340, 340, 0, 0],
    ['anki-apkg-export_output.apkg', 3, 3, 0, 1],
  ])('imports %s: %i notes, %i cards, %i review-log rows, %i media', async (name, notes, cards, reviews, media) => {
    const r = await send('/api/v1/imports', form({ data: fixture(name), name }, { includeHistory: 'true' }));
    expect(r.statusCode, r.body).toBe(201);
    const { deckId, report } = r.json();
    console.log(`${name}: notes ${report.notes}, cards ${report.cards}, review-log rows ${report.reviews} (replayed ${report.replayed}), media ${report.media}`);
    expect(report).toMatchObject({ notes, cards, reviews, media, refused: [] });
    expect(await t.db.prisma.note.count({ where: { deckId } })).toBe(notes);
    expect(await t.db.prisma.card.count({ where: { deckId } })).toBe(cards);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/decks', headers: { cookie } });
    expect(list.json().decks.find((d: { id: string }) => d.id === deckId)).toMatchObject({ noteCount: notes, cardCount: cards, new: cards });
  });

  it('serves an imported image as image/png, never as a page, and only to who may read the deck', async () => {
    const r = await send('/api/v1/imports', form({ data: fixture('anki-apkg-export_output.apkg'), name: 'x.apkg' }));
    const { deckId } = r.json();
    const content = JSON.stringify((await t.db.prisma.note.findFirst({ where: { deckId, slug: { not: '' } }, orderBy: { position: 'desc' } }))?.content);
    expect(content).toContain(`/api/v1/decks/${deckId}/media/anki.png`);
    const media = await t.app.inject({ method: 'GET', url: `/api/v1/decks/${deckId}/media/anki.png`, headers: { cookie } });
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toBe('image/png');
    expect(media.headers['x-content-type-options']).toBe('nosniff');
    expect(media.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/decks/${deckId}/media/anki.png`, headers: { cookie: other } })).statusCode).toBe(404);
  });

  it('previews a CSV: encoding, delimiter, header, columns and first rows; imports it with a column mapping', async () => {
    const csv = 'Tags;Definition;Term\nbio;making sugar from light;photosynthesis\nbio;water through a membrane;osmosis\n';
    const preview = await send('/api/v1/imports/preview', form({ data: csv, name: 'quizlet.csv' }));
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      kind: 'csv',
      csv: { encoding: 'utf-8', delimiter: 'semicolon', header: true, columns: ['Tags', 'Definition', 'Term'], rowCount: 2, mapping: { front: 3, back: 2, tags: 1 } },
      report: { notes: 2, cards: 2, refused: [] },
    });
    const r = await send('/api/v1/imports', form({ data: csv, name: 'quizlet.csv' }, { mapping: JSON.stringify({ front: 2, back: 3, tags: 1 }), title: 'Biology' }));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().title).toBe('Biology');
    const note = await t.db.prisma.note.findFirst({ where: { deckId: r.json().deckId }, orderBy: { position: 'asc' } });
    expect(note?.content).toMatchObject({ type: 'basic', front: { en: 'making sugar from light' }, back: { en: 'photosynthesis' }, tags: ['bio'] });
  });

  it('a file with a refused row imports nothing and reports the line and the reason', async () => {
    const before = await deckCount();
    const r = await send('/api/v1/imports', form({ data: 'front,back\na,b\nc,\nd,e\n', name: 'x.csv' }));
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ field: 'file', message: 'file: nothing was imported: line 3: the back (column 2) is empty', report: { refused: [{ at: 'line 3', reason: 'the back (column 2) is empty' }] } });
    expect(await deckCount()).toBe(before);
  });

  it.each([
    ['a zip bomb', () => zipSync({ 'collection.anki2': new Uint8Array(8 * 1024 * 1024) }, { level: 9 }), 'x.apkg', /possible zip bomb/],
    ['a path-traversal entry', () => zipSync({ 'collection.anki2': strToU8('x'), '../../etc/cron.d/x': strToU8('evil') }), 'x.apkg', /climbs out of the archive/],
    ['a zip that is not an Anki package', () => zipSync({ 'notes.txt': strToU8('hello') }), 'x.apkg', /not an Anki package/],
    ['an SQLite file that is not an Anki collection', () => zipSync({ 'collection.anki2': readFileSync(fileURLToPath(import.meta.url)) }), 'x.apkg', /collection.anki2 is not an SQLite database/],
    ['not a zip at all', () => strToU8('just text'), 'x.apkg', /not a zip archive/],
    ['a deck zip with a broken card', () => zipSync({ 'd/deck.yaml': strToU8('id: dd\ntitle: {en: T, zh: T}\ndescription: {en: D, zh: D}\nsections: [{id: s1, title: {en: S, zh: S}}]\n'), 'd/s.yaml': strToU8('section: s1\ncards:\n  - id: card-1\n    type: basic\n    front: {en: F, zh: F}\n') }), 'deck.zip', /s\.yaml:3: .*back/],
  ])('refuses %s with 400 and writes nothing', async (_what, make, name, message) => {
    const before = await deckCount();
    const r = await send('/api/v1/imports', form({ data: make(), name }));
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().field).toBe('file');
    expect(r.json().message, r.json().message).toMatch(message);
    expect(await deckCount()).toBe(before);
  });

  it('names the field at fault: no file, an unknown kind, a bad mapping', async () => {
    const noFile = await send('/api/v1/imports', form(null, { kind: 'csv' }));
    expect([noFile.statusCode, noFile.json().field]).toEqual([400, 'body.file']);
    const unknown = await send('/api/v1/imports', form({ data: 'a', name: 'notes.docx' }));
    expect([unknown.statusCode, unknown.json().field]).toEqual([400, 'kind']);
    const mapping = await send('/api/v1/imports', form({ data: 'a,b\n', name: 'x.csv' }, { mapping: '{"front":1}' }));
    expect([mapping.statusCode, mapping.json().field]).toEqual([400, 'body.mapping.back']);
    const column = await send('/api/v1/imports', form({ data: 'a,b\n', name: 'x.csv' }, { mapping: '{"front":1,"back":9}' }));
    expect(column.json()).toMatchObject({ statusCode: 400, field: 'mapping', message: 'file: mapping.back: column 9 does not exist (the file has 2)' });
    // A part named after a prototype key is refused by the multipart reader itself, in the same shape.
    const proto = new FormData();
    proto.append('__proto__', 'x');
    proto.append('file', new Blob(['a,b\n']), 'x.csv');
    expect((await send('/api/v1/imports', proto)).json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'body: prototype property is not allowed as field name', field: 'body' });
  });

  it('an upload from another origin is refused (403) and a multipart body elsewhere is still 415', async () => {
    const before = await deckCount();
    const csv = form({ data: 'a,b\n', name: 'x.csv' });
    const cross = await t.app.inject({ method: 'POST', url: '/api/v1/imports', payload: csv, headers: { cookie, origin: 'http://evil.example' } });
    expect(cross.statusCode).toBe(403);
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/decks', payload: form({ data: 'a,b\n', name: 'x.csv' }), headers: { cookie } });
    expect(elsewhere.statusCode).toBe(415);
    expect(await deckCount()).toBe(before);
  });

  it('an upload over IMPORT_MAX_BYTES answers 413 and writes nothing', async () => {
    const before = await deckCount();
    const r = await send('/api/v1/imports', form({ data: new Uint8Array(2_100_000), name: 'big.apkg' }));
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ field: 'file', message: 'file: larger than the upload limit of 2 MB (IMPORT_MAX_BYTES)' });
    expect(await deckCount()).toBe(before);
  });

  it('round trip: export with history, import into a fresh account: the same notes, cards and FSRS state', async () => {
    const csv = 'front,back\none,1\ntwo,2\nthree,3\n{{c1::four}} and {{c2::five}},\n';
    const imported = (await send('/api/v1/imports', form({ data: csv, name: 'numbers.csv' }))).json();
    const deckId: string = imported.deckId;
    // Study every card a few times.
    for (const rating of [3, 1, 3]) {
      for (let i = 0; i < 5; i++) {
        const next = (await t.app.inject({ method: 'GET', url: `/api/v1/study/next?deckId=${deckId}`, headers: { cookie } })).json().next;
        if (!next) break;
        const rated = await t.app.inject({ method: 'POST', url: '/api/v1/study/reviews', headers: { cookie }, payload: { clientId: crypto.randomUUID(), cardId: next.card.id, rating, durationMs: 1500 } });
        expect(rated.statusCode, rated.body).toBe(201);
      }
    }
    const exported: LightMyRequestResponse = await t.app.inject({ method: 'GET', url: `/api/v1/decks/${deckId}/export?format=apkg&history=true`, headers: { cookie } });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment; filename=".+\.apkg"/);
    const again = await send('/api/v1/imports', form({ data: exported.rawPayload, name: 'numbers.apkg' }, { includeHistory: 'true' }), other);
    expect(again.statusCode, again.body).toBe(201);
    const copy = again.json();
    const reviews = await t.db.prisma.reviewLog.count({ where: { card: { deckId } } });
    expect(copy.report).toMatchObject({ notes: 4, cards: 5, reviews, replayed: reviews });

    const notesOf = async (id: string) => (await t.db.prisma.note.findMany({ where: { deckId: id }, orderBy: { position: 'asc' } })).map((n) => ({ ...(n.content as object), section: undefined }));
    expect(await notesOf(copy.deckId)).toEqual(await notesOf(deckId));
    const statesOf = async (id: string, as: string) =>
      (await t.db.prisma.cardState.findMany({ where: { deckId: id, user: { sessions: { some: {} } } }, include: { card: { select: { position: true } } } }))
        .filter((s) => s.userId === as)
        .sort((a, b) => a.card.position - b.card.position)
        .map((s) => ({ state: s.state, due: s.due.toISOString(), stability: s.stability, difficulty: s.difficulty, scheduledDays: s.scheduledDays, reps: s.reps, lapses: s.lapses, lastReview: s.lastReview?.toISOString() }));
    const userOf = async (c: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: c } })).json().user.id as string;
    const original = await statesOf(deckId, await userOf(cookie));
    expect(original.length).toBe(5);
    expect(await statesOf(copy.deckId, await userOf(other))).toEqual(original);
  });

  it('exports the authoring zip and CSV, which import again as the same notes', async () => {
    const csv = 'front,back,tags\nalpha,first letter,greek\nbeta,second letter,greek\n';
    const { deckId } = (await send('/api/v1/imports', form({ data: csv, name: 'greek.csv' }))).json();
    for (const [format, name] of [['yaml', 'greek.zip'], ['csv', 'greek.tsv']] as const) {
      const file = await t.app.inject({ method: 'GET', url: `/api/v1/decks/${deckId}/export?format=${format}`, headers: { cookie } });
      expect(file.statusCode).toBe(200);
      const back = await send('/api/v1/imports', form({ data: file.rawPayload, name }), other);
      expect(back.statusCode, back.body).toBe(201);
      const contents = async (id: string) => (await t.db.prisma.note.findMany({ where: { deckId: id }, orderBy: { position: 'asc' } })).map((n) => n.content);
      expect(await contents(back.json().deckId)).toEqual(await contents(deckId));
    }
  });
});
