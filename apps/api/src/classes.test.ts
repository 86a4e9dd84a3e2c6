import type { TAttemptView, TClassDetail, TClassItemStatistics, TClassResults, TItemStatistics, TQuizAnswer, TQuizSet } from '@recurrence/contracts';
import { testProviders } from '@recurrence/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpRoles, seedOwnedDeck, type Caller, type TestRole } from './quiz-testing';
import { buildTestApp, type TestApp } from './testing';

/** The right answer to each question of the quiz deck, by the question's front. */
function rightAnswer(q: TAttemptView['questions'][number]): TQuizAnswer {
  switch (q.front.type) {
    case 'multiple-choice':
      return { kind: 'choices', ids: ['a'] };
    case 'numeric':
      return { kind: 'number', text: '2.66 × 10^-5' };
    case 'cloze':
      return { kind: 'blanks', lang: 'en', texts: [q.front.ordinal === 1 ? 'Forget' : 'input'] };
    case 'basic':
      return { kind: 'text', lang: 'en', text: 'Attention  Weights' };
    case 'open':
      return { kind: 'text', lang: 'en', text: 'Each position reaches every other in one step, at O(n²) cost.' };
  }
}

describe.each(testProviders())('classes, quiz sets and graded attempts on %s', (provider) => {
  let t: TestApp;
  let as: Record<TestRole, Caller>;
  let quizSet: TQuizSet;
  let klass: TClassDetail;

  beforeAll(async () => {
    t = await buildTestApp(provider);
    as = await signUpRoles(t);
    await seedOwnedDeck(t, 'teacher-deck', as.instructor.id!);
  });
  afterAll(() => t.close());

  it('lets an instructor publish their deck as a quiz set and assign it to a class that students join by code', async () => {
    const created = await as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: 'teacher-deck', title: 'Gates quiz', timeLimitMinutes: 30, maxAttempts: 2 });
    expect(created.statusCode).toBe(201);
    quizSet = created.json();
    expect(quizSet).toMatchObject({ title: 'Gates quiz', visibility: 'private', shareToken: null, cardCount: 6, questionsPerAttempt: 6, timeLimitMinutes: 30, maxAttempts: 2 });

    const classResponse = await as.instructor.request('POST', '/api/v1/classes', { name: 'ML interviews, spring' });
    expect(classResponse.statusCode).toBe(201);
    const summary = classResponse.json();
    expect(summary.joinCode).toMatch(/^[2-9A-HJKMNP-Z]{7}$/);
    expect((await as.instructor.request('POST', `/api/v1/classes/${summary.id}/assignments`, { quizSetId: quizSet.id })).statusCode).toBe(200);

    // Case, spaces and dashes do not matter in a code.
    const typed = `${summary.joinCode.slice(0, 3).toLowerCase()}-${summary.joinCode.slice(3)}`;
    const joined = await as.student.request('POST', '/api/v1/classes/join', { code: typed });
    expect(joined.statusCode).toBe(200);
    klass = joined.json();
    expect(klass).toMatchObject({ relation: 'student', joinCode: null, instructor: { displayName: 'teacher', email: null } });
    expect(klass.assignments).toEqual([expect.objectContaining({ quizSetId: quizSet.id, study: true, questionsPerAttempt: 6, myAttempts: [] })]);
    expect((await as.otherStudent.request('POST', '/api/v1/classes/join', { code: summary.joinCode })).statusCode).toBe(200);

    const bad = await as.student.request('POST', '/api/v1/classes/join', { code: 'ABC' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('body.code');
    expect((await as.student.request('POST', '/api/v1/classes/join', { code: '2222222' })).statusCode).toBe(404);
    expect((await as.guest.request('POST', '/api/v1/classes/join', { code: summary.joinCode })).statusCode).toBe(403);
    const members = (await as.instructor.request('GET', `/api/v1/classes/${klass.id}/members`)).json().members;
    expect(members.map((m: { user: { email: string } }) => m.user.email)).toEqual(['student@example.com', 'other-student@example.com']);
  });

  let attempt: TAttemptView;

  it('starts an attempt with the questions shuffled and without the answer key, and gives back the open attempt on a second start', async () => {
    const started = await as.student.request('POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, { classId: klass.id });
    expect(started.statusCode).toBe(201);
    attempt = started.json();
    expect(attempt.attempt).toMatchObject({ number: 1, status: 'open', classId: klass.id, maxScore: 6, score: null });
    expect(new Date(attempt.attempt.deadline!).getTime() - new Date(attempt.attempt.startedAt).getTime()).toBe(30 * 60_000);
    expect(attempt.questions.map((q) => q.slot)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(attempt.questions.every((q) => q.key === null && q.result === null && q.cardId === null)).toBe(true);
    // Nothing the browser receives tells an answer: no correct flags or reasons, no number, no deletion, no model answer.
    for (const secret of ['"correct"', '"why"', '2.6561', 'modelAnswer', 'Every position', 'checklist', 'attention weights', '注意力权重']) {
      expect(started.body).not.toContain(secret);
    }
    // A cloze card's own deletion is a blank (the other deletion shows as text).
    for (const q of attempt.questions.filter((q) => q.front.type === 'cloze')) {
      const own = q.front.type === 'cloze' && q.front.ordinal === 1 ? 'forget' : 'input';
      expect(JSON.stringify(q.front)).not.toContain(own);
    }
    const again = await as.student.request('POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, { classId: klass.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().attempt.id).toBe(attempt.attempt.id);
    expect((await as.student.request('GET', `/api/v1/attempts/${attempt.attempt.id}`)).json().questions).toEqual(attempt.questions);
  });

  it('saves answers, names the field of a wrong kind of answer, and marks what the server can when submitted', async () => {
    for (const q of attempt.questions) {
      // The first student gets the multiple-choice question wrong and everything else right.
      const answer = q.front.type === 'multiple-choice' ? { kind: 'choices', ids: ['c'] } : rightAnswer(q);
      const saved = await as.student.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${q.slot}`, { answer });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ slot: q.slot, problem: null });
    }
    const numericSlot = attempt.questions.find((q) => q.front.type === 'numeric')!.slot;
    const wrongKind = await as.student.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${numericSlot}`, { answer: { kind: 'choices', ids: ['a'] } });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().field).toBe('body.answer');
    const comma = await as.student.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${numericSlot}`, { answer: { kind: 'number', text: '0,0000266' } });
    expect(comma.json().problem).toBe('decimal-comma');
    await as.student.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${numericSlot}`, { answer: { kind: 'number', text: '2.66e-5' } });
    expect((await as.student.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/99`, { answer: null })).statusCode).toBe(404);
    // Only the taker answers.
    expect((await as.instructor.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/1`, { answer: null })).statusCode).toBe(404);

    const submitted = await as.student.request('POST', `/api/v1/attempts/${attempt.attempt.id}/submit`);
    expect(submitted.statusCode).toBe(200);
    const view: TAttemptView = submitted.json();
    expect(view.attempt).toMatchObject({ status: 'submitted', score: 4, maxScore: 6, awaitingGrading: 1 });
    const byType = (type: string) => view.questions.find((q) => q.front.type === type)!;
    expect(byType('multiple-choice').result).toMatchObject({ mark: 0, autoMark: 0 });
    expect(byType('numeric').result).toMatchObject({ mark: 1 });
    expect(byType('open')).toMatchObject({ grading: 'instructor', result: { mark: null, autoMark: null } });
    // The set shows answers after submission.
    expect(byType('multiple-choice').key?.back).toMatchObject({ type: 'multiple-choice', choices: expect.arrayContaining([expect.objectContaining({ id: 'a', correct: true })]) });
    expect(view.questions.find((q) => q.front.type === 'cloze' && q.front.ordinal === 1)!.key?.blanks).toEqual({ en: ['forget'], zh: ['forget'] });

    const late = await as.student.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/1`, { answer: null });
    expect(late.statusCode).toBe(409);
    // Submitting twice changes nothing.
    expect((await as.student.request('POST', `/api/v1/attempts/${attempt.attempt.id}/submit`)).json().attempt.score).toBe(4);
  });

  it('lets the instructor find the attempt awaiting grading, mark the written answer with a comment, and the student read it', async () => {
    const waiting = await as.instructor.request('GET', `/api/v1/quiz-sets/${quizSet.id}/attempts?awaitingGrading=true`);
    expect(waiting.json().attempts.map((a: { id: string }) => a.id)).toEqual([attempt.attempt.id]);
    const openSlot = attempt.questions.find((q) => q.front.type === 'open')!.slot;
    const open = await as.instructor.request('GET', `/api/v1/attempts/${attempt.attempt.id}`);
    expect(open.json()).toMatchObject({ grader: true });
    expect(open.json().questions[openSlot - 1].key.back).toMatchObject({ type: 'open', checklist: expect.any(Array) });

    expect((await as.instructor.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${openSlot}/grade`, { mark: 1.5 })).statusCode).toBe(400);
    const graded = await as.instructor.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${openSlot}/grade`, { mark: 0.5, comment: 'Name the O(n²) memory too.' });
    expect(graded.statusCode).toBe(200);
    expect(graded.json().attempt).toMatchObject({ score: 4.5, awaitingGrading: 0 });
    expect((await as.instructor.request('GET', `/api/v1/quiz-sets/${quizSet.id}/attempts?awaitingGrading=true`)).json().attempts).toEqual([]);
    // Students cannot grade, not even their own attempt.
    expect((await as.student.request('PUT', `/api/v1/attempts/${attempt.attempt.id}/responses/${openSlot}/grade`, { mark: 1 })).statusCode).toBe(404);

    const seen: TAttemptView = (await as.student.request('GET', `/api/v1/attempts/${attempt.attempt.id}`)).json();
    expect(seen.questions[openSlot - 1]!.result).toMatchObject({ mark: 0.5, comment: 'Name the O(n²) memory too.' });
    expect(seen.questions.every((q) => q.cardId === null)).toBe(true);
  });

  it('submits an attempt whose time ran out with the answers saved before the deadline, and refuses answers after it', async () => {
    const second: TAttemptView = (await as.otherStudent.request('POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, { classId: klass.id })).json();
    for (const q of second.questions) {
      // The other student gets the multiple-choice question right, and the numeric and the type-in ones wrong.
      const answer = q.front.type === 'numeric' ? { kind: 'number', text: '3e-5' } : q.front.type === 'basic' ? { kind: 'text', lang: 'en', text: 'output gate' } : rightAnswer(q);
      expect((await as.otherStudent.request('PUT', `/api/v1/attempts/${second.attempt.id}/responses/${q.slot}`, { answer })).statusCode).toBe(200);
    }
    // The deadline passed 11 s ago (the grace period is 10 s).
    await t.db.prisma.quizAttempt.update({ where: { id: second.attempt.id }, data: { deadline: new Date(Date.now() - 11_000) } });
    const late = await as.otherStudent.request('PUT', `/api/v1/attempts/${second.attempt.id}/responses/1`, { answer: null });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toMatch(/time is up/);
    const closed: TAttemptView = (await as.otherStudent.request('GET', `/api/v1/attempts/${second.attempt.id}`)).json();
    expect(closed.attempt).toMatchObject({ status: 'submitted', score: 3, awaitingGrading: 1 });
    // The answer saved before the deadline was not cleared.
    expect(closed.questions[0]!.answer).not.toBeNull();
    const openSlot = closed.questions.find((q) => q.front.type === 'open')!.slot;
    await as.instructor.request('PUT', `/api/v1/attempts/${second.attempt.id}/responses/${openSlot}/grade`, { mark: 1 });
  });

  it('keeps to the attempt limit', async () => {
    const third: TAttemptView = (await as.otherStudent.request('POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, { classId: klass.id })).json();
    expect(third.attempt.number).toBe(2);
    await as.otherStudent.request('POST', `/api/v1/attempts/${third.attempt.id}/submit`);
    const refused = await as.otherStudent.request('POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, { classId: klass.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/all 2 attempt/);
    const taking = (await as.otherStudent.request('GET', `/api/v1/quiz-sets/${quizSet.id}/taking?classId=${klass.id}`)).json();
    expect(taking).toMatchObject({ attemptsLeft: 0, attempts: [expect.objectContaining({ number: 1 }), expect.objectContaining({ number: 2, score: 0 })] });
  });

  it("computes item statistics over the class's graded attempts, with the common wrong answers", async () => {
    const stats: TItemStatistics = (await as.instructor.request('GET', `/api/v1/quiz-sets/${quizSet.id}/statistics?classId=${klass.id}&attempts=first`)).json();
    expect(stats).toMatchObject({ attemptsAnalysed: 2, attemptsAwaitingGrading: 0 });
    const item = (type: string) => stats.items.find((i) => i.front.type === type)!;
    expect(item('multiple-choice')).toMatchObject({ responses: 2, facilityIndex: 50, commonWrongAnswers: [{ answer: 'c', count: 1, share: 0.5, text: { en: 'Choice c', zh: '选项 c' } }] });
    expect(item('numeric')).toMatchObject({ facilityIndex: 50, commonWrongAnswers: [{ answer: '0.00003', count: 1 }] });
    expect(item('open')).toMatchObject({ grading: 'instructor', facilityIndex: 75, commonWrongAnswers: [] });
    // Student 1 (4.5): MC 0, rest 4.5; student 2 (3): MC 1, rest 2 — the MC question discriminates negatively.
    expect(item('multiple-choice').discriminationIndex).toBeCloseTo(-100, 6);
    // With every attempt, the second student's empty second attempt counts too.
    const all: TItemStatistics = (await as.instructor.request('GET', `/api/v1/quiz-sets/${quizSet.id}/statistics?attempts=all`)).json();
    expect(all.attemptsAnalysed).toBe(3);

    const csv = await as.instructor.request('GET', `/api/v1/quiz-sets/${quizSet.id}/statistics.csv?classId=${klass.id}&attempts=first`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('question,card,type,grading,text,responses,facility index (%),SD (%),discrimination index (%),common wrong answers,awaiting grading');
    expect(lines).toHaveLength(7);
    expect(lines.find((l) => l.includes('Question pick-one'))).toMatch(/,2,50\.00,70\.71,-100\.00,Choice c ×1,0$/);
  });

  it("shows the instructor the class dashboard per student and per set, as JSON and CSV, and each student only their own results", async () => {
    const results: TClassResults = (await as.instructor.request('GET', `/api/v1/classes/${klass.id}/results`)).json();
    expect(results.sets).toEqual([{ quizSetId: quizSet.id, title: 'Gates quiz', attempts: 3, students: 2, meanBest: (4.5 / 6 + 4 / 6) / 2, awaitingGrading: 0 }]);
    const [first, second] = results.students;
    expect(first).toMatchObject({ user: { email: 'student@example.com' }, attempts: 1, score: 4.5 / 6, sets: [{ attempts: 1, best: 4.5 / 6, final: true }] });
    expect(second).toMatchObject({ attempts: 2, score: 4 / 6 });
    expect(first!.study).toEqual({ cards: 6, studied: 0, reviews: 0, trueRetention: null });

    const csv = await as.instructor.request('GET', `/api/v1/classes/${klass.id}/results.csv`);
    const rows = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(rows[0]).toBe('student,email,joined,attempts,score (%),Gates quiz best (%),cards studied,cards,reviews,true retention (%)');
    expect(rows[1]).toMatch(/^student,student@example.com,\d{4}-\d\d-\d\d,1,75\.0,75\.0,0,6,0,$/);

    // Students see their own attempts in the class, not the dashboard or others' attempts.
    expect((await as.student.request('GET', `/api/v1/classes/${klass.id}/results`)).statusCode).toBe(403);
    const mine: TClassDetail = (await as.student.request('GET', `/api/v1/classes/${klass.id}`)).json();
    expect(mine.assignments[0]!.myAttempts.map((a) => a.taker.email)).toEqual(['student@example.com']);
    const othersAttempt = results.students[1] && (await t.db.prisma.quizAttempt.findFirstOrThrow({ where: { userId: as.otherStudent.id! } }));
    expect((await as.student.request('GET', `/api/v1/attempts/${othersAttempt!.id}`)).statusCode).toBe(404);
  });

  it('counts study progress and true retention in the decks assigned for study', async () => {
    // The student studies two cards of the class deck: each is rated Good today and again, as a review, later.
    const user = as.student.id!;
    const cards = await t.db.prisma.card.findMany({ where: { deckId: 'teacher-deck' }, take: 2, orderBy: { position: 'asc' } });
    const day = 24 * 3600_000;
    for (const [i, card] of cards.entries()) {
      await t.db.prisma.cardState.create({ data: { userId: user, cardId: card.id, deckId: card.deckId, state: 'review', due: new Date(Date.now() + 5 * day) } });
      const base = { userId: user, cardId: card.id, durationMs: 1000, before: {}, after: {} };
      await t.db.prisma.reviewLog.create({ data: { ...base, clientId: `first-${i}`, rating: 3, stateBefore: 'new', reviewedAt: new Date(Date.now() - 3 * day) } });
      await t.db.prisma.reviewLog.create({ data: { ...base, clientId: `again-${i}`, rating: i === 0 ? 3 : 1, stateBefore: 'review', reviewedAt: new Date(Date.now() - day) } });
    }
    const results: TClassResults = (await as.instructor.request('GET', `/api/v1/classes/${klass.id}/results`)).json();
    expect(results.students[0]!.study).toEqual({ cards: 6, studied: 2, reviews: 2, trueRetention: 0.5 });
    // An exam-only assignment (study off) takes its deck out of the study columns.
    await as.instructor.request('POST', `/api/v1/classes/${klass.id}/assignments`, { quizSetId: quizSet.id, study: false });
    expect((await as.instructor.request('GET', `/api/v1/classes/${klass.id}/results`)).json().students[0].study).toEqual({ cards: 0, studied: 0, reviews: 0, trueRetention: null });
    await as.instructor.request('POST', `/api/v1/classes/${klass.id}/assignments`, { quizSetId: quizSet.id, study: true });
  });

  it("shows the instructor, per assigned set, the item statistics of this class's attempts and the answers awaiting grading", async () => {
    const url = `/api/v1/classes/${klass.id}/item-statistics`;
    const byClass: TClassItemStatistics = (await as.instructor.request('GET', url)).json();
    expect(byClass).toMatchObject({ classId: klass.id, attempts: 'all' });
    // The same figures as the set's own statistics for this class: one computation, two pages.
    const setStats: TItemStatistics = (await as.instructor.request('GET', `/api/v1/quiz-sets/${quizSet.id}/statistics?classId=${klass.id}&attempts=all`)).json();
    expect(byClass.sets).toEqual([setStats]);
    expect(byClass.sets[0]).toMatchObject({ quizSetId: quizSet.id, title: 'Gates quiz', classId: klass.id, attemptsAnalysed: 3, attemptsAwaitingGrading: 0 });
    expect(byClass.sets[0]!.items).toHaveLength(6);
    expect(byClass.sets[0]!.items.every((i) => i.responses === 3 && i.awaitingGrading === 0)).toBe(true);
    const first: TClassItemStatistics = (await as.instructor.request('GET', `${url}?attempts=first`)).json();
    const mc = first.sets[0]!.items.find((i) => i.front.type === 'multiple-choice')!;
    expect(mc).toMatchObject({ responses: 2, facilityIndex: 50 });
    expect(mc.discriminationIndex).toBeCloseTo(-100, 6);

    // The student's second attempt, with a written answer not graded yet: counted under its question, left out of the figures.
    const second: TAttemptView = (await as.student.request('POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, { classId: klass.id })).json();
    for (const q of second.questions) await as.student.request('PUT', `/api/v1/attempts/${second.attempt.id}/responses/${q.slot}`, { answer: rightAnswer(q) });
    await as.student.request('POST', `/api/v1/attempts/${second.attempt.id}/submit`);
    const waiting: TClassItemStatistics = (await as.instructor.request('GET', url)).json();
    expect(waiting.sets[0]).toMatchObject({ attemptsAnalysed: 3, attemptsAwaitingGrading: 1 });
    const open = waiting.sets[0]!.items.find((i) => i.front.type === 'open')!;
    expect(open).toMatchObject({ grading: 'instructor', responses: 3, awaitingGrading: 1 });
    expect(waiting.sets[0]!.items.filter((i) => i.awaitingGrading > 0)).toEqual([open]);
    // The set's CSV says the same in its last column: 1 under the open question, 0 under the others.
    const csv = await as.instructor.request('GET', `/api/v1/quiz-sets/${quizSet.id}/statistics.csv?classId=${klass.id}`);
    const rows = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1);
    expect(rows.map((r) => [r.split(',')[2], r.split(',').at(-1)])).toEqual(waiting.sets[0]!.items.map((i) => [i.front.type, String(i.awaitingGrading)]));

    // Another class with the same set: none of this class's attempts.
    const other = (await as.instructor.request('POST', '/api/v1/classes', { name: 'ML interviews, autumn' })).json();
    await as.instructor.request('POST', `/api/v1/classes/${other.id}/assignments`, { quizSetId: quizSet.id });
    expect((await as.instructor.request('GET', `/api/v1/classes/${other.id}/item-statistics`)).json().sets).toEqual([
      expect.objectContaining({ quizSetId: quizSet.id, classId: other.id, attemptsAnalysed: 0, attemptsAwaitingGrading: 0, items: [] }),
    ]);
    await as.instructor.request('DELETE', `/api/v1/classes/${other.id}`);

    // Only the class's instructor (and admins): its student 403, anyone else 404; a bad choice of attempts names the field.
    expect((await as.student.request('GET', url)).statusCode).toBe(403);
    expect((await as.otherInstructor.request('GET', url)).statusCode).toBe(404);
    expect((await as.admin.request('GET', url)).statusCode).toBe(200);
    const bad = await as.instructor.request('GET', `${url}?attempts=worst`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('querystring.attempts');

    const openSlot = second.questions.find((q) => q.front.type === 'open')!.slot;
    await as.instructor.request('PUT', `/api/v1/attempts/${second.attempt.id}/responses/${openSlot}/grade`, { mark: 1 });
    expect((await as.instructor.request('GET', url)).json().sets[0]).toMatchObject({ attemptsAnalysed: 4, attemptsAwaitingGrading: 0 });
  });

  it('shares a set by link: anyone signed in, guests too, can take it; a new link or making it private turns the old one off', async () => {
    const shared: TQuizSet = (await as.instructor.request('PATCH', `/api/v1/quiz-sets/${quizSet.id}`, { visibility: 'link' })).json();
    expect(shared.shareToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const view = await as.guest.request('GET', `/api/v1/quiz-sets/shared/${shared.shareToken}`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ title: 'Gates quiz', classId: null, attempts: [] });
    const started = await as.guest.request('POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, { token: shared.shareToken });
    expect(started.statusCode).toBe(201);
    expect(started.json().attempt.classId).toBeNull();
    expect((await as.guest.request('POST', `/api/v1/quiz-sets/${quizSet.id}/attempts`, {})).statusCode).toBe(404);

    const rotated: TQuizSet = (await as.instructor.request('POST', `/api/v1/quiz-sets/${quizSet.id}/share-link`)).json();
    expect(rotated.shareToken).not.toBe(shared.shareToken);
    expect((await as.guest.request('GET', `/api/v1/quiz-sets/shared/${shared.shareToken}`)).statusCode).toBe(404);
    await as.instructor.request('PATCH', `/api/v1/quiz-sets/${quizSet.id}`, { visibility: 'private' });
    expect((await as.guest.request('GET', `/api/v1/quiz-sets/shared/${rotated.shareToken}`)).statusCode).toBe(404);
  });

  it('draws a sample of the deck when a set asks fewer questions, and keeps deck order when questions are not shuffled', async () => {
    const sampled: TQuizSet = (await as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: 'teacher-deck', title: 'Three of six', questionCount: 3, shuffleQuestions: false })).json();
    const preview: TAttemptView = (await as.instructor.request('POST', `/api/v1/quiz-sets/${sampled.id}/attempts`, {})).json();
    expect(preview.questions).toHaveLength(3);
    const positions = await Promise.all(
      preview.questions.map(async (q) => (await t.db.prisma.quizResponse.findUniqueOrThrow({ where: { attemptId_slot: { attemptId: preview.attempt.id, slot: q.slot } } })).cardId),
    ).then((ids) => t.db.prisma.card.findMany({ where: { id: { in: ids } }, select: { id: true, position: true } }).then((rows) => ids.map((id) => rows.find((r) => r.id === id)!.position)));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The instructor's own preview attempts are left out of the statistics.
    await as.instructor.request('POST', `/api/v1/attempts/${preview.attempt.id}/submit`);
    expect((await as.instructor.request('GET', `/api/v1/quiz-sets/${sampled.id}/statistics`)).json().attemptsAnalysed).toBe(0);
  });

  it('refuses what breaks the rules with a 4xx naming the field', async () => {
    const bad = await as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: 'teacher-deck', title: 'x', timeLimitMinutes: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('body.timeLimitMinutes');
    expect((await as.otherInstructor.request('POST', '/api/v1/quiz-sets', { deckId: 'teacher-deck', title: 'Not mine' })).json()).toMatchObject({ statusCode: 404, field: 'body.deckId' });
    // Another instructor cannot assign their set to this class, nor this set to their class.
    const theirs = (await as.otherInstructor.request('POST', '/api/v1/classes', { name: 'Theirs' })).json();
    expect((await as.otherInstructor.request('POST', `/api/v1/classes/${theirs.id}/assignments`, { quizSetId: quizSet.id })).json()).toMatchObject({ statusCode: 404, field: 'body.quizSetId' });
    expect((await as.instructor.request('POST', '/api/v1/classes', { name: '   ' })).json().field).toBe('body.name');
    // A closed class admits nobody new; its students stay.
    const closed = await as.instructor.request('PATCH', `/api/v1/classes/${klass.id}`, { joinOpen: false });
    expect(closed.json().joinOpen).toBe(false);
    const code = closed.json().joinCode;
    expect((await as.admin.request('POST', '/api/v1/classes/join', { code })).statusCode).toBe(403);
    expect((await as.student.request('POST', '/api/v1/classes/join', { code })).statusCode).toBe(200);
    const rotated = (await as.instructor.request('POST', `/api/v1/classes/${klass.id}/join-code`)).json();
    expect(rotated.joinCode).not.toBe(code);
  });

  it('limits join requests per account, not per address', async () => {
    // The other instructor made no join request yet; the limit counts every request of the hour.
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await as.otherInstructor.request('POST', '/api/v1/classes/join', { code: '2222222' })).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Another account from the same address is not held back.
    expect((await as.otherStudent.request('POST', '/api/v1/classes/join', { code: '2222222' })).statusCode).toBe(404);
  });

  it('lets a user choose an instructor account, unless they are a guest, and refuses becoming a student while teaching', async () => {
    expect((await as.otherStudent.request('PUT', '/api/v1/users/me/account-type', { accountType: 'instructor' })).json().role).toBe('instructor');
    expect((await as.otherStudent.request('POST', '/api/v1/classes', { name: 'My own class' })).statusCode).toBe(201);
    expect((await as.otherStudent.request('PUT', '/api/v1/users/me/account-type', { accountType: 'student' })).statusCode).toBe(409);
    expect((await as.guest.request('PUT', '/api/v1/users/me/account-type', { accountType: 'instructor' })).statusCode).toBe(403);
    expect((await as.admin.request('PUT', '/api/v1/users/me/account-type', { accountType: 'student' })).statusCode).toBe(409);
    expect((await as.anonymous.request('GET', '/api/v1/users/account-types')).json()).toEqual({ choosable: ['student', 'instructor'] });
  });
});
