import type { TCard } from '@recurrence/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { syncDeck } from './services/deck-sync';
import { clozeNote, multipleChoiceNote, sessionCookie, testDeck, type TestApp } from './testing';

/** The seven viewers every class and quiz route is tried with. */
export const ROLES = ['anonymous', 'guest', 'student', 'otherStudent', 'instructor', 'otherInstructor', 'admin'] as const;
export type TestRole = (typeof ROLES)[number];

export type Caller = {
  cookie: string | null;
  id: string | null;
  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
};

export function caller(t: TestApp, cookie: string | null, id: string | null): Caller {
  return {
    cookie,
    id,
    request: (method, url, payload) =>
      t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) }),
  };
}

async function signUp(t: TestApp, email: string, accountType: 'student' | 'instructor'): Promise<Caller> {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email, password: 'correct horse battery', displayName: email.split('@')[0], accountType } });
  if (response.statusCode !== 201) throw new Error(`sign-up of ${email}: ${response.statusCode} ${response.body}`);
  return caller(t, sessionCookie(response), response.json().user.id);
}

/** Signs up an admin (the first account), two instructors and two students, and starts a guest. */
export async function signUpRoles(t: TestApp): Promise<Record<TestRole, Caller>> {
  const admin = await signUp(t, 'admin@example.com', 'student');
  const instructor = await signUp(t, 'teacher@example.com', 'instructor');
  const otherInstructor = await signUp(t, 'other-teacher@example.com', 'instructor');
  const student = await signUp(t, 'student@example.com', 'student');
  const otherStudent = await signUp(t, 'other-student@example.com', 'student');
  const guestResponse = await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' });
  const guest = caller(t, sessionCookie(guestResponse), guestResponse.json().user.id);
  return { anonymous: caller(t, null, null), guest, student, otherStudent, instructor, otherInstructor, admin };
}

/** One note of every kind a quiz asks: multiple choice (a is right), numeric, cloze with two deletions, open, type-in. */
export function quizNotes(): TCard[] {
  return [
    multipleChoiceNote('pick-one'),
    { id: 'tiny-product', type: 'numeric', section: 'test', tags: [], question: { en: '0.9^100?', zh: '0.9^100？' }, answer: 2.6561e-5, tolerance: { relative: 0.05 } } as TCard,
    clozeNote('lstm-gates', 'The {{c1::forget}} gate and the {{c2::input}} gate.'),
    {
      id: 'why-attention',
      type: 'open',
      section: 'test',
      tags: [],
      question: { en: 'Why does attention help with long paths?', zh: '注意力为何缩短长路径？' },
      modelAnswer: { en: 'Every position attends to every other in one step.', zh: '每个位置一步即可关注其他位置。' },
      checklist: [
        { en: 'path length O(1)', zh: '路径长度 O(1)' },
        { en: 'cost O(n²)', zh: '代价 O(n²)' },
      ],
    } as TCard,
    { id: 'type-it', type: 'basic', section: 'test', tags: [], typeIn: true, front: { en: 'The softmax of the attention scores?', zh: '注意力分数的 softmax？' }, back: { en: 'attention weights', zh: '注意力权重' } } as TCard,
  ];
}

/** A deck owned by `ownerId`, as an import would create it. */
export async function seedOwnedDeck(t: TestApp, deckId: string, ownerId: string, notes: TCard[] = quizNotes()) {
  return syncDeck(t.db, testDeck(notes, deckId), { source: 'import', ownerId });
}

/**
 * Calls `target` as each of the seven roles and returns the status each got next to the one expected (in ROLES
 * order), for one `expect(got).toEqual(want)` that names every role that differs.
 */
export async function statusesByRole(
  as: Record<TestRole, Caller>,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  target: (role: TestRole) => Promise<{ url: string; body?: unknown }>,
  expected: readonly number[],
) {
  const got: Record<string, number> = {};
  const want: Record<string, number> = {};
  for (const [i, role] of ROLES.entries()) {
    const { url, body } = await target(role);
    got[role] = (await as[role].request(method, url, body)).statusCode;
    want[role] = expected[i]!;
  }
  return { got, want };
}
