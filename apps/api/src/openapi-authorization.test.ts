import { randomUUID } from 'node:crypto';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, ROLES, type Caller, type TestRole } from './quiz-testing';
import { buildSuite, EMAILS, fillPath, newDeck, ok, operationsOf, PASSWORD, secretNote, type Suite } from './suite-fixtures';
import { sessionCookie } from './testing';

/** Expected status per role, in ROLES order: anonymous, guest, student, other student, instructor, other instructor, admin. */
type Expected = readonly [number, number, number, number, number, number, number];
type Call = { url?: string; body?: unknown };
type Rule = {
  expected: Expected;
  /** The request for one role: its URL (default: the path with the fixtures' ids) and body. Called before each role's request. */
  call?: (role: TestRole) => Promise<Call> | Call;
  /** Send the request with a new session of the role's account (routes that end, replace or upgrade the session). */
  freshSession?: boolean;
};

const all = (s: number): Expected => [s, s, s, s, s, s, s];
/** Any session, guests included. */
const signedIn = (s: number): Expected => [401, s, s, s, s, s, s];
/** The student's own resources: theirs and admins'; to everyone else they do not exist. */
const studentsOwn = (s: number, anonymous = 401): Expected => [anonymous, 404, s, 404, 404, 404, s];
/** The instructor's class (the student is in it): its members read it. */
const classReaders = (s: number): Expected => [401, 404, s, 404, s, 404, s];
/** The instructor's class: only who teaches it (and admins) change it; its student is told no. */
const classTeachers = (s: number): Expected => [401, 404, 403, 404, s, 404, s];
/** The instructor's quiz set: its instructor and admins. */
const setOwners = (s: number): Expected => [401, 404, 404, 404, s, 404, s];
const adminOnly: Expected = [401, 403, 403, 403, 403, 403, 200];

/**
 * Every operation of the OpenAPI document × the seven roles, with fixtures owned by the student and the instructor.
 * A rule gives the status each role gets; an operation of the document without a rule fails the test (a new route
 * cannot be forgotten), and so does a rule for an operation the document no longer has. Every 2xx body is also
 * searched for the other users' emails and the students' private deck text.
 */
