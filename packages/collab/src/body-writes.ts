/** Writing an annotation body: one validated change of its fields (text fields by their difference), a new thread message, and the migration of text fields stored as strings. */
import type { AnnotationKind } from '@factmark/editor';
import * as Y from 'yjs';
import {
  type Actor,
  AnnotationValidationError,
  issueWords,
  isTextField,
  type Message,
  messageSchema,
  TEXT_FIELDS,
  type TextField,
  validateBody,
} from './bodies.ts';
import { bodyField, bodyJSON, compactLegacyBody } from './body-layout.ts';
import { describeAnnotation } from './gate/refusal.ts';
import { annotationBodies } from './layout.ts';
import {
  checkMessageText,
  type MessageField,
  messageIdOf,
  messageMap,
  messageText,
  migrateMessages,
} from './messages.ts';
import { sharedEnds } from './text-ends.ts';
import { LOCAL_ORIGIN } from './y-prosemirror-seam.ts';

/** A thread message by `actor`, validated (a validation error names the text when it is empty or too long). */
export function newMessage(id: string, actor: Actor, text: string, now: Date): Message {
  const parsed = messageSchema.safeParse({ id, author: actor, text, createdAt: now.toISOString() });
  if (!parsed.success) throw new AnnotationValidationError('text', issueWords(parsed.error.issues[0]));
  return parsed.data;
}

/** The words for an annotation that is not there (any more). */
export const GONE = 'This annotation is no longer there: a colleague may have removed it';

function capitalised(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How a change is written: its Yjs origin (the editor's undo history by default), and where text was typed. */
export interface TextEditOptions {
  /** The Yjs transaction origin; a field's own undo history passes its own. */
  origin?: unknown;
  /** The caret after typing, to place the change between equal readings of repeated characters. */
  caret?: number;
}

/**
 * Set `patch` on annotation `id`'s body (and run `extra` on its map), stamped
 * with who and when, in one local transaction. Text fields change by their difference only, so
 * colleagues' concurrent typing in them merges. Validates the whole body as
 * it would be first, and refuses an annotation of another kind than `kinds`
 * (null: any kind).
 */
export function changeBody(
  doc: Y.Doc,
  id: string,
  kinds: AnnotationKind | AnnotationKind[] | null,
  patch: Record<string, unknown>,
  by: { actor: Actor; at: Date },
  extra?: (map: Y.Map<unknown>) => void,
  options: TextEditOptions = {},
): void {
  const { origin = LOCAL_ORIGIN, caret } = options;
  const map = annotationBodies(doc).get(id);
  if (!(map instanceof Y.Map)) throw new AnnotationValidationError('id', GONE);
  const current = bodyJSON(map);
  const allowed = kinds === null ? null : Array.isArray(kinds) ? kinds : [kinds];
  if (allowed && !allowed.includes(current.kind as AnnotationKind)) {
    throw new AnnotationValidationError(
      'kind',
      `${capitalised(describeAnnotation(current))} is not a ${allowed.join(' or ')}`,
    );
  }
  const time = by.at.toISOString();
  validateBody({ ...current, ...patch, updatedAt: time, updatedBy: by.actor });
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      const current = map.get(key);
      if (isTextField(key) && typeof value === 'string') {
        if (current instanceof Y.Text) replaceText(current, value, caret);
        else map.set(key, new Y.Text(value));
      } else map.set(key, value);
    }
    extra?.(map);
    map.set('updatedAt', time);
    map.set('updatedBy', by.actor);
  }, origin);
}

/**
 * Make `text` read `next` with the fewest changes: what the two share at
 * either end stays (and so do colleagues' concurrent edits there); only the
 * middle is deleted and inserted. `caret`, where the change was typed, picks
 * between equal readings of a repeated character.
 */
export function replaceText(text: Y.Text, next: string, caret?: number): void {
  const current = text.toString();
  if (current === next) return;
  // A caret inside the shared start places the edit there (typing "a" after the first "a" of "aa").
  const cap = caret === undefined ? undefined : caret - Math.max(0, next.length - current.length);
  const { prefix, suffix } = sharedEnds(current, next, cap);
  const removed = current.length - prefix - suffix;
  if (removed > 0) text.delete(prefix, removed);
  const inserted = next.slice(prefix, next.length - suffix);
  if (inserted) text.insert(prefix, inserted);
}

