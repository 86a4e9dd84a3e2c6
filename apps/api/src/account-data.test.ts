import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ZUserExport, type TAttemptView, type TQuizSet, type TUserExport } from '@recurrence/contracts';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, quizNotes, seedOwnedDeck, signUpRoles, type Caller, type TestRole } from './quiz-testing';
import { basicCard, buildTestApp, sessionCookie, type TestApp } from './testing';

const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Every column that names a user, read from the Prisma schema (so a table added later is checked too): the scalar
 * behind each relation to User, and String columns named userId, ownerId or …ById (e.g. QuizResponse.gradedById,
 * which has no relation).
 */
function userColumns(): { model: string; column: string }[] {
  const schemaDir = dirname(createRequire(import.meta.url).resolve('@recurrence/prisma/package.json'));
  const schema = readFileSync(join(schemaDir, 'models.prisma'), 'utf8');
  const columns: { model: string; column: string }[] = [{ model: 'User', column: 'id' }];
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const found = new Set<string>();
    for (const line of body!.split('\n')) {
      const field = line.trim().match(/^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/);
      if (!field) continue;
      const [, name, type, , rest] = field;
      const relation = rest!.match(/@relation\([^)]*fields:\s*\[(\w+)\]/);
      if (type === 'User' && relation) found.add(relation[1]!);
      else if (type === 'String' && /^(userId|ownerId)$|ById$/.test(name!)) found.add(name!);
    }
    for (const column of found) columns.push({ model: model!, column });
  }
  return columns;
}

const delegate = (t: TestApp, model: string) => (t.db.prisma as unknown as Record<string, { count(args: object): Promise<number> }>)[model[0]!.toLowerCase() + model.slice(1)]!;

async function rowsNaming(t: TestApp, userId: string, email: string | null): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const { model, column } of userColumns()) {
    const n = await delegate(t, model).count({ where: { [column]: userId } });
    if (n > 0) found[`${model}.${column}`] = n;
  }
  const counters = await t.db.prisma.rateLimitCounter.count({ where: { OR: [{ key: { contains: userId } }, ...(email ? [{ key: { contains: email } }] : [])] } });
  if (counters > 0) found['RateLimitCounter.key'] = counters;
  return found;
}

