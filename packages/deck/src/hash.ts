import { createHash } from 'node:crypto';
import type { TCard } from '@recurrence/contracts';

/**
 * Canonical JSON: object keys sorted (code-unit order), `undefined` members dropped,
 * no whitespace. Two values that are deeply equal produce the same string regardless of key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new Error(`canonicalJson: unsupported value of type ${typeof value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 (lower-case hex) of the card's canonical JSON — changes iff the card's content changes. */
export function cardContentHash(card: TCard): string {
  return createHash('sha256').update(canonicalJson(card), 'utf8').digest('hex');
}
