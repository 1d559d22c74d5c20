/** Transactions that take an annotation's marks off its span, or move them to the selection. */
import {
  type AnnotationKind,
  type AnnotationRange,
  annotationIndex,
  articleSchema,
  rangesBetween,
} from '@factmark/editor';
import type { EditorState, Transaction } from 'prosemirror-state';
import { AnnotationValidationError } from './bodies.ts';

/** The transaction that removes annotation `id`'s marks from `ranges`. */
export function removal(
  state: EditorState,
  id: string,
  kind: AnnotationKind,
  ranges: readonly AnnotationRange[],
): Transaction {
  const tr = state.tr;
  const mark = articleSchema.marks[kind].create({ id });
  for (const r of ranges) tr.removeMark(r.from, r.to, mark);
  return tr;
}

/**
 * The transaction that moves annotation `id`'s marks to the selection, with
 * the span's new ranges. A validation error when the selection holds no text.
 */
export function reattachment(
  state: EditorState,
  id: string,
  kind: AnnotationKind,
): { tr: Transaction; ranges: AnnotationRange[] } {
  if (state.selection.empty) throw new AnnotationValidationError('selection', 'Select some text first');
  const tr = removal(state, id, kind, annotationIndex(state).rangesOf(id));
  tr.addMark(state.selection.from, state.selection.to, articleSchema.marks[kind].create({ id }));
  const ranges = rangesBetween(tr.doc, id, state.selection.from, state.selection.to);
  if (ranges.length === 0) throw new AnnotationValidationError('selection', 'The selection holds no text');
  return { tr, ranges };
}
