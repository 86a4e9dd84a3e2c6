import { randomInt } from 'node:crypto';
import { testProviders } from '@recurrence/db/testing';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NASTY_STRINGS, nasty, valid } from './schema-arbitraries';
import { buildSuite, operationsOf, type Operation, type Suite } from './suite-fixtures';
import { sessionCookie } from './testing';

/** Generated requests per operation and database (BAD_INPUT_RUNS overrides; FC_SEED replays a failure). */
const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 20);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

/** Tables whose rows a rejected request must leave alone (the rate-limit counters count refusals on purpose). */
const COUNTED = ['User', 'Session', 'KnownDevice', 'StudySettings', 'InterviewPlan', 'Deck', 'DeckMedia', 'Note', 'Card', 'CardState', 'ReviewLog', 'CardAction', 'LabRun', 'LabRunWatcher', 'Classroom', 'ClassMember', 'QuizSet', 'QuizAssignment', 'QuizAttempt', 'QuizResponse'];
const UPDATED = ['User', 'StudySettings', 'Deck', 'Note', 'Card', 'CardState', 'Classroom', 'QuizSet'];
const FINGERPRINT_SQL = `SELECT ${[...COUNTED.map((t) => `(SELECT COUNT(*) FROM "${t}") AS "n_${t}"`), ...UPDATED.map((t) => `(SELECT MAX("updatedAt") FROM "${t}") AS "u_${t}"`)].join(', ')}`;

