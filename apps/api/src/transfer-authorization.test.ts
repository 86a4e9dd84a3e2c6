import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, signUpRoles, type Caller, type TestRole } from './quiz-testing';
import { buildTestApp, type TestApp } from './testing';

/** Expected status per role, in ROLES order: anonymous, guest, student, other student, instructor, other instructor, admin. */
type Expected = [number, number, number, number, number, number, number];
type Row = { method: 'GET' | 'POST'; route: string; expected: Expected; request(): { url: string; payload?: FormData } };

const apkg = readFileSync(fileURLToPath(new URL('../../../../shared/fixtures/anki/anki-apkg-export_output.apkg', import.meta.url)));
const upload = (data: Buffer, name: string) => {
  const body = new FormData();
  body.append('file', new Blob([data]), name);
  return body;
};

describe.each(testProviders())('who may import, export and fetch media, on %s', (provider) => {
  let t: TestApp;
  let as: Record<TestRole, Caller>;
  let deckId: string;

  beforeAll(async () => {
    t = await buildTestApp(provider);
    as = await signUpRoles(t);
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/imports', payload: upload(apkg, 'deck.apkg'), headers: { cookie: as.instructor.cookie! } });
    deckId = imported.json().deckId;
    // The instructor's class studies the deck: its student may read it; the other student may not.
    const set = (await as.instructor.request('POST', '/api/v1/quiz-sets', { deckId, title: 'Imported set' })).json();
    const klass = (await as.instructor.request('POST', '/api/v1/classes', { name: 'Class' })).json();
    await as.instructor.request('POST', `/api/v1/classes/${klass.id}/assignments`, { quizSetId: set.id, study: true });
    await as.student.request('POST', '/api/v1/classes/join', { code: klass.joinCode });
  });
  afterAll(() => t.close());

  const rows: Row[] = [
    // Any account may import into a deck of its own, guests included.
    { method: 'POST', route: '/api/v1/imports', expected: [401, 201, 201, 201, 201, 201, 201], request: () => ({ url: '/api/v1/imports', payload: upload(apkg, 'x.apkg') }) },
    { method: 'POST', route: '/api/v1/imports/preview', expected: [401, 200, 200, 200, 200, 200, 200], request: () => ({ url: '/api/v1/imports/preview', payload: upload(apkg, 'x.apkg') }) },
    // The instructor's deck: its owner, admins and the students of a class that studies it.
    { method: 'GET', route: '/api/v1/decks/:deckId/export', expected: [401, 404, 200, 404, 200, 404, 200], request: () => ({ url: `/api/v1/decks/${deckId}/export?format=apkg` }) },
    { method: 'GET', route: '/api/v1/decks/:deckId/media/:name', expected: [401, 404, 200, 404, 200, 404, 200], request: () => ({ url: `/api/v1/decks/${deckId}/media/anki.png` }) },
  ];

  it.each(rows.map((row) => [`${row.method} ${row.route}`, row] as const))('%s', async (_, row) => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const [i, role] of ROLES.entries()) {
      const { url, payload } = row.request();
      const cookie = as[role].cookie;
      got[role] = (await t.app.inject({ method: row.method, url, ...(payload ? { payload } : {}), headers: cookie ? { cookie } : {} })).statusCode;
      want[role] = row.expected[i]!;
    }
    expect(got).toEqual(want);
  });

  it('a quiz-only assignment does not let students download the deck (it holds the answer key)', async () => {
    const imported = (await t.app.inject({ method: 'POST', url: '/api/v1/imports', payload: upload(apkg, 'exam.apkg'), headers: { cookie: as.instructor.cookie! } })).json();
    const set = (await as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: imported.deckId, title: 'Exam' })).json();
    const klass = (await as.instructor.request('POST', '/api/v1/classes', { name: 'Exam class' })).json();
    await as.instructor.request('POST', `/api/v1/classes/${klass.id}/assignments`, { quizSetId: set.id, study: false });
    await as.student.request('POST', '/api/v1/classes/join', { code: klass.joinCode });
    expect((await as.student.request('GET', `/api/v1/decks/${imported.deckId}/export?format=csv`)).statusCode).toBe(404);
  });

  it('has a row for every import and export route the app serves', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .filter((r) => /\/api\/v1\/(imports|decks\/:deckId\/(export|media))/.test(r));
    expect(served.sort()).toEqual(rows.map((r) => `${r.method} ${r.route}`).sort());
  });
});
