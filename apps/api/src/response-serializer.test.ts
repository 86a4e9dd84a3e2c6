import { ZNextCardResponse, ZSignUpRequest, ZStatsResponse } from '@recurrence/contracts';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { responseSerializerCompiler, schemaUsesTransforms } from './response-serializer';

describe('response serialiser', () => {
  it('finds transforms however deep they sit, and none in the study and statistics responses', () => {
    expect(schemaUsesTransforms(ZSignUpRequest)).toBe(true); // the email is lower-cased by a transform
    expect(schemaUsesTransforms(z.object({ a: z.array(z.union([z.string(), z.object({ b: z.string().transform((s) => s.length) })])) }))).toBe(true);
    expect(schemaUsesTransforms(ZNextCardResponse)).toBe(false);
    expect(schemaUsesTransforms(ZStatsResponse)).toBe(false);
  });

  it('strips keys the contract does not name and refuses data that breaks it', () => {
    const serialize = responseSerializerCompiler({ schema: z.object({ id: z.string() }), method: 'GET', url: '/x' });
    expect(serialize({ id: 'a', passwordHash: 'secret' })).toBe('{"id":"a"}');
    expect(() => serialize({ id: 1 })).toThrow(/Response doesn't match the schema|response/i);
  });
});
