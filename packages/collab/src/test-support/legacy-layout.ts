/** Bodies laid out as documents from before the compact layout stored them (for migration tests and the size benchmark). */
import * as Y from 'yjs';
import { type AnnotationBody, ARRAY_FIELDS, isTextField, type Message, messageToYMap } from '../bodies.ts';

/**
 * A body's Y.Map in the layout from before: every field stored, its id and
 * last-change stamps included, the anchors in three binary fields.
 */
export function legacyBodyMap(body: AnnotationBody): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (key === 'thread') map.set(key, Y.Array.from((value as Message[]).map(messageToYMap)));
    else if (ARRAY_FIELDS.has(key)) map.set(key, Y.Array.from(value as never[]));
    else if (isTextField(key) && typeof value === 'string') map.set(key, new Y.Text(value));
    else map.set(key, value);
  }
  return map;
}