/** Raw bodies no schema describes: broken, empty, deep or huge JSON, prototype keys, other content types. */
const RAW_BODIES: { contentType: string; text: string }[] = [
  { contentType: 'application/json', text: '{' },
  { contentType: 'application/json', text: '' },
  { contentType: 'application/json', text: 'null' },
  { contentType: 'application/json', text: '"\\u0000"' },
  { contentType: 'application/json', text: '{"a":"\\ud800"}' },
  { contentType: 'application/json', text: '{"__proto__":{"polluted":true}}' },
  { contentType: 'application/json', text: '{"constructor":{"prototype":{"polluted":true}}}' },
  { contentType: 'application/json', text: `${'['.repeat(50_000)}${']'.repeat(50_000)}` },
  { contentType: 'application/json', text: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}` },
  { contentType: 'application/json', text: `"${'x'.repeat(2 * 1024 * 1024)}"` },
  { contentType: 'text/plain', text: 'hello' },
  { contentType: 'application/x-www-form-urlencoded', text: 'a=1&__proto__=2' },
  { contentType: 'multipart/form-data; boundary=x', text: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated' },
];
/** Query strings no schema describes. */
const RAW_QUERIES = ['', '', '', '?%E0%A4%A', '?a=%00', '?__proto__=1&constructor%5Bprototype%5D=1', `?q=${'z'.repeat(20_000)}`, '?deckId=a&deckId=b'];
const FILE_NAMES = ['cards.csv', 'cards.tsv', 'deck.apkg', 'deck.colpkg', 'deck.zip', 'notes.txt', 'noext', '..\\..\\x.csv', 'a\u0000.csv', `${'n'.repeat(300)}.csv`];

/** Percent-encodes any string, lone surrogates included (as WTF-8, what a careless client sends). */
function encode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(char);
  }
  return out;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

function queryString(query: Record<string, unknown>, raw: string): string {
  const parts = Object.entries(query).flatMap(([key, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => `${encode(key)}=${encode(asText(v))}`),
  );
  const generated = parts.length > 0 ? `?${parts.join('&')}` : '';
  return raw && generated ? `${generated}&${raw.slice(1)}` : generated || raw;
}

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string; text: string } | { kind: 'form'; fields: Record<string, unknown>; file: { data: Uint8Array; name: string } | null } | { kind: 'none' };
type Generated = { path: Record<string, string>; query: Record<string, unknown>; rawQuery: string; body: Body; who: 'anonymous' | 'student' | 'instructor' | 'guest' };

/** What an error body may never show: stack frames, source paths, the database's or the runtime's own words. */
const INTERNALS = /(\n\s+at |node_modules|\.[cm]?[jt]s:\d+|prisma|sqlite|SQLSTATE|postgres|invalid byte sequence|TypeError|ReferenceError|RangeError|SyntaxError|"stack")/i;

/**
 * Bad input for every operation of the OpenAPI document: requests generated from its schemas (body, query, path
 * parameters, which come from the zod contracts), with nasties anywhere in them. None may answer 5xx; an error body
 * shows no internals; a 400 names the field; and a rejected request (4xx) changes no row of the main tables.
 */
describe.each(testProviders())('bad input to every operation of the OpenAPI document, on %s', (provider) => {
  let s: Suite;
  let guestCookie: string;
  beforeAll(async () => {
    // A client address per request (X-Forwarded-For, trusted from one hop) so per-address limits do not answer
    // 429 before the input is read.
    s = await buildSuite(provider, { trustProxy: 1 });
    guestCookie = sessionCookie(await s.t.app.inject({ method: 'POST', url: '/api/v1/auth/guest' }));
  }, 180_000);
  afterAll(() => s?.close());

  const fingerprint = async () => {
    const [row] = await s.t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(FINGERPRINT_SQL);
    return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : String(v)]));
  };

  function fixtureValues(name: string): string[] {
    const fx = s.fx;
    const values: Record<string, string[]> = {
      deckId: [fx.deckId, fx.quizDeckId],
      noteId: [fx.noteId],
      cardId: [fx.cardId],
      runId: [fx.runId],
      classId: [fx.classId],
      userId: [s.as.student.id!, s.as.instructor.id!],
      quizSetId: [fx.quizSetId, fx.linkedSetId],
      attemptId: [fx.attemptId],
      slot: ['1', '2'],
      token: [fx.shareToken],
      name: [fx.mediaName],
    };
    return values[name] ?? ['x'];
  }

  function requestArbitrary(op: Operation): fc.Arbitrary<Generated> {
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    // Deleting the fixtures would leave later operations nothing to reach: DELETE gets generated ids only.
    const path = fc.record(
      Object.fromEntries(
        pathParams.map((p) => [
          p.name,
          fc.oneof(
            { weight: op.method === 'DELETE' ? 0 : 3, arbitrary: fc.constantFrom(...fixtureValues(p.name)) },
            { weight: 1, arbitrary: valid(p.schema).map(asText) },
            { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
          ),
        ]),
      ),
    ) as fc.Arbitrary<Record<string, string>>;
    const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, fc.oneof(valid(p.schema), nasty(p.schema))])), { requiredKeys: [] });
    const raw = fc.constantFrom(...RAW_BODIES).map((b): Body => ({ kind: 'raw', ...b }));
    let body: fc.Arbitrary<Body>;
    if (!op.body) body = fc.oneof({ weight: 3, arbitrary: fc.constant<Body>({ kind: 'none' }) }, { weight: 1, arbitrary: raw });
    else if (op.body.contentType.startsWith('multipart/')) {
      const { file: _file, ...fields } = (op.body.schema.properties ?? {}) as Record<string, never>;
      const file = fc.option(
        fc.record({ data: fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('front\tback\nq\ta\n', 'a,b\n"unterminated', '\u0000\u0000').map((t) => new TextEncoder().encode(t))), name: fc.constantFrom(...FILE_NAMES) }),
        { freq: 4 },
      );
      body = fc.record({ fields: nasty({ type: 'object', properties: fields }), file }).map(({ fields, file }): Body => ({ kind: 'form', fields: (fields ?? {}) as Record<string, unknown>, file }));
    } else {
      body = fc.oneof(
        { weight: 4, arbitrary: nasty(op.body.schema).map((value): Body => ({ kind: 'json', value })) },
        { weight: 1, arbitrary: valid(op.body.schema).map((value): Body => ({ kind: 'json', value })) },
        { weight: 1, arbitrary: raw },
      );
    }
    const inputless = pathParams.length === 0 && queryParams.length === 0 && !op.body;
    // Sign-up and sign-in as someone new; routes without inputs (sign-out among them) as a guest of their own.
    const who = op.path.startsWith('/api/v1/auth/') ? fc.constant('anonymous' as const) : inputless ? fc.constant('guest' as const) : fc.constantFrom('student' as const, 'instructor' as const);
    return fc.record({ path, query, rawQuery: fc.constantFrom(...RAW_QUERIES), body, who });
  }

  async function send(op: Operation, g: Generated): Promise<LightMyRequestResponse> {
    const cookie = g.who === 'guest' ? guestCookie : g.who === 'anonymous' ? null : s.as[g.who].cookie;
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(g.path[name] ?? '')) + queryString(g.query, g.rawQuery);
    const headers: Record<string, string> = { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` };
    if (cookie) headers.cookie = cookie;
    const b = g.body;
    if (b.kind === 'none') return s.t.app.inject({ method: op.method, url, headers });
    if (b.kind === 'json') return s.t.app.inject({ method: op.method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(b.value) ?? '' });
    if (b.kind === 'raw') return s.t.app.inject({ method: op.method, url, headers: { ...headers, 'content-type': b.contentType }, payload: b.text });
    const form = new FormData();
    for (const [key, value] of Object.entries(b.fields)) if (value !== undefined) form.append(key, asText(value));
    if (b.file) form.append('file', new Blob([b.file.data]), b.file.name);
    return s.t.app.inject({ method: op.method, url, headers, payload: form });
  }

  /** Why a response breaks the rules, or null. */
  function fault(response: LightMyRequestResponse): string | null {
    const status = response.statusCode;
    if (status >= 500) return `answered ${status}: ${response.body.slice(0, 300)}`;
    if (status < 400) return null;
    if (INTERNALS.test(response.body)) return `error body shows internals: ${response.body.slice(0, 300)}`;
    let body: { message?: unknown; field?: unknown };
    try {
      body = response.json();
    } catch {
      return `error body is not JSON: ${response.body.slice(0, 300)}`;
    }
    if (typeof body.message !== 'string' || body.message.length === 0) return `error body has no message: ${response.body.slice(0, 300)}`;
    if (status === 400 && (typeof body.field !== 'string' || body.field.length === 0)) return `400 names no field: ${response.body.slice(0, 300)}`;
    return null;
  }

  const shown = (g: Generated) => JSON.stringify(g, (_, v: unknown) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v instanceof Uint8Array ? `<${v.length} bytes>` : v)).slice(0, 1500);

  it(`answers ${RUNS} generated requests per operation with no 5xx, no internals, the field named, and no state changed by a refusal`, async () => {
    const operations = operationsOf(s.t);
    const failures: string[] = [];
    let tried = 0;
    for (const op of operations) {
      let before = await fingerprint();
      const result = await fc.check(
        fc.asyncProperty(requestArbitrary(op), async (g) => {
          tried++;
          const response = await send(op, g);
          const why = fault(response);
          if (why) throw new Error(why);
          const after = await fingerprint();
          const previous = before;
          before = after;
          if (response.statusCode >= 400) {
            const changed = Object.keys(after).filter((k) => after[k] !== previous[k]);
            if (changed.length > 0) throw new Error(`refused with ${response.statusCode} yet changed ${changed.join(', ')}: ${response.body.slice(0, 200)}`);
          }
        }),
        { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
      if (result.failed) {
        const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
        failures.push(`${op.key} (seed ${result.seed}, path ${result.counterexamplePath}): ${error}\n  request: ${result.counterexample ? shown(result.counterexample[0]) : '?'}`);
      }
    }
    console.log(`bad input on ${provider}: ${operations.length} operations × ${RUNS} generated requests = ${tried} requests`);
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(operations.length * RUNS);
  }, 600_000);
});
