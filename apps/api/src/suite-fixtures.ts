import { randomUUID } from 'node:crypto';
import type { TLabRunEvent, TLabRunRequest } from '@recurrence/contracts';
import type { DatabaseProvider } from '@recurrence/db';
import type { LabService } from './lab/lab-service';
import { caller, seedOwnedDeck, type Caller, type TestRole } from './quiz-testing';
import { hashPassword } from './services/accounts';
import { createSession, SESSION_COOKIE } from './services/sessions';
import { buildTestApp, sessionCookie, type TestApp } from './testing';

/**
 * What the OpenAPI-driven suites (openapi-authorization.test.ts, bad-input.test.ts) share: the operations of the
 * document the app serves, one app per database with the seven roles signed in, and fixtures owned by the student
 * (a private deck with a note and a media file, a lab run) and by the instructor (a quiz deck, a quiz set, a class
 * the student joined, the student's submitted attempt).
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type JsonSchema = { type?: string | string[]; [key: string]: unknown };
export type Parameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema: JsonSchema };
/** One operation of the OpenAPI document: `key` is "METHOD /path/{param}" as the document spells it. */
export type Operation = {
  key: string;
  method: Method;
  path: string;
  parameters: Parameter[];
  body: { contentType: string; schema: JsonSchema } | null;
};

/** Every operation of the OpenAPI document the app serves (GET /api/docs/json), in the document's order. */
export function operationsOf(t: TestApp): Operation[] {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const [contentType, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Method,
        path,
        parameters: op.parameters ?? [],
        body: contentType && content ? { contentType, schema: content.schema } : null,
      };
    }),
  );
}

/** Fills the `{name}` parameters of an OpenAPI path. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
}

/** A lab runner that trains nothing: runs stay queued (the lab's own tests train for real). */
export function idleLabRunner(): LabService {
  return {
    backend: 'cpu',
    ready: Promise.resolve({ codeVersion: 'test' }),
    start: async (_runId: string, _request: TLabRunRequest) => undefined,
    cancel: async (_runId: string) => undefined,
    subscribe: (_runId: string, _listener: (event: TLabRunEvent) => void) => () => undefined,
    backlog: async () => null,
    close: async () => undefined,
  };
}

export const PASSWORD = 'correct horse battery';
/** The emails of the five roles with an account. */
export const EMAILS: Record<Exclude<TestRole, 'anonymous' | 'guest'>, string> = {
  admin: 'admin@example.com',
  instructor: 'teacher@example.com',
  otherInstructor: 'other-teacher@example.com',
  student: 'student@example.com',
  otherStudent: 'other-student@example.com',
};

export type Fixtures = {
  /** Text only the student's private deck holds (its title and its note). */
  secret: string;
  /** The other student's private deck holds this text. */
  otherSecret: string;
  deckId: string;
  otherStudentDeckId: string;
  noteId: string;
  cardId: string;
  mediaName: string;
  quizDeckId: string;
  quizSetId: string;
  linkedSetId: string;
  shareToken: string;
  classId: string;
  attemptId: string;
  runId: string;
  /** An instructor who is none of the seven roles, for classes anyone may join. */
  third: Caller;
};

export type Suite = { t: TestApp; as: Record<TestRole, Caller>; fx: Fixtures; close(): Promise<void> };

export async function ok<T = { id: string }>(response: Promise<{ statusCode: number; body: string; json(): unknown }>): Promise<T> {
  const r = await response;
  if (r.statusCode >= 300) throw new Error(`fixture request failed: ${r.statusCode} ${r.body}`);
  return r.json() as T;
}

/** A cloze note whose text holds `secret`. */
export const secretNote = (secret: string) => ({ type: 'cloze', text: { en: `The {{c1::${secret}}} is private.` } });

export async function newDeck(by: Caller, secret: string): Promise<string> {
  const deck = await ok(by.request('POST', '/api/v1/decks', { title: { en: `Private deck ${secret}` } }));
  await ok(by.request('POST', `/api/v1/decks/${deck.id}/notes`, { notes: [secretNote(secret)] }));
  return deck.id;
}

let passwordHash: Promise<string>;

/** An account with a session, written straight to the database (sign-up's password check and hashing take seconds). */
async function account(t: TestApp, hash: string, email: string, role: 'student' | 'instructor' | 'admin'): Promise<Caller> {
  const user = await t.db.prisma.user.create({ data: { email, passwordHash: hash, displayName: email.split('@')[0]!, role } });
  const session = await createSession(t.db.prisma, user.id, 30);
  return caller(t, `${SESSION_COOKIE}=${session.token}`, user.id);
}

