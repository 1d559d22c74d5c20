import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { annotationBodySchema, messageSchema } from './bodies.ts';
import { onFirstUse, schemaOnFirstUse } from './on-first-use.ts';
import { PUBLICATION_FIELDS, publicationSchema } from './publication.ts';
import { sourceSchema } from './sources.ts';

describe('schemas built on first use', () => {
  it('builds once, on the first call, and gives the same value after', () => {
    let builds = 0;
    const get = onFirstUse(() => ({ built: ++builds }));
    expect(builds).toBe(0);
    const first = get();
    expect(get()).toBe(first);
    expect(builds).toBe(1);
  });

  it('gives one schema for each lazy one: unwrap() is the schema its parses use, with its shape', () => {
    expect(sourceSchema.unwrap()).toBe(sourceSchema.unwrap());
    expect(Object.keys(messageSchema.unwrap().shape)).toContain('text');
    expect(publicationSchema.unwrap().shape.articleUrl.safeParse('ftp://example.org').success).toBe(false);
    expect(annotationBodySchema.safeParse({ kind: 'nothing' }).success).toBe(false);
    expect(annotationBodySchema).toBeInstanceOf(z.ZodMiniLazy);
  });

  it('builds a lazy schema once, when it is first used, and unwrap() gives what it built', () => {
    let builds = 0;
    const schema = schemaOnFirstUse(() => {
      builds++;
      return z.string().check(z.maxLength(3));
    });
    expect(builds).toBe(0);
    expect(schema.safeParse('abcd').success).toBe(false);
    expect(schema.safeParse('abc').success).toBe(true);
    expect(schema.unwrap()).toBe(schema.unwrap());
    expect(builds).toBe(1);
  });

  it('words its issues in English (zod/mini sets no language of its own), and keeps a language set before', () => {
    const tooLong = sourceSchema.unwrap().shape.id.safeParse('x'.repeat(101));
    expect(tooLong.error?.issues[0]?.message).toBe('Too big: expected string to have <=100 characters');
    expect(tooLong.error?.issues[0]?.code).toBe('too_big');
    const set = z.config().localeError;
    const own = () => 'in our words';
    z.config({ localeError: own });
    try {
      const schema = schemaOnFirstUse(() => z.string());
      expect(schema.safeParse(1).error?.issues[0]?.message).toBe('in our words');
    } finally {
      z.config({ localeError: set });
    }
  });

  it('names the publication fields as its schema has them (the list is written out, the schema built on first use)', () => {
    expect([...PUBLICATION_FIELDS].sort()).toEqual(Object.keys(publicationSchema.unwrap().shape).sort());
  });
});
