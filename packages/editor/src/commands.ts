/** The command that marks the selection with a new annotation (the body is written by collab's FactCheck). */
import type { EditorState, Transaction } from 'prosemirror-state';
import { newAnnotationId } from './ids.ts';
import { type AnnotationKind, articleSchema } from './schema.ts';

/** What {@link addAnnotation} created, as read back by callers that write the body. */
export interface CreatedAnnotation {
  kind: AnnotationKind;
  id: string;
  from: number;
  to: number;
  /** The text the span covered when it was created (block boundaries as newlines). */
  quote: string;
}

/**
 * Build a transaction that adds an annotation mark of `kind` over the current
 * selection with a fresh id. Returns null when the selection is empty or covers
 * no text.
 */
export function addAnnotation(
  state: EditorState,
  kind: AnnotationKind,
  id: string = newAnnotationId(),
): { tr: Transaction; created: CreatedAnnotation } | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const quote = state.doc.textBetween(from, to, '\n', ' ');
  if (quote.trim() === '') return null;
  const markType = articleSchema.marks[kind];
  if (!markType) throw new RangeError(`Unknown annotation kind: ${kind}`);
  const tr = state.tr.addMark(from, to, markType.create({ id }));
  return { tr, created: { kind, id, from, to, quote } };
}
