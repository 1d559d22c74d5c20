/** Deciding a proposed correction: the body it must be, and the one write that records the decision and logs it. */
import { annotationIndex, articleSchema } from '@factmark/editor';
import type { EditorState, Transaction } from 'prosemirror-state';
import type * as Y from 'yjs';
import { type Actor, AnnotationValidationError, type CorrectionBody } from './bodies.ts';
import { readBody } from './body-layout.ts';
import type { CorrectionLogEntry } from './corrections-log.ts';
import { annotationBodies, correctionsLog } from './layout.ts';

/** Correction `id`'s body while it awaits a decision; a validation error otherwise. */
export function proposedCorrection(doc: Y.Doc, id: string): CorrectionBody {
  const read = readBody(doc, id);
  if (!read?.ok || read.body.kind !== 'correction')
    throw new AnnotationValidationError('id', `There is no correction "${id}"`);
  if (read.body.state !== 'proposed') {
    throw new AnnotationValidationError('state', `The correction was already ${read.body.state}`);
  }
  return read.body;
}

/** The article text an acceptance wrote: its Yjs client and clock range. */
export type WrittenText = NonNullable<CorrectionLogEntry['replaced']>;

/**
 * The write that records `decision` on correction `id` and appends it to the
 * corrections log; run it inside the transaction that carries the decision
 * (with the article's change, for an acceptance: then `replaced` names the
 * text the acceptance wrote).
 */
export function decision(
  id: string,
  body: CorrectionBody,
  decision: 'accepted' | 'rejected',
  actor: Actor,
  now: Date,
): (doc: Y.Doc, replaced?: WrittenText) => void {
  const time = now.toISOString();
  const entry: CorrectionLogEntry = {
    correctionId: id,
    decision,
    original: body.original,
    proposed: body.proposed,
    category: body.category,
    decidedBy: actor,
    decidedAt: time,
  };
  return (doc, replaced) => {
    const map = annotationBodies(doc).get(id);
    if (!map) return;
    map.set('state', decision);
    map.set('decidedBy', actor);
    map.set('decidedAt', time);
    map.set('updatedAt', time);
    map.set('updatedBy', actor);
    correctionsLog(doc).push([replaced ? { ...entry, replaced } : entry]);
  };
}

/**
 * The transaction that accepts correction `id`: its span's text becomes the
 * proposed text, keeping the span's marks (so the correction stays on its own
 * span); with the text it replaces as the acceptor's editor has it now (a
 * colleague's words not received yet are not in it: the log and the decision
 * repair must not count them as replaced). A validation error when no text of
 * the span is left.
 */
export function acceptanceOf(
  state: EditorState,
  id: string,
  body: CorrectionBody,
): { tr: Transaction; replacing: string } {
  const ranges = annotationIndex(state).rangesOf(id);
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  if (!first || !last) throw new AnnotationValidationError('id', 'The correction has no text left to replace');
  const marks = state.doc.nodeAt(first.from)?.marks ?? [];
  const tr = state.tr;
  const replacing = state.doc.textBetween(first.from, last.to, '\n');
  if (body.proposed === '') tr.delete(first.from, last.to);
  else tr.replaceWith(first.from, last.to, articleSchema.text(body.proposed, marks));
  return { tr, replacing };
}
