/** Annotation ids: random, from a fixed alphabet, and the check of their shape. */
import { customAlphabet } from 'nanoid';

/** Annotation ids: 16 characters from a URL- and attribute-safe alphabet. */
const makeId = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 16);

/** A fresh, random annotation id (about 82 bits of entropy). */
export function newAnnotationId(): string {
  return makeId();
}

/** True when `id` has the shape of an annotation id. */
export function isAnnotationId(id: unknown): id is string {
  return typeof id === 'string' && /^[0-9a-z]{16}$/.test(id);
}
