/**
 * Thread messages as collaborative text. A message is a Y.Map in its annotation's `thread` array — `id`, `author`,
 * `createdAt` (and `editedAt` once edited) as plain values, its `text` a Y.Text — so its author (or an editor)
 * edits it by difference, and two edits at once merge character by character like any shared field. Messages
 * posted before this layout are plain objects; they become maps when first edited, or when the server loads
 * the document ({@link migrateMessages}).
 */
import * as Y from 'yjs';
import { AnnotationValidationError, issueWords, messageSchema, messageToYMap } from './bodies.ts';

/** A message named as a text field of its annotation: `message:<id>` (what a bound input and its caret key on). */
export type MessageField = `message:${string}`;

/** The field key of message `messageId`. */
export function messageField(messageId: string): MessageField {
  return `message:${messageId}`;
}

/** The message id a field key names, or null when it names no message. */
export function messageIdOf(field: string): string | null {
  return field.startsWith('message:') ? field.slice('message:'.length) : null;
}

/** The plain fields of a message map besides its text. */
export const MESSAGE_VALUES: ReadonlySet<string> = new Set(['id', 'author', 'createdAt', 'editedAt']);

/** True for a Y.Map that sits in an annotation's thread (a message). */
export function isMessageMap(type: unknown): type is Y.Map<unknown> {
  if (!(type instanceof Y.Map)) return false;
  const list = type._item?.parent;
  return list instanceof Y.Array && list._item?.parentSub === 'thread';
}

/** The index of message `messageId` in `thread`, or -1. */
function indexOf(thread: Y.Array<unknown>, messageId: string): number {
  return thread
    .toArray()
    .findIndex((m) => (m instanceof Y.Map ? m.get('id') : (m as { id?: unknown })?.id) === messageId);
}

/** The map of message `messageId`, turning a plain (older) message into one in place; null when there is none. */
export function messageMap(thread: Y.Array<unknown>, messageId: string): Y.Map<unknown> | null {
  const at = indexOf(thread, messageId);
  if (at < 0) return null;
  const found = thread.get(at);
  if (found instanceof Y.Map) return found;
  const parsed = messageSchema.safeParse(found);
  if (!parsed.success) return null;
  const map = messageToYMap(parsed.data);
  thread.delete(at, 1);
  thread.insert(at, [map]);
  return map;
}

/** The collaborative text of message `messageId` in `thread` (null when it is missing or still plain). */
export function messageText(thread: unknown, messageId: string): Y.Text | null {
  if (!(thread instanceof Y.Array)) return null;
  const at = indexOf(thread, messageId);
  const found = at < 0 ? null : thread.get(at);
  const text = found instanceof Y.Map ? found.get('text') : null;
  return text instanceof Y.Text ? text : null;
}

/** Refuse, in words, a message text that is empty or too long (what posting refuses). */
export function checkMessageText(text: string): void {
  const parsed = messageSchema.unwrap().shape.text.safeParse(text);
  if (!parsed.success) throw new AnnotationValidationError('text', issueWords(parsed.error.issues[0]));
}

/**
 * Turn every plain message of `bodies` (documents written before messages were collaborative) into a map with
 * the same fields, in one transaction of `origin`. Returns how many it turned.
 */
export function migrateMessages(doc: Y.Doc, bodies: Y.Map<Y.Map<unknown>>, origin: unknown): number {
  let turned = 0;
  doc.transact(() => {
    bodies.forEach((body) => {
      const thread = body instanceof Y.Map ? body.get('thread') : null;
      if (!(thread instanceof Y.Array)) return;
      for (const m of thread.toArray()) {
        if (m instanceof Y.Map) continue;
        const id = (m as { id?: unknown })?.id;
        if (typeof id === 'string' && messageMap(thread, id)) turned++;
      }
    });
  }, origin);
  return turned;
}
