/** Annotation ids: random, from a fixed alphabet, the check of their shape, and the class a highlight carries. */
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

/** What the server accepts as an annotation id in a mark or a body: 1 to 100 letters, digits, `_` and `-`. */
export const ANNOTATION_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The class a highlight of annotation `id` carries beside its kind's (null for an id the server would refuse):
 * a style rule for one annotation names it by this class, which the browser finds by name, and not by its
 * `data-` attribute, which it tests against every such rule for every highlight on every style recalculation
 * (with 5,000 verdict rules, seven times the cost of laying out the article).
 */
export function annotationClass(id: string): string | null {
  return ANNOTATION_ID.test(id) ? `fm-a-${id}` : null;
}
