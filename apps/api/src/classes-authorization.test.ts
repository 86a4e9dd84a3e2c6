import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOwnedDeck, signUpRoles, statusesByRole, type Caller, type TestRole } from './quiz-testing';
import { buildTestApp, type TestApp } from './testing';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Expected status per role, in ROLES order: anonymous, guest, student, other student, instructor, other instructor, admin. */
type Expected = [number, number, number, number, number, number, number];

/**
 * One row per route of classes, quiz sets, attempts and account types. `target` is called before each role's request
 * (routes that change or delete something get a fresh object per role); the route must be the template the app
 * registered, so a test below can check that every new route has a row.
 */
type Row = { method: Method; route: string; expected: Expected; target(role: TestRole): Promise<{ url: string; body?: unknown }> };

describe.each(testProviders())('who may call each class, quiz-set and attempt route, on %s', (provider) => {
  let t: TestApp;
  let as: Record<TestRole, Caller>;
  const fixture = {} as { classId: string; joinCode: string; otherClassCode: string; quizSetId: string; linkedSetId: string; shareToken: string; submittedAttempt: string };

  async function ok<T = { id: string }>(response: Promise<{ statusCode: number; body: string; json(): unknown }>): Promise<T> {
    const r = await response;
    if (r.statusCode >= 300) throw new Error(`fixture request failed: ${r.statusCode} ${r.body}`);
    return r.json() as T;
  }
  /** A class of the instructor's, with the student in it and the quiz set assigned. */
  async function newClass() {
    const created = await ok<{ id: string; joinCode: string }>(as.instructor.request('POST', '/api/v1/classes', { name: 'Fixture class' }));
    await ok(as.instructor.request('POST', `/api/v1/classes/${created.id}/assignments`, { quizSetId: fixture.quizSetId }));
    await ok(as.student.request('POST', '/api/v1/classes/join', { code: created.joinCode }));
    return created;
  }
  /** The student's open attempt of the class's set (the same one until it is submitted). */
  const openAttempt = async () => (await ok<{ attempt: { id: string } }>(as.student.request('POST', `/api/v1/quiz-sets/${fixture.quizSetId}/attempts`, { classId: fixture.classId }))).attempt.id;

  beforeAll(async () => {
    t = await buildTestApp(provider);
    as = await signUpRoles(t);
    await seedOwnedDeck(t, 'auth-deck', as.instructor.id!);
    fixture.quizSetId = (await ok(as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: 'auth-deck', title: 'Fixture set' }))).id;
    const linked = await ok<{ id: string; shareToken: string }>(as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: 'auth-deck', title: 'Linked set', visibility: 'link' }));
    fixture.linkedSetId = linked.id;
    fixture.shareToken = linked.shareToken;
    const klass = await newClass();
    fixture.classId = klass.id;
    fixture.joinCode = klass.joinCode;
    fixture.otherClassCode = (await ok<{ joinCode: string }>(as.otherInstructor.request('POST', '/api/v1/classes', { name: 'Other class' }))).joinCode;
    fixture.submittedAttempt = await openAttempt();
    await ok(as.student.request('POST', `/api/v1/attempts/${fixture.submittedAttempt}/submit`));
  });
  afterAll(() => t.close());

  const fixed = (url: () => string, body?: () => unknown) => async () => ({ url: url(), ...(body ? { body: body() } : {}) });
  const rows: Row[] = [
    { method: 'GET', route: '/api/v1/classes/', expected: [401, 200, 200, 200, 200, 200, 200], target: fixed(() => '/api/v1/classes') },
    { method: 'POST', route: '/api/v1/classes/', expected: [401, 403, 403, 403, 201, 201, 201], target: fixed(() => '/api/v1/classes', () => ({ name: 'New class' })) },
    // The other instructor's class: its own instructor is told they teach it.
    { method: 'POST', route: '/api/v1/classes/join', expected: [401, 403, 200, 200, 200, 409, 200], target: fixed(() => '/api/v1/classes/join', () => ({ code: fixture.otherClassCode })) },
    { method: 'GET', route: '/api/v1/classes/:classId', expected: [401, 404, 200, 404, 200, 404, 200], target: fixed(() => `/api/v1/classes/${fixture.classId}`) },
    { method: 'PATCH', route: '/api/v1/classes/:classId', expected: [401, 404, 403, 404, 200, 404, 200], target: fixed(() => `/api/v1/classes/${fixture.classId}`, () => ({ name: 'Renamed' })) },
    { method: 'DELETE', route: '/api/v1/classes/:classId', expected: [401, 404, 403, 404, 204, 404, 204], target: async () => ({ url: `/api/v1/classes/${(await newClass()).id}` }) },
    { method: 'POST', route: '/api/v1/classes/:classId/join-code', expected: [401, 404, 403, 404, 200, 404, 200], target: fixed(() => `/api/v1/classes/${fixture.classId}/join-code`) },
    { method: 'GET', route: '/api/v1/classes/:classId/members', expected: [401, 404, 403, 404, 200, 404, 200], target: fixed(() => `/api/v1/classes/${fixture.classId}/members`) },
    // The student may leave; the instructor and admins may remove them.
    {
      method: 'DELETE',
      route: '/api/v1/classes/:classId/members/:userId',
      expected: [401, 404, 204, 404, 204, 404, 204],
      target: async () => ({ url: `/api/v1/classes/${(await newClass()).id}/members/${as.student.id}` }),
    },
    {
      method: 'POST',
      route: '/api/v1/classes/:classId/assignments',
      expected: [401, 404, 403, 404, 200, 404, 200],
      target: fixed(() => `/api/v1/classes/${fixture.classId}/assignments`, () => ({ quizSetId: fixture.quizSetId })),
    },
    {
      method: 'DELETE',
      route: '/api/v1/classes/:classId/assignments/:quizSetId',
      expected: [401, 404, 403, 404, 204, 404, 204],
      target: async () => ({ url: `/api/v1/classes/${(await newClass()).id}/assignments/${fixture.quizSetId}` }),
    },
    { method: 'GET', route: '/api/v1/classes/:classId/results', expected: [401, 404, 403, 404, 200, 404, 200], target: fixed(() => `/api/v1/classes/${fixture.classId}/results`) },
    { method: 'GET', route: '/api/v1/classes/:classId/item-statistics', expected: [401, 404, 403, 404, 200, 404, 200], target: fixed(() => `/api/v1/classes/${fixture.classId}/item-statistics`) },
    { method: 'GET', route: '/api/v1/classes/:classId/results.csv', expected: [401, 404, 403, 404, 200, 404, 200], target: fixed(() => `/api/v1/classes/${fixture.classId}/results.csv`) },

    { method: 'GET', route: '/api/v1/quiz-sets/', expected: [401, 403, 403, 403, 200, 200, 200], target: fixed(() => '/api/v1/quiz-sets') },
    // The deck is the instructor's: the other instructor cannot publish it.
    { method: 'POST', route: '/api/v1/quiz-sets/', expected: [401, 403, 403, 403, 201, 404, 201], target: fixed(() => '/api/v1/quiz-sets', () => ({ deckId: 'auth-deck', title: 'Another set' })) },
    { method: 'GET', route: '/api/v1/quiz-sets/shared/:token', expected: [401, 200, 200, 200, 200, 200, 200], target: fixed(() => `/api/v1/quiz-sets/shared/${fixture.shareToken}`) },
    { method: 'GET', route: '/api/v1/quiz-sets/:quizSetId', expected: [401, 404, 404, 404, 200, 404, 200], target: fixed(() => `/api/v1/quiz-sets/${fixture.quizSetId}`) },
    { method: 'PATCH', route: '/api/v1/quiz-sets/:quizSetId', expected: [401, 404, 404, 404, 200, 404, 200], target: fixed(() => `/api/v1/quiz-sets/${fixture.quizSetId}`, () => ({ title: 'Renamed set' })) },
    {
      method: 'DELETE',
      route: '/api/v1/quiz-sets/:quizSetId',
      expected: [401, 404, 404, 404, 204, 404, 204],
      target: async () => ({ url: `/api/v1/quiz-sets/${(await ok(as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: 'auth-deck', title: 'Doomed' }))).id}` }),
    },
    { method: 'POST', route: '/api/v1/quiz-sets/:quizSetId/share-link', expected: [401, 404, 404, 404, 200, 404, 200], target: fixed(() => `/api/v1/quiz-sets/${fixture.linkedSetId}/share-link`) },
    {
      method: 'GET',
      route: '/api/v1/quiz-sets/:quizSetId/taking',
      expected: [401, 404, 200, 404, 200, 404, 200],
      target: fixed(() => `/api/v1/quiz-sets/${fixture.quizSetId}/taking?classId=${fixture.classId}`),
    },
    // Through the class: its student (again: the open attempt, 200), and the instructor and admins as a preview.
    {
      method: 'POST',
      route: '/api/v1/quiz-sets/:quizSetId/attempts',
      expected: [401, 404, 201, 404, 201, 404, 201],
      target: fixed(() => `/api/v1/quiz-sets/${fixture.quizSetId}/attempts`, () => ({ classId: fixture.classId })),
    },
    { method: 'GET', route: '/api/v1/quiz-sets/:quizSetId/attempts', expected: [401, 404, 404, 404, 200, 404, 200], target: fixed(() => `/api/v1/quiz-sets/${fixture.quizSetId}/attempts`) },
    { method: 'GET', route: '/api/v1/quiz-sets/:quizSetId/statistics', expected: [401, 404, 404, 404, 200, 404, 200], target: fixed(() => `/api/v1/quiz-sets/${fixture.quizSetId}/statistics`) },
    { method: 'GET', route: '/api/v1/quiz-sets/:quizSetId/statistics.csv', expected: [401, 404, 404, 404, 200, 404, 200], target: fixed(() => `/api/v1/quiz-sets/${fixture.quizSetId}/statistics.csv`) },

    { method: 'GET', route: '/api/v1/attempts/:attemptId', expected: [401, 404, 200, 404, 200, 404, 200], target: fixed(() => `/api/v1/attempts/${fixture.submittedAttempt}`) },
    // Only the taker answers and submits their attempt.
    {
      method: 'PUT',
      route: '/api/v1/attempts/:attemptId/responses/:slot',
      expected: [401, 404, 200, 404, 404, 404, 404],
      target: async () => ({ url: `/api/v1/attempts/${await openAttempt()}/responses/1`, body: { answer: null } }),
    },
    { method: 'POST', route: '/api/v1/attempts/:attemptId/submit', expected: [401, 404, 200, 404, 404, 404, 404], target: async () => ({ url: `/api/v1/attempts/${await openAttempt()}/submit` }) },
    // Only the set's instructor (and admins) grade.
    {
      method: 'PUT',
      route: '/api/v1/attempts/:attemptId/responses/:slot/grade',
      expected: [401, 404, 404, 404, 200, 404, 200],
      target: fixed(() => `/api/v1/attempts/${fixture.submittedAttempt}/responses/1/grade`, () => ({ mark: 1, comment: 'ok' })),
    },

    { method: 'GET', route: '/api/v1/users/account-types', expected: [200, 200, 200, 200, 200, 200, 200], target: fixed(() => '/api/v1/users/account-types') },
    // Staying a student: students may; guests must sign up; instructors still teach classes; admins keep their role.
    { method: 'PUT', route: '/api/v1/users/me/account-type', expected: [401, 403, 200, 200, 409, 409, 409], target: fixed(() => '/api/v1/users/me/account-type', () => ({ accountType: 'student' })) },
  ];

  it.each(rows.map((row) => [`${row.method} ${row.route}`, row] as const))('%s', async (_, row) => {
    const { got, want } = await statusesByRole(as, row.method, row.target, row.expected);
    expect(got).toEqual(want);
  });

  it('has a row for every class, quiz-set, attempt and account-type route the app serves', () => {
    const covered = new Set(rows.map((r) => `${r.method} ${r.route}`));
    const ours = routesOf(t).filter(({ url }) => /^\/api\/v1\/(classes|quiz-sets|attempts)|^\/api\/v1\/users\/(me\/account-type|account-types)/.test(url));
    expect(ours.length).toBeGreaterThanOrEqual(rows.length);
    expect(ours.map((r) => `${r.method} ${r.url}`).filter((r) => !covered.has(r))).toEqual([]);
  });
});

/** The routes the app registered (method and URL template), read from the OpenAPI document it serves. */
function routesOf(t: TestApp): { method: string; url: string }[] {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') })),
  );
}
