import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { annotationBodySchema, messageSchema } from './bodies.ts';
import { onFirstUse } from './on-first-use.ts';
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
    expect(annotationBodySchema).toBeInstanceOf(z.ZodLazy);
  });

  it('names the publication fields as its schema has them (the list is written out, the schema built on first use)', () => {
    expect([...PUBLICATION_FIELDS].sort()).toEqual(Object.keys(publicationSchema.unwrap().shape).sort());
  });
});