describe.each(testProviders())('every operation of the OpenAPI document, for seven roles, on %s', (provider) => {
  let s: Suite;
  beforeAll(async () => {
    s = await buildSuite(provider);
  }, 180_000);
  afterAll(() => s?.close());

  /** A second session of the role's account (or a new guest), so the role's own session outlives the call. */
  async function freshCaller(role: TestRole): Promise<Caller> {
    if (role === 'anonymous') return caller(s.t, null, null);
    const r =
      role === 'guest'
        ? await s.t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' })
        : await s.t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: EMAILS[role], password: PASSWORD } });
    return caller(s.t, sessionCookie(r), r.json().user.id);
  }
  /** A class of the instructor's with the quiz set assigned and the student in it. */
  async function newClass(): Promise<string> {
    const created = await ok<{ id: string; joinCode: string }>(s.as.instructor.request('POST', '/api/v1/classes', { name: 'Fresh class' }));
    await ok(s.as.instructor.request('POST', `/api/v1/classes/${created.id}/assignments`, { quizSetId: s.fx.quizSetId }));
    await ok(s.as.student.request('POST', '/api/v1/classes/join', { code: created.joinCode }));
    return created.id;
  }
  /** The student's open attempt of the class's set (the same one until it is submitted). */
  const openAttempt = async () => (await ok<{ attempt: { id: string } }>(s.as.student.request('POST', `/api/v1/quiz-sets/${s.fx.quizSetId}/attempts`, { classId: s.fx.classId }))).attempt.id;
  /** A new queued run of the student's (the student's other queued runs are marked failed: the limit is 2 at once). */
  async function newRun(): Promise<string> {
    await s.t.db.prisma.labRun.updateMany({ where: { status: 'queued', watchers: { some: { userId: s.as.student.id! } } }, data: { status: 'failed' } });
    return (await ok(s.as.student.request('POST', '/api/v1/lab/runs', { experiment: 'positional-encoding', params: { dModel: 8, heads: 2, heatmapPositions: 8 }, seed: Math.floor(Math.random() * 1e9) }))).id;
  }
  const csv = () => {
    const form = new FormData();
    form.append('file', new Blob(['front\tback\nq1\ta1\n']), 'cards.tsv');
    return form;
  };
  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

  const rules: Record<string, Rule> = {
    'GET /api/health': { expected: all(200) },
    'GET /api/health/ready': { expected: all(200) },

    'POST /api/v1/auth/guest': { expected: all(201) },
    // A guest is upgraded in place; someone signed in must sign out first.
    'POST /api/v1/auth/sign-up': { expected: [201, 201, 401, 401, 401, 401, 401], freshSession: true, call: () => ({ body: { email: `new-${randomUUID()}@example.com`, password: PASSWORD } }) },
    // Each signs in to their own account (anonymous and the guest to a third account).
    'POST /api/v1/auth/sign-in': { expected: all(200), freshSession: true, call: (role) => ({ body: { email: role === 'anonymous' || role === 'guest' ? 'third-teacher@example.com' : EMAILS[role], password: PASSWORD } }) },
    'POST /api/v1/auth/sign-out': { expected: all(204), freshSession: true },
    'GET /api/v1/auth/me': { expected: signedIn(200) },

    'GET /api/v1/users/': { expected: adminOnly },
    'PUT /api/v1/users/{userId}/role': { expected: adminOnly, call: () => ({ body: { role: 'student' } }) },
    'GET /api/v1/users/account-types': { expected: all(200) },
    // Staying a student: students may; guests must sign up; instructors still teach classes; admins keep their role.
    'PUT /api/v1/users/me/account-type': { expected: [401, 403, 200, 200, 409, 409, 409], call: () => ({ body: { accountType: 'student' } }) },
    // Each one's own data (the body is searched for everyone else's emails and the student's deck text below).
    'GET /api/v1/users/me/export': { expected: signedIn(200) },
    // A wrong password keeps every account (403, the password is checked first, the last admin's too); a new guest,
    // who has none, is deleted. Deletions themselves: account-data.test.ts.
    'DELETE /api/v1/users/me': { expected: [401, 204, 403, 403, 403, 403, 403], freshSession: true, call: () => ({ body: { password: 'not the password at all' } }) },

    'GET /api/v1/decks/': { expected: all(200) },
    'POST /api/v1/decks/': { expected: signedIn(201), call: () => ({ body: { title: { en: 'A deck' } } }) },
    'GET /api/v1/decks/{deckId}': { expected: studentsOwn(200, 404) },
    'PATCH /api/v1/decks/{deckId}': { expected: studentsOwn(200), call: () => ({ body: { description: { en: 'Described' } } }) },
    'DELETE /api/v1/decks/{deckId}': { expected: studentsOwn(204), call: async () => ({ url: `/api/v1/decks/${await newDeck(s.as.student, s.fx.secret)}` }) },
    'GET /api/v1/decks/{deckId}/cards': { expected: studentsOwn(200, 404) },
    'GET /api/v1/decks/{deckId}/notes': { expected: studentsOwn(200, 404) },
    'POST /api/v1/decks/{deckId}/notes': { expected: studentsOwn(201), call: () => ({ body: { notes: [secretNote(s.fx.secret)] } }) },
    'GET /api/v1/decks/{deckId}/browse': { expected: studentsOwn(200, 404) },
    'GET /api/v1/notes/{noteId}': { expected: studentsOwn(200, 404) },
    'PATCH /api/v1/notes/{noteId}': { expected: studentsOwn(200), call: () => ({ body: { note: secretNote(s.fx.secret) } }) },
    'DELETE /api/v1/notes/{noteId}': {
      expected: studentsOwn(204),
      call: async () => ({ url: `/api/v1/notes/${(await ok<{ notes: { id: string }[] }>(s.as.student.request('POST', `/api/v1/decks/${s.fx.deckId}/notes`, { notes: [secretNote(s.fx.secret)] }))).notes[0]!.id}` }),
    },

    'GET /api/v1/study/next': { expected: studentsOwn(200), call: () => ({ url: `/api/v1/study/next?deckId=${s.fx.deckId}` }) },
    'POST /api/v1/study/reviews': { expected: studentsOwn(201), call: () => ({ body: { cardId: s.fx.cardId, rating: 3, clientId: randomUUID(), durationMs: 1000 } }) },
    // A cloze card takes no typed answer: 400 to those who may study it, 404 to the others (access is checked first).
    'POST /api/v1/study/check': { expected: studentsOwn(400), call: () => ({ body: { cardId: s.fx.cardId, answer: { kind: 'number', text: '1' } } }) },
    // Each user's own latest rating (the student and the admin rated the card above).
    // Each user's own latest action (200 with nothing undone when there is none).
    'POST /api/v1/study/undo': { expected: signedIn(200) },
    'POST /api/v1/study/cards/{cardId}/bury': { expected: studentsOwn(200) },
    'PUT /api/v1/study/cards/{cardId}/suspended': { expected: studentsOwn(200), call: () => ({ body: { suspended: false } }) },
    'GET /api/v1/cards/{cardId}/history': { expected: studentsOwn(200) },
    'POST /api/v1/cards/{cardId}/suspend': { expected: studentsOwn(200) },
    'POST /api/v1/cards/{cardId}/unsuspend': { expected: studentsOwn(200) },
    'POST /api/v1/cards/{cardId}/reset': { expected: studentsOwn(200) },
    // Only a studied card is rescheduled: each role rates it first (which only the student and admins may).
    'POST /api/v1/cards/{cardId}/reschedule': {
      expected: studentsOwn(200),
      call: async (role) => {
        await s.as[role].request('POST', '/api/v1/study/reviews', { cardId: s.fx.cardId, rating: 3, clientId: randomUUID(), durationMs: 1000 });
        return { body: { date: tomorrow() } };
      },
    },

    'GET /api/v1/lab/': { expected: all(200) },
    'POST /api/v1/lab/runs': { expected: signedIn(202), call: () => ({ body: { experiment: 'positional-encoding', params: { dModel: 8, heads: 2, heatmapPositions: 8 }, seed: Math.floor(Math.random() * 1e9) } }) },
    'GET /api/v1/lab/runs/{runId}': { expected: studentsOwn(200) },
    'DELETE /api/v1/lab/runs/{runId}': { expected: studentsOwn(202), call: async () => ({ url: `/api/v1/lab/runs/${await newRun()}` }) },
    // The fixture run has no stored export: 404 to its owner too (with the reason); lab-access.test.ts reads one.
    'GET /api/v1/lab/runs/{runId}/export': { expected: studentsOwn(404) },
    'GET /api/v1/lab/runs/{runId}/events': { expected: studentsOwn(200) },

    'GET /api/v1/settings/': { expected: signedIn(200) },
    'PATCH /api/v1/settings/': { expected: signedIn(200), call: () => ({ body: { newCardsPerDay: 20 } }) },
    'POST /api/v1/settings/optimize': { expected: signedIn(200) },
    'GET /api/v1/plan/': { expected: signedIn(200) },
    'PUT /api/v1/plan/{deckId}': { expected: studentsOwn(200), call: () => ({ body: { date: inAMonth() } }) },
    // Removes the caller's own date for that deck id, if any: the same answer whether the deck exists or not.
    'DELETE /api/v1/plan/{deckId}': { expected: signedIn(204) },
    'GET /api/v1/stats/': { expected: studentsOwn(200), call: () => ({ url: `/api/v1/stats?deckId=${s.fx.deckId}` }) },

    'GET /api/v1/classes/': { expected: signedIn(200) },
    'POST /api/v1/classes/': { expected: [401, 403, 403, 403, 201, 201, 201], call: () => ({ body: { name: 'New class' } }) },
    // A class of a third instructor's: any signed-up account joins; guests sign up first.
    'POST /api/v1/classes/join': {
      expected: [401, 403, 200, 200, 200, 200, 200],
      call: async () => ({ body: { code: (await ok<{ joinCode: string }>(s.fx.third.request('POST', '/api/v1/classes', { name: 'Open class' }))).joinCode } }),
    },
    'GET /api/v1/classes/{classId}': { expected: classReaders(200) },
    'PATCH /api/v1/classes/{classId}': { expected: classTeachers(200), call: () => ({ body: { name: 'Renamed class' } }) },
    'DELETE /api/v1/classes/{classId}': { expected: classTeachers(204), call: async () => ({ url: `/api/v1/classes/${await newClass()}` }) },
    'POST /api/v1/classes/{classId}/join-code': { expected: classTeachers(200) },
    'GET /api/v1/classes/{classId}/members': { expected: classTeachers(200) },
    // The student may leave; the instructor and admins may remove them.
    'DELETE /api/v1/classes/{classId}/members/{userId}': { expected: [401, 404, 204, 404, 204, 404, 204], call: async () => ({ url: `/api/v1/classes/${await newClass()}/members/${s.as.student.id}` }) },
    'POST /api/v1/classes/{classId}/assignments': { expected: classTeachers(200), call: () => ({ body: { quizSetId: s.fx.quizSetId } }) },
    'DELETE /api/v1/classes/{classId}/assignments/{quizSetId}': { expected: classTeachers(204), call: async () => ({ url: `/api/v1/classes/${await newClass()}/assignments/${s.fx.quizSetId}` }) },
    'GET /api/v1/classes/{classId}/results': { expected: classTeachers(200) },
    'GET /api/v1/classes/{classId}/results.csv': { expected: classTeachers(200) },
    'GET /api/v1/classes/{classId}/item-statistics': { expected: classTeachers(200) },

    'GET /api/v1/quiz-sets/': { expected: [401, 403, 403, 403, 200, 200, 200] },
    // The deck is the instructor's: the other instructor cannot publish it.
    'POST /api/v1/quiz-sets/': { expected: [401, 403, 403, 403, 201, 404, 201], call: () => ({ body: { deckId: s.fx.quizDeckId, title: 'Another set' } }) },
    'GET /api/v1/quiz-sets/shared/{token}': { expected: signedIn(200) },
    'GET /api/v1/quiz-sets/{quizSetId}': { expected: setOwners(200) },
    'PATCH /api/v1/quiz-sets/{quizSetId}': { expected: setOwners(200), call: () => ({ body: { title: 'Renamed set' } }) },
    'DELETE /api/v1/quiz-sets/{quizSetId}': {
      expected: setOwners(204),
      call: async () => ({ url: `/api/v1/quiz-sets/${(await ok(s.as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: s.fx.quizDeckId, title: 'Doomed' }))).id}` }),
    },
    'POST /api/v1/quiz-sets/{quizSetId}/share-link': { expected: setOwners(200), call: () => ({ url: `/api/v1/quiz-sets/${s.fx.linkedSetId}/share-link` }) },
    'GET /api/v1/quiz-sets/{quizSetId}/taking': { expected: classReaders(200), call: () => ({ url: `/api/v1/quiz-sets/${s.fx.quizSetId}/taking?classId=${s.fx.classId}` }) },
    // Through the class: its student, and the instructor and admins as a preview.
    'POST /api/v1/quiz-sets/{quizSetId}/attempts': { expected: [401, 404, 201, 404, 201, 404, 201], call: () => ({ body: { classId: s.fx.classId } }) },
    'GET /api/v1/quiz-sets/{quizSetId}/attempts': { expected: setOwners(200) },
    'GET /api/v1/quiz-sets/{quizSetId}/statistics': { expected: setOwners(200) },
    'GET /api/v1/quiz-sets/{quizSetId}/statistics.csv': { expected: setOwners(200) },

    'GET /api/v1/attempts/{attemptId}': { expected: classReaders(200) },
    // Only the taker answers and submits; only the set's instructor (and admins) grade.
    'PUT /api/v1/attempts/{attemptId}/responses/{slot}': { expected: [401, 404, 200, 404, 404, 404, 404], call: async () => ({ url: `/api/v1/attempts/${await openAttempt()}/responses/1`, body: { answer: null } }) },
    'POST /api/v1/attempts/{attemptId}/submit': { expected: [401, 404, 200, 404, 404, 404, 404], call: async () => ({ url: `/api/v1/attempts/${await openAttempt()}/submit` }) },
    'PUT /api/v1/attempts/{attemptId}/responses/{slot}/grade': { expected: setOwners(200), call: () => ({ body: { mark: 1, comment: 'ok' } }) },

    'POST /api/v1/imports/preview': { expected: signedIn(200), call: () => ({ body: csv() }) },
    'POST /api/v1/imports': { expected: signedIn(201), call: () => ({ body: csv() }) },
    'GET /api/v1/decks/{deckId}/export': { expected: studentsOwn(200), call: () => ({ url: `/api/v1/decks/${s.fx.deckId}/export?format=csv` }) },
    'GET /api/v1/decks/{deckId}/media/{name}': { expected: studentsOwn(200) },
  };

  /**
   * Text each role may meet in a 2xx body (found as a whole word: other-student@… is not student@…); anyone else
   * meeting it is a leak. The student's email: the student, the
   * instructor of their class, admins; every other account's email and each student's private deck: its owner and admins.
   */
  const secrets = () => [
    { text: s.fx.secret, seenBy: ['student', 'admin'] },
    { text: s.fx.otherSecret, seenBy: ['otherStudent', 'admin'] },
    { text: EMAILS.student, seenBy: ['student', 'instructor', 'admin'] },
    { text: EMAILS.otherStudent, seenBy: ['otherStudent', 'admin'] },
    { text: EMAILS.instructor, seenBy: ['instructor', 'admin'] },
    { text: EMAILS.otherInstructor, seenBy: ['otherInstructor', 'admin'] },
    // The admin took (previewed) the instructor's quiz set: its instructor sees the attempt, as of any taker.
    { text: EMAILS.admin, seenBy: ['admin', 'instructor'] },
  ].map(({ text, seenBy }) => ({ text, seenBy, pattern: new RegExp(`(?<![\\w.+-])${text.replace(/[.+]/g, '\\$&')}`) }));

  it('gives each role the status its rule names, and no one a 2xx body with another user’s email or private text', async () => {
    const operations = operationsOf(s.t);
    const missing = operations.filter((op) => !rules[op.key]).map((op) => op.key);
    const stale = Object.keys(rules).filter((key) => !operations.some((op) => op.key === key));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });

    const defaults: Record<string, string> = {
      deckId: s.fx.deckId,
      noteId: s.fx.noteId,
      cardId: s.fx.cardId,
      runId: s.fx.runId,
      classId: s.fx.classId,
      userId: s.as.student.id!,
      quizSetId: s.fx.quizSetId,
      attemptId: s.fx.attemptId,
      slot: '1',
      token: s.fx.shareToken,
      name: s.fx.mediaName,
    };
    const differences: { operation: string; got: Record<string, number>; want: Record<string, number> }[] = [];
    const leaks: string[] = [];
    for (const op of operations) {
      const rule = rules[op.key]!;
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const [i, role] of ROLES.entries()) {
        const call = (await rule.call?.(role)) ?? {};
        const who = rule.freshSession ? await freshCaller(role) : s.as[role];
        const response = await who.request(op.method, call.url ?? fillPath(op.path, defaults), call.body);
        got[role] = response.statusCode;
        want[role] = rule.expected[i]!;
        if (response.statusCode < 300) {
          for (const secret of secrets()) {
            if (!secret.seenBy.includes(role) && secret.pattern.test(response.body)) leaks.push(`${op.key} as ${role}: ${secret.text}`);
          }
        }
      }
      if (JSON.stringify(got) !== JSON.stringify(want)) differences.push({ operation: op.key, got, want });
    }
    expect(differences).toEqual([]);
    expect(leaks).toEqual([]);
    // The count the security report quotes: operations × roles tried.
    console.log(`authorisation on ${provider}: ${operations.length} operations × ${ROLES.length} roles = ${operations.length * ROLES.length} calls`);
    expect(operations.length * ROLES.length).toBeGreaterThan(500);
  }, 600_000);
});
