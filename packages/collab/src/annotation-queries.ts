/** Queries over a bound editor and its Y.Doc: each annotation's entry (span text and body), orphans, invalid bodies. */
import { type AnnotationKind, type AnnotationRange, annotationIndex } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import type * as Y from 'yjs';
import { type AnnotationBody, AnnotationValidationError } from './bodies.ts';
import { type BodyRead, readBody } from './body-layout.ts';
import type { ClaimSpan } from './citation-links.ts';
import { annotationBodies } from './layout.ts';

/** An annotation as queries return it: where it is, what it covers now, and its body. */
export interface AnnotationEntry {
  id: string;
  kind: AnnotationKind;
  ranges: readonly AnnotationRange[];
  /** The text it covers now (ranges joined by a space). */
  text: string;
  /** The body, or null when it is missing or invalid (see `error`). */
  body: AnnotationBody | null;
  error?: string;
}

/** A top-level block of a document and the position it starts at. */
export interface BlockAt {
  node: PMNode;
  start: number;
}

/**
 * The text `ranges` cover in `doc`, joined by a space. With `block`, a
 * top-level block that holds every range, it is read from that block alone:
 * the document's own `textBetween` walks its blocks from the first, which
 * for thousands of spans of a long article costs more than the rest of
 * deriving them.
 */
export function rangesText(doc: PMNode, ranges: readonly AnnotationRange[], block?: BlockAt): string {
  const inside =
    block !== undefined && ranges.every((r) => r.from > block.start && r.to < block.start + block.node.nodeSize);
  const offset = inside ? block.start + 1 : 0;
  const node = inside ? block.node : doc;
  return ranges.map((r) => node.textBetween(r.from - offset, r.to - offset, '\n', ' ')).join(' ');
}

/**
 * The entry for an annotation found in `doc`, given the result of reading its
 * body: the text its ranges cover now, the body, or why there is none. `block`:
 * the top-level block that holds its ranges, when the caller knows it (see
 * {@link rangesText}).
 */
export function annotationEntry(
  doc: PMNode,
  found: { id: string; kind: AnnotationKind; ranges: readonly AnnotationRange[] },
  read: BodyRead | null,
  block?: BlockAt,
): AnnotationEntry {
  const { id, kind, ranges } = found;
  return {
    id,
    kind,
    ranges,
    text: rangesText(doc, ranges, block),
    body: read?.ok ? read.body : null,
    ...(read && !read.ok ? { error: read.error } : read ? {} : { error: 'body: missing' }),
  };
}

/** A body whose span was deleted entirely: it can be re-attached to a new selection or removed. */
export interface Orphan {
  id: string;
  body: AnnotationBody;
  /** The last text the span covered (the quote at creation when it was already gone on load). */
  lastText: string;
}

/** Bodies in `doc` whose span was deleted entirely from `state` (accepted corrections that deleted their text are not orphans), oldest first. */
export function orphansOf(state: EditorState, doc: Y.Doc): Orphan[] {
  const index = annotationIndex(state);
  const out: Orphan[] = [];
  annotationBodies(doc).forEach((_, id) => {
    if (index.has(id)) return;
    const read = readBody(doc, id);
    if (!read?.ok) return;
    if (read.body.kind === 'correction' && read.body.state === 'accepted') return;
    out.push({ id, body: read.body, lastText: index.vanished.get(id)?.lastText ?? read.body.quote });
  });
  return out.sort((a, b) => a.body.createdAt.localeCompare(b.body.createdAt) || a.id.localeCompare(b.id));
}

/**
 * What is inconsistent, with the reason: bodies that fail validation (e.g.
 * written by a misbehaving peer) and marks in `state` whose body is missing
 * (until the repair removes them, or on a peer whose role does not repair).
 */
export function invalidAnnotations(state: EditorState, doc: Y.Doc): { id: string; error: string }[] {
  const out: { id: string; error: string }[] = [];
  annotationBodies(doc).forEach((_, id) => {
    const read = readBody(doc, id);
    if (read && !read.ok) out.push({ id, error: read.error });
  });
  const bodies = annotationBodies(doc);
  for (const { id } of annotationIndex(state).inDocumentOrder()) {
    if (!bodies.has(id)) out.push({ id, error: 'a mark without a body' });
  }
  return out;
}

/** Every claim with its span's ranges (what {@link claimAround} and {@link citedClaimIds} take). */
export function claimSpans(state: EditorState): ClaimSpan[] {
  return [...annotationIndex(state).byId].flatMap(([id, e]) => (e.kind === 'claim' ? [{ id, ranges: e.ranges }] : []));
}

/** Refuse (naming the field) a claim id that is no claim of `doc` (a citation's link). */
export function requireClaim(doc: Y.Doc, claimId: string): void {
  const read = readBody(doc, claimId);
  if (!read?.ok || read.body.kind !== 'claim') throw new AnnotationValidationError('claimId', 'That claim is gone');
}
