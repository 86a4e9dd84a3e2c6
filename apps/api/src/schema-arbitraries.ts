import fc from 'fast-check';
import type { JsonSchema } from './suite-fixtures';

/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document (which fastify-type-provider-zod makes from the
 * zod contracts): `valid(schema)` gives values the schema accepts, `nasty(schema)` the same shapes with, at any node,
 * a value chosen to break a server: NUL, lone surrogates, huge strings, prototype keys, numbers at and past the
 * bounds, wrong types, missing required keys, deep nesting. Written here (fast-check has no JSON Schema reader, and
 * the zod-to-fast-check packages do not read zod 4); it knows the keywords the document uses.
 */

export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufeff\u202e',
  '😀'.repeat(50),
  '__proto__',
  'constructor',
  'prototype',
  '../../etc/passwd',
  '%00',
  '%',
  "'; DROP TABLE \"User\"; --",
  '<script>alert(1)</script>',
  '{{c1::}}',
  'NaN',
  '-1',
  '1e309',
  'x'.repeat(10_000),
  'é'.repeat(100_000),
];

export const NASTY_NUMBERS = [0, -0, -1, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -(2 ** 31) - 1, 2 ** 31, 2 ** 53, 1e-320];

/** Something of another JSON type than the schema's. */
const wrongType = fc.constantFrom<unknown>(null, true, false, 0, 1.5, '1', 'true', [], [null], {}, { a: 1 });

/** JSON nested `levels` deep: arrays or objects. */
export function deep(levels: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** An object whose own keys include a prototype key (as JSON.parse makes it: `{"__proto__": …}` as data, not the prototype). */
function withKey(value: unknown, key: '__proto__' | 'constructor' | 'prototype', inner: unknown): unknown {
  const base = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  const copy = { ...(base as Record<string, unknown>) };
  Object.defineProperty(copy, key, { value: inner, enumerable: true, writable: true, configurable: true });
  return copy;
}

function types(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return typeof schema.type === 'string' ? [schema.type] : [];
}
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function stringArb(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = Math.max(minLength, Math.min(num(schema.maxLength) ?? 40, 200));
  if (schema.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uuid') return fc.uuid();
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (num(schema.maxLength) ?? Infinity));
    } catch {
      // A pattern fast-check cannot read: plain strings of the right length.
    }
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function numberArb(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = num(schema.minimum) ?? (num(schema.exclusiveMinimum) !== undefined ? num(schema.exclusiveMinimum)! + (integer ? 1 : 1e-9) : -1e6);
  const max = num(schema.maximum) ?? (num(schema.exclusiveMaximum) !== undefined ? num(schema.exclusiveMaximum)! - (integer ? 1 : 1e-9) : 1e6);
  if (integer) return fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Numbers at the schema's bounds and just past them. */
function boundaries(schema: JsonSchema, integer: boolean): number[] {
  const step = integer ? 1 : 1e-9;
  const out: number[] = [];
  for (const bound of [num(schema.minimum), num(schema.exclusiveMinimum)]) if (bound !== undefined) out.push(bound, bound - step, bound - 1);
  for (const bound of [num(schema.maximum), num(schema.exclusiveMaximum)]) if (bound !== undefined) out.push(bound, bound + step, bound + 1);
  if (integer) out.push(1.5);
  return out;
}

type Mode = 'valid' | 'nasty';

function build(schema: JsonSchema | undefined, mode: Mode, depth: number): fc.Arbitrary<unknown> {
  const normal = buildNormal(schema ?? {}, mode, depth);
  if (mode === 'valid' || !schema) return normal;
  return fc.oneof({ weight: 6, arbitrary: normal }, { weight: 1, arbitrary: nastyFor(schema, depth) });
}

function buildNormal(schema: JsonSchema, mode: Mode, depth: number): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((s) => build({ ...s }, mode, depth + 1)));
  const options = types(schema).map((type) => byType(schema, type, mode, depth));
  if (schema.nullable === true) options.push(fc.constant(null));
  if (options.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

function byType(schema: JsonSchema, type: string, mode: Mode, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArb(schema);
    case 'integer':
      return numberArb(schema, true);
    case 'number':
      return numberArb(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = num(schema.minItems) ?? 0;
      const maxLength = Math.max(minLength, Math.min(num(schema.maxItems) ?? 3, 3));
      return fc.array(build(schema.items as JsonSchema | undefined, mode, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, build(value, mode, depth + 1)])),
        { requiredKeys: required.filter((key) => key in properties) },
      );
      const extra = schema.additionalProperties;
      if (typeof extra === 'object' && extra !== null && Object.keys(properties).length === 0) {
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), build(extra as JsonSchema, mode, depth + 1), { maxKeys: 3 });
      }
      return record;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value meant to break whatever reads a node of this schema. */
function nastyFor(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [wrongType, fc.constantFrom(...NASTY_STRINGS), fc.constantFrom(...NASTY_NUMBERS)];
  const t = types(schema);
  if (t.includes('string')) {
    const maxLength = num(schema.maxLength);
    if (maxLength !== undefined) options.push(fc.constant('y'.repeat(maxLength + 1)));
    options.push(stringArb(schema).map((s) => `${s}\u0000`), stringArb(schema).map((s) => `\ud83d${s}`));
  }
  if (t.includes('integer') || t.includes('number')) {
    const edges = boundaries(schema, t.includes('integer'));
    if (edges.length > 0) options.push(fc.constantFrom(...edges));
  }
  if (t.includes('array')) {
    const maxItems = num(schema.maxItems);
    if (maxItems !== undefined) options.push(fc.constant(Array.from({ length: maxItems + 1 }, () => 'z')));
    options.push(fc.constant(deep(2_000, 'array')));
  }
  if (t.includes('object')) {
    const valid = buildNormal(schema, 'valid', depth);
    const required = (schema.required ?? []) as string[];
    options.push(
      valid.map((v) => withKey(v, '__proto__', { polluted: true })),
      valid.map((v) => withKey(v, 'constructor', { prototype: { polluted: true } })),
      valid.map((v) => withKey(v, 'prototype', 1)),
      fc.constant(deep(2_000, 'object')),
    );
    if (required.length > 0) {
      options.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([v, key]) => {
          const copy = { ...(v as Record<string, unknown>) };
          delete copy[key];
          return copy;
        }),
      );
    }
  }
  return fc.oneof(...options);
}

/** Values the schema accepts. */
export const valid = (schema: JsonSchema | undefined): fc.Arbitrary<unknown> => build(schema, 'valid', 0);
/** Values of the schema's shape with nasties at any node (and sometimes all of it nasty). */
export const nasty = (schema: JsonSchema | undefined): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 5, arbitrary: build(schema, 'nasty', 0) }, { weight: 1, arbitrary: schema ? nastyFor(schema, 0) : wrongType });
