/**
 * Settling a doubtful anchoring an import left for a person (a body's `review`): place the annotation on one of
 * the candidates, keep it where it was placed approximately, or leave it unplaced. The choice clears `review` in a
 * stamped change of the body, so the server's audit trail records who decided and when.
 */
import { annotationIndex } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { type Actor, AnnotationValidationError, type Review } from './bodies.ts';
import { readBody } from './body-layout.ts';
import { changeBody, GONE } from './body-writes.ts';
import { moveToSelection, removal } from './span-moves.ts';
import { type ArticlePositions, absoluteAt, detachedPositions, relativeAt } from './y-prosemirror-positions.ts';
import { articlePositions, transactWithArticle } from './y-prosemirror-seam.ts';

/** What a person decided: place it on candidate `place`, keep it where it is, or leave it without a place. */
export type ReviewChoice = { place: number } | 'keep' | 'unplace';

/** A candidate's range in the editor now, or null when its text is gone. */
export function candidateRange(
  state: EditorState,
  candidate: Review['candidates'][number],
): { from: number; to: number } | null {
  const positions = articlePositions(state);
  if (!positions) return null;
  // Stored by whoever wrote the body: a malformed position names no place, it does not throw.
  const at = (json: Record<string, unknown>) => {
    try {
      return absoluteAt(positions, Y.createRelativePositionFromJSON(json));
    } catch {
      return null;
    }
  };
  const from = at(candidate.start);
  const last = at(candidate.end);
  return from !== null && last !== null && from <= last ? { from, to: last + 1 } : null;
}

/**
 * For code that writes the article without an editor (imports): how a candidate in `article` (once the content of
 * `fragment`) stores its range.
 */
export function detachedCandidates(doc: Y.Doc, fragment: Y.XmlFragment, article: PMNode) {
  const positions = detachedPositions(doc, fragment, article);
  return (from: number, to: number) => candidatePositions(positions, from, to);
}

/** How a candidate stores the range `[from, to)`: Yjs relative positions of its first and last character. */
function candidatePositions(positions: ArticlePositions, from: number, to: number) {
  return {
    start: Y.relativePositionToJSON(relativeAt(positions, from)) as Record<string, unknown>,
    end: Y.relativePositionToJSON(relativeAt(positions, to - 1)) as Record<string, unknown>,
  };
}

/** Settle annotation `id`'s review with `choice`, as `by`; refused in words when there is nothing to settle. */
export function settleReview(view: EditorView, by: { actor: Actor; at: Date }, id: string, choice: ReviewChoice): void {
  const doc = articlePositions(view.state)?.doc;
  const read = doc ? readBody(doc, id) : null;
  if (!doc || !read?.ok) throw new AnnotationValidationError('id', GONE);
  const { body } = read;
  if (!body.review) throw new AnnotationValidationError('review', 'Nothing is left to decide about this annotation');
  if (typeof choice === 'object') {
    const candidate = body.review.candidates[choice.place];
    const range = candidate ? candidateRange(view.state, candidate) : null;
    if (!range) throw new AnnotationValidationError('review', 'That place is no longer in the article');
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)));
    moveToSelection(view, id, body.kind, by);
  } else if (choice === 'unplace') {
    const ranges = annotationIndex(view.state).rangesOf(id);
    if (ranges.length > 0) transactWithArticle(view, removal(view.state, id, body.kind, ranges), () => {});
  }
  changeBody(doc, id, null, { review: null }, by);
}