/** Which annotations hold each text field. */
const TEXT_FIELD_KINDS: Record<TextField, AnnotationKind[]> = {
  statement: ['claim'],
  rationale: ['claim', 'correction'],
  proposed: ['correction'],
  excerpt: ['citation'],
};

/**
 * Type into a text field of annotation `id`: `next` is the field's whole new
 * text, written as its difference from the current text (`caret`: where the
 * typing happened), stamped with who and when. Refused, with the field's
 * words, when it would go over the field's limit or leave a required field
 * empty, and for a correction's text once it is decided.
 */
export function editTextField(
  doc: Y.Doc,
  id: string,
  field: TextField | MessageField,
  next: string,
  by: { actor: Actor; at: Date },
  options: TextEditOptions = {},
): void {
  const messageId = messageIdOf(field);
  if (messageId !== null) {
    editMessage(doc, id, messageId, next, by, options);
    return;
  }
  if (!isTextField(field)) throw new AnnotationValidationError('field', `"${field}" is not a text field`);
  const map = annotationBodies(doc).get(id);
  if (field === 'proposed' && map instanceof Y.Map && bodyField(map, 'state') !== 'proposed')
    throw new AnnotationValidationError('proposed', 'A decided correction keeps the text it was decided on');
  changeBody(doc, id, TEXT_FIELD_KINDS[field], { [field]: next }, by, undefined, options);
}

/**
 * Edit message `messageId` of annotation `id`'s thread: its text becomes `next`, written as its difference (a
 * colleague editing it at once keeps their words), stamped `editedAt`. Refused in words when the text is empty
 * or too long, or the message is gone. (The server refuses an edit of someone else's message unless the role
 * may change others' work.)
 */
function editMessage(
  doc: Y.Doc,
  id: string,
  messageId: string,
  next: string,
  by: { actor: Actor; at: Date },
  options: TextEditOptions,
): void {
  checkMessageText(next);
  const body = annotationBodies(doc).get(id);
  const thread = body instanceof Y.Map ? body.get('thread') : null;
  if (!(thread instanceof Y.Array)) throw new AnnotationValidationError('id', GONE);
  const exists = (thread.toJSON() as { id?: unknown }[]).some((m) => m?.id === messageId);
  if (!exists) throw new AnnotationValidationError('text', 'This message is no longer there');
  changeBody(
    doc,
    id,
    null,
    {},
    by,
    () => {
      const map = messageMap(thread, messageId);
      const text = map?.get('text');
      if (!map || !(text instanceof Y.Text)) return;
      replaceText(text, next, options.caret);
      map.set('editedAt', by.at.toISOString());
    },
    options,
  );
}

/** The collaborative text of a field of annotation `id` (a prose field or a message); null when there is none. */
export function fieldText(doc: Y.Doc, id: string, field: TextField | MessageField): Y.Text | null {
  const map = annotationBodies(doc).get(id);
  if (!(map instanceof Y.Map)) return null;
  const messageId = messageIdOf(field);
  const value = messageId === null ? map.get(field) : messageText(map.get('thread'), messageId);
  return value instanceof Y.Text ? value : null;
}

/**
 * Bring bodies of documents written before into today's layout, in one
 * transaction of `origin`: text fields stored as plain strings become Y.Text
 * with the same text, plain thread messages become message maps, the three
 * anchor fields become the packed one and the fixed fields one entry
 * (`compactLegacyBody`). Returns how many fields and messages it changed.
 */
export function migrateBodies(doc: Y.Doc, origin: unknown): number {
  let turned = 0;
  doc.transact(() => {
    annotationBodies(doc).forEach((map) => {
      if (!(map instanceof Y.Map)) return;
      turned += compactLegacyBody(map);
      for (const field of TEXT_FIELDS) {
        const value = map.get(field);
        if (typeof value !== 'string') continue;
        map.set(field, new Y.Text(value));
        turned++;
      }
    });
    turned += migrateMessages(doc, annotationBodies(doc), origin);
  }, origin);
  return turned;
}