describe.each(testProviders())('export of all your data and account deletion on %s', (provider) => {
  let t: TestApp;
  let as: Record<TestRole, Caller>;
  let quizSet: TQuizSet;
  let classId: string;

  async function study(who: Caller, deckId: string, ratings: number) {
    for (let i = 0; i < ratings; i++) {
      const next = (await who.request('GET', `/api/v1/study/next?deckId=${deckId}`)).json().next;
      const rated = await who.request('POST', '/api/v1/study/reviews', { clientId: crypto.randomUUID(), cardId: next.card.id, rating: 3, durationMs: 1200 });
      expect(rated.statusCode).toBe(201);
    }
  }

  async function takeQuiz(who: Caller): Promise<TAttemptView> {
    const started = await who.request('POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, { classId });
    expect(started.statusCode).toBe(201);
    const attempt: TAttemptView = started.json();
    for (const q of attempt.questions) {
      const answer = q.front.type === 'open' ? { kind: 'text', lang: 'en', text: `written by ${who.id}` } : null;
      await who.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${q.slot}`, { answer });
    }
    expect((await who.request('POST', `/api/v1/attempts/${attempt.attempt.id}/submit`)).statusCode).toBe(200);
    return attempt;
  }

  /** One user's own deck, settings, interview plan, reviews, class membership, graded attempt and lab runs. */
  async function fill(who: Caller, deckId: string) {
    await seedOwnedDeck(t, deckId, who.id!, [basicCard(`${deckId}-a`), basicCard(`${deckId}-b`), basicCard(`${deckId}-c`)]);
    expect((await who.request('PATCH', '/api/v1/settings', { newCardsPerDay: 7, timeZone: 'Asia/Shanghai' })).statusCode).toBe(200);
    expect((await who.request('PUT', `/api/v1/plan/${deckId}`, { date: isoDay(Date.now() + 10 * DAY) })).statusCode).toBe(200);
    await study(who, deckId, 2);
    const joined = await who.request('POST', '/api/v1/classes/join', { code: (await t.db.prisma.classroom.findUniqueOrThrow({ where: { id: classId } })).joinCode });
    expect(joined.statusCode).toBe(200);
    await study(who, 'teacher-deck', 1);
    const attempt = await takeQuiz(who);
    const openSlot = attempt.questions.find((q) => q.front.type === 'open')!.slot;
    expect((await as.instructor.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${openSlot}/grade`, { mark: 1, comment: 'good' })).statusCode).toBe(200);
    const run = await t.db.prisma.labRun.create({ data: { userId: who.id, experiment: 'gradient-flow', cacheKey: `k-${deckId}`, params: { hidden: 8 }, seed: 1, codeVersion: 'v', status: 'done', result: { loss: 0.5 } } });
    await t.db.prisma.labRunWatcher.create({ data: { runId: run.id, userId: who.id! } });
    return { run };
  }

  let studentRuns: { run: { id: string } };
  beforeAll(async () => {
    t = await buildTestApp(provider);
    as = await signUpRoles(t);
    await seedOwnedDeck(t, 'teacher-deck', as.instructor.id!, quizNotes());
    quizSet = (await as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: 'teacher-deck', title: 'Quiz' })).json();
    classId = (await as.instructor.request('POST', '/api/v1/classes', { name: 'Class' })).json().id;
    await as.instructor.request('POST', `/api/v1/classes/${classId}/assignments`, { quizSetId: quizSet.id });
    studentRuns = await fill(as.student, 'student-deck');
    await fill(as.otherStudent, 'other-deck');
    // A run the student started that the other student also watches: it stays (anonymous) when the student goes.
    const shared = await t.db.prisma.labRun.create({ data: { userId: as.student.id, experiment: 'gradient-flow', cacheKey: 'shared', params: {}, seed: 2, codeVersion: 'v', status: 'done' } });
    await t.db.prisma.labRunWatcher.createMany({ data: [{ runId: shared.id, userId: as.student.id! }, { runId: shared.id, userId: as.otherStudent.id! }] });
  });
  afterAll(() => t.close());

  async function exportOf(who: Caller): Promise<TUserExport> {
    const response = await who.request('GET', '/api/v1/users/me/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="recurrence-export-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return ZUserExport.parse(response.json());
  }

  it('exports exactly your data: every row of yours, nothing of another user, no secrets', async () => {
    const response = await as.student.request('GET', '/api/v1/users/me/export');
    const data = await exportOf(as.student);
    const me = as.student.id!;
    const prisma = t.db.prisma;

    expect(data.profile).toMatchObject({ id: me, email: 'student@example.com', role: 'student', isGuest: false });
    expect(data.settings).toMatchObject({ newCardsPerDay: 7, timeZone: 'Asia/Shanghai' });
    expect(data.interviewPlans.map((p) => p.deckId)).toEqual(['student-deck']);
    expect(data.decks.map((d) => d.id)).toEqual(['student-deck']);
    expect(data.decks[0]!.notes.map((n) => n.slug)).toEqual(['student-deck-a', 'student-deck-b', 'student-deck-c']);
    expect(data.decks[0]!.cards).toHaveLength(3);
    // Every row of the user's tables, counted in the database.
    expect(data.reviews.map((r) => r.id).sort()).toEqual((await prisma.reviewLog.findMany({ where: { userId: me }, select: { id: true } })).map((r) => r.id).sort());
    expect(data.reviews).toHaveLength(3);
    expect(data.cardStates.map((s) => s.cardId).sort()).toEqual((await prisma.cardState.findMany({ where: { userId: me }, select: { cardId: true } })).map((s) => s.cardId).sort());
    expect(data.classMemberships).toEqual([expect.objectContaining({ classId, className: 'Class' })]);
    expect(data.quizAttempts).toHaveLength(1);
    expect(data.quizAttempts[0]!.responses).toHaveLength(6);
    expect(data.quizAttempts[0]!.responses.find((r) => r.comment === 'good')).toMatchObject({ mark: 1, answer: { kind: 'text', text: `written by ${me}` } });
    expect(data.labRuns).toHaveLength(2);
    expect(data.labRuns.map((r) => r.id)).toContain(studentRuns.run.id);
    expect(data.sessions.length).toBeGreaterThan(0);

    // Nothing of the other student (their id, email, deck, reviews, answers) and no secret.
    const other = as.otherStudent.id!;
    const otherReviews = (await prisma.reviewLog.findMany({ where: { userId: other }, select: { id: true } })).map((r) => r.id);
    const body = response.body;
    for (const foreign of [other, 'other-student@example.com', 'other-deck', `written by ${other}`, ...otherReviews]) expect(body).not.toContain(foreign);
    const passwordHash = (await prisma.user.findUniqueOrThrow({ where: { id: me } })).passwordHash!;
    const sessionIds = (await prisma.session.findMany({ where: { userId: me } })).map((s) => s.id);
    for (const secret of ['passwordHash', passwordHash, '$argon2', as.student.cookie!.split('=')[1]!, ...sessionIds]) expect(body).not.toContain(secret);

    // The instructor's export has their class and quiz set, not the students in it.
    const teacher = await exportOf(as.instructor);
    expect(teacher.classesTaught).toEqual([expect.objectContaining({ id: classId, memberCount: 2, quizSetIds: [quizSet.id] })]);
    expect(teacher.quizSets.map((q) => q.id)).toEqual([quizSet.id]);
    expect(JSON.stringify(teacher)).not.toContain(me);

    expect((await caller(t, null, null).request('GET', '/api/v1/users/me/export')).statusCode).toBe(401);
  });

  it('documents the export and the deletion in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(doc.paths['/api/v1/users/me/export'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('reviews');
    expect(JSON.stringify(doc.paths['/api/v1/users/me'].delete.requestBody.content['application/json'].schema)).toContain('"password"');
  });

  it('refuses a deletion without the right password, naming the field, and an anonymous one', async () => {
    const missing = await as.student.request('DELETE', '/api/v1/users/me', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().field).toBe('body.password');
    const wrong = await as.student.request('DELETE', '/api/v1/users/me', { password: 'not my password' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().field).toBe('body.password');
    const extra = await as.student.request('DELETE', '/api/v1/users/me', { password: PASSWORD, confirm: true });
    expect(extra.statusCode).toBe(400);
    expect((await caller(t, null, null).request('DELETE', '/api/v1/users/me', { password: PASSWORD })).statusCode).toBe(401);
    expect(await t.db.prisma.user.count({ where: { id: as.student.id! } })).toBe(1);
  });

  it('deletes a student and every row naming them in one go, signs them out, and leaves the other student as they were', async () => {
    const otherBefore = await exportOf(as.otherStudent);
    const me = as.student.id!;
    expect(Object.keys(await rowsNaming(t, me, 'student@example.com')).length).toBeGreaterThan(10);
    expect(userColumns().map((c) => `${c.model}.${c.column}`)).toEqual(expect.arrayContaining(['Session.userId', 'ReviewLog.userId', 'Deck.ownerId', 'LabRun.userId', 'QuizResponse.gradedById', 'Classroom.ownerId']));

    const deleted = await as.student.request('DELETE', '/api/v1/users/me', { password: PASSWORD });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.cookies.find((c) => c.name === 'recurrence_session')?.value).toBe('');
    expect(await rowsNaming(t, me, 'student@example.com')).toEqual({});
    expect(await t.db.prisma.deck.count({ where: { id: 'student-deck' } })).toBe(0);
    // The run someone else still watches stays, without its starter; the one only the student watched is gone.
    expect(await t.db.prisma.labRun.findMany({ where: { cacheKey: { in: ['shared', 'k-student-deck'] } }, select: { cacheKey: true, userId: true } })).toEqual([{ cacheKey: 'shared', userId: null }]);

    // The old session no longer works; signing in again does not either.
    expect((await as.student.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'student@example.com', password: PASSWORD } });
    expect(signIn.statusCode).toBe(401);

    const otherAfter = await exportOf(as.otherStudent);
    expect({ ...otherAfter, exportedAt: null }).toEqual({ ...otherBefore, exportedAt: null });
    expect(otherAfter.reviews).toHaveLength(3);
  });

  it('deletes an instructor with their classes, quiz sets and decks: the students stay, their attempts at those sets go', async () => {
    const teacher = as.instructor.id!;
    const studentAttempts = await t.db.prisma.quizAttempt.count({ where: { userId: as.otherStudent.id!, quizSetId: quizSet.id } });
    expect(studentAttempts).toBe(1);
    expect(await t.db.prisma.quizResponse.count({ where: { gradedById: teacher } })).toBeGreaterThan(0);
    const deleted = await as.instructor.request('DELETE', '/api/v1/users/me', { password: PASSWORD });
    expect(deleted.statusCode).toBe(204);
    expect(await rowsNaming(t, teacher, 'teacher@example.com')).toEqual({});
    expect(await t.db.prisma.classroom.count({ where: { id: classId } })).toBe(0);
    expect(await t.db.prisma.quizAttempt.count({ where: { quizSetId: quizSet.id } })).toBe(0);
    const other = await exportOf(as.otherStudent);
    expect(other.classMemberships).toEqual([]);
    expect(other.quizAttempts).toEqual([]);
    // Their own deck and its reviews are still theirs; the reviews of the teacher's deck went with it.
    expect(other.decks.map((d) => d.id)).toEqual(['other-deck']);
    expect(other.reviews).toHaveLength(2);
    expect((await as.otherStudent.request('GET', '/api/v1/study/next?deckId=other-deck')).statusCode).toBe(200);
  });

  it('refuses to delete the last admin (409) and deletes a guest without a password', async () => {
    const lastAdmin = await as.admin.request('DELETE', '/api/v1/users/me', { password: PASSWORD });
    expect(lastAdmin.statusCode).toBe(409);
    expect(lastAdmin.json().message).toMatch(/only admin/);
    expect(await t.db.prisma.user.count({ where: { id: as.admin.id! } })).toBe(1);

    expect((await as.guest.request('PATCH', '/api/v1/settings', { newCardsPerDay: 3 })).statusCode).toBe(200);
    const guestDeleted = await t.app.inject({ method: 'DELETE', url: '/api/v1/users/me', headers: { cookie: as.guest.cookie! } });
    expect(guestDeleted.statusCode).toBe(204);
    expect(await rowsNaming(t, as.guest.id!, null)).toEqual({});

    // With a second admin, the first may go.
    await as.admin.request('PUT', `/api/v1/users/${as.otherInstructor.id}/role`, { role: 'admin' });
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'other-teacher@example.com', password: PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    expect((await as.admin.request('DELETE', '/api/v1/users/me', { password: PASSWORD })).statusCode).toBe(204);
    expect(await t.db.prisma.user.count({ where: { role: 'admin' } })).toBe(1);
    expect(sessionCookie(signIn)).toBeTruthy();
  });
});
