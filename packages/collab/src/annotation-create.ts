/** Creating an annotation on the editor's selection: its mark and its validated body in one Yjs transaction. */
import { type AnnotationKind, addAnnotation, rangesBetween, setAnnotationFocus } from '@factmark/editor';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { anchorsFor } from './anchors.ts';
import { type Actor, AnnotationValidationError, validateBody } from './bodies.ts';
import { bodyToYMap } from './body-layout.ts';
import { annotationBodies } from './layout.ts';
import { transactWithArticle } from './y-prosemirror-seam.ts';

/**
 * Where the selection goes once an annotation is made: `keep` — it stays on the new span; `caret` — a caret at the
 * span's start, the new annotation the active one (its card selected). `caret` is what a person marking text wants
 * (the selection toolbar leaves the text, the card shortcut acts on the new annotation), and doing it in the
 * transaction that writes the mark costs one view update and one placing of the DOM selection instead of three.
 */
export type CreatedSelection = 'keep' | 'caret';

/**
 * Mark the selection of `view` as a `kind` annotation `id` by `by.actor`, its body the common fields plus
 * `fields(quote)`; validated before anything is written. Returns the id; refuses an empty selection in words.
 */
export function createAnnotation(
  view: EditorView,
  kind: AnnotationKind,
  id: string,
  by: { actor: Actor; at: Date },
  fields: (quote: string) => Record<string, unknown>,
  selection: CreatedSelection = 'keep',
): string {
  const result = addAnnotation(view.state, kind, id);
  if (!result) throw new AnnotationValidationError('selection', 'Select some text first');
  const { tr, created } = result;
  const time = by.at.toISOString();
  const ranges = rangesBetween(tr.doc, created.id, created.from, created.to);
  const body = validateBody({
    id: created.id,
    kind,
    quote: created.quote,
    author: by.actor,
    createdAt: time,
    updatedAt: time,
    updatedBy: by.actor,
    thread: [],
    ...anchorsFor(view.state, ranges),
    ...fields(created.quote),
  });
  if (selection === 'caret')
    setAnnotationFocus(tr.setSelection(TextSelection.create(tr.doc, created.from)), { active: id });
  transactWithArticle(view, tr.scrollIntoView(), (doc) => annotationBodies(doc).set(created.id, bodyToYMap(body)));
  return created.id;
}