/** The seven roles (as signUpRoles in quiz-testing.ts makes them through sign-up, here in a fraction of the time). */
async function accountsOfRoles(t: TestApp): Promise<Record<TestRole, Caller>> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const guest = await t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' });
  return {
    anonymous: caller(t, null, null),
    guest: caller(t, sessionCookie(guest), guest.json().user.id),
    admin: await account(t, hash, EMAILS.admin, 'admin'),
    instructor: await account(t, hash, EMAILS.instructor, 'instructor'),
    otherInstructor: await account(t, hash, EMAILS.otherInstructor, 'instructor'),
    student: await account(t, hash, EMAILS.student, 'student'),
    otherStudent: await account(t, hash, EMAILS.otherStudent, 'student'),
  };
}

/** One app on a fresh database of `provider`, the seven roles, and the fixtures. */
export async function buildSuite(provider: DatabaseProvider, options: { trustProxy?: number } = {}): Promise<Suite> {
  // Higher account limits: the suites create many accounts and guests from one address on purpose.
  const t = await buildTestApp(provider, { createLab: () => idleLabRunner(), limits: { accountsPerAddressPerHour: 10_000, guestsPerHour: 10_000 }, ...options });
  const as = await accountsOfRoles(t);
  const secret = `student-secret-${randomUUID().slice(0, 8)}`;
  const otherSecret = `other-secret-${randomUUID().slice(0, 8)}`;
  const deckId = await newDeck(as.student, secret);
  const otherStudentDeckId = await newDeck(as.otherStudent, otherSecret);
  const note = (await ok<{ notes: { id: string }[] }>(as.student.request('GET', `/api/v1/decks/${deckId}/notes`))).notes[0]!;
  const cardId = (await t.db.prisma.card.findFirstOrThrow({ where: { deckId } })).id;
  const mediaName = 'figure.png';
  await t.db.prisma.deckMedia.create({ data: { deckId, name: mediaName, contentType: 'image/png', size: 4, data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) } });

  const third = await account(t, await passwordHash, 'third-teacher@example.com', 'instructor');

  const quizDeckId = 'suite-quiz-deck';
  await seedOwnedDeck(t, quizDeckId, as.instructor.id!);
  const quizSetId = (await ok(as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: quizDeckId, title: 'Suite set' }))).id;
  const linked = await ok<{ id: string; shareToken: string }>(as.instructor.request('POST', '/api/v1/quiz-sets', { deckId: quizDeckId, title: 'Linked set', visibility: 'link' }));
  const klass = await ok<{ id: string; joinCode: string }>(as.instructor.request('POST', '/api/v1/classes', { name: 'Suite class' }));
  await ok(as.instructor.request('POST', `/api/v1/classes/${klass.id}/assignments`, { quizSetId }));
  await ok(as.student.request('POST', '/api/v1/classes/join', { code: klass.joinCode }));
  // The other instructor teaches a class of their own (so stays an instructor).
  await ok(as.otherInstructor.request('POST', '/api/v1/classes', { name: 'Other class' }));
  const attempt = await ok<{ attempt: { id: string } }>(as.student.request('POST', `/api/v1/quiz-sets/${quizSetId}/attempts`, { classId: klass.id }));
  await ok(as.student.request('POST', `/api/v1/attempts/${attempt.attempt.id}/submit`));

  // A finished run of the student's (its event stream ends at once).
  const run = await ok(as.student.request('POST', '/api/v1/lab/runs', { experiment: 'positional-encoding', params: { dModel: 8, heads: 2, heatmapPositions: 8 }, seed: 1 }));
  await t.db.prisma.labRun.update({ where: { id: run.id }, data: { status: 'done', progress: 1, finishedAt: new Date() } });

  const fx: Fixtures = {
    secret,
    otherSecret,
    deckId,
    otherStudentDeckId,
    noteId: note.id,
    cardId,
    mediaName,
    quizDeckId,
    quizSetId,
    linkedSetId: linked.id,
    shareToken: linked.shareToken,
    classId: klass.id,
    attemptId: attempt.attempt.id,
    runId: run.id,
    third,
  };
  return { t, as, fx, close: () => t.close() };
}
