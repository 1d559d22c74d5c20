/** The request schemas the routes check with (@factmark/api's, shared with the typed client) and the parse that answers a 400 in words. */
import { REQUESTS } from '@factmark/api';
import { FactmarkError } from '@factmark/editor';
import type { z } from 'zod';

/** Every request schema, by what it reads. */
export const schemas = REQUESTS;

/** `body` read with `schema`; an `invalid_body` error naming the first bad field otherwise. */
export function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new FactmarkError('invalid_body', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
}
