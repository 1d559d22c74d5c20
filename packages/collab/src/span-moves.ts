/** Transactions that take an annotation's marks off its span, or move them to the selection. */
import {
  type AnnotationKind,
  type AnnotationRange,
  annotationIndex,
  articleSchema,
  rangesBetween,
} from '@factmark/editor';
import type { EditorState, Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { anchorsFor, writeAnchors } from './anchors.ts';
import { type Actor, AnnotationValidationError } from './bodies.ts';
import { annotationBodies } from './layout.ts';
import { transactWithArticle } from './y-prosemirror-seam.ts';

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

/**
 * Move annotation `id`'s marks to the editor's selection, with fresh anchors
 * (all three fields) and the change stamped, in one Yjs transaction.
 */
export function moveToSelection(view: EditorView, id: string, kind: AnnotationKind, by: { actor: Actor; at: Date }) {
  const state = view.state;
  const { tr, ranges } = reattachment(state, id, kind);
  transactWithArticle(view, tr, (doc) => {
    const map = annotationBodies(doc).get(id);
    if (!map) return;
    // Anchors for the new span, in the current Yjs state (positions are unchanged by adding a mark).
    const anchors = anchorsFor(state, ranges);
    if (anchors) writeAnchors(map, anchors);
    map.set('updatedAt', by.at.toISOString());
    map.set('updatedBy', by.actor);
  });
}
