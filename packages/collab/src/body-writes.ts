/** Writing an annotation body: one validated change of its fields (and its thread), and a new thread message. */
import type { AnnotationKind } from '@factmark/editor';
import * as Y from 'yjs';
import {
  type Actor,
  AnnotationValidationError,
  bodyJSON,
  type Message,
  messageSchema,
  validateBody,
} from './bodies.ts';
import { annotationBodies } from './layout.ts';
import { LOCAL_ORIGIN } from './y-prosemirror-seam.ts';

/** A thread message by `actor`, validated (a validation error names the text when it is empty or too long). */
export function newMessage(id: string, actor: Actor, text: string, now: Date): Message {
  const parsed = messageSchema.safeParse({ id, author: actor, text, createdAt: now.toISOString() });
  if (!parsed.success) throw new AnnotationValidationError('text', parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

/**
 * Set `patch` on annotation `id`'s body (and run `extra` on its map), stamped
 * with who and when, in one local transaction. Validates the whole body as it
 * would be first, and refuses an annotation of another kind than `kinds`
 * (null: any kind).
 */
export function changeBody(
  doc: Y.Doc,
  id: string,
  kinds: AnnotationKind | AnnotationKind[] | null,
  patch: Record<string, unknown>,
  by: { actor: Actor; at: Date },
  extra?: (map: Y.Map<unknown>) => void,
): void {
  const map = annotationBodies(doc).get(id);
  if (!(map instanceof Y.Map)) throw new AnnotationValidationError('id', `There is no annotation "${id}"`);
  const current = bodyJSON(map);
  const allowed = kinds === null ? null : Array.isArray(kinds) ? kinds : [kinds];
  if (allowed && !allowed.includes(current.kind as AnnotationKind)) {
    throw new AnnotationValidationError(
      'kind',
      `Annotation "${id}" is a ${String(current.kind)}, not a ${allowed.join(' or ')}`,
    );
  }
  const time = by.at.toISOString();
  validateBody({ ...current, ...patch, updatedAt: time, updatedBy: by.actor });
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) map.set(key, value);
    extra?.(map);
    map.set('updatedAt', time);
    map.set('updatedBy', by.actor);
  }, LOCAL_ORIGIN);
}
