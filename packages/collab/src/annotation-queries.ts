/** Queries over a bound editor and its Y.Doc: each annotation's entry (span text and body), orphans, invalid bodies. */
import { type AnnotationKind, type AnnotationRange, annotationIndex } from '@factmark/editor';
import { lastAtOrBefore } from '@factmark/editor/sorted';
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
 * A document's top-level blocks and where each starts, with a binary search
 * for the block holding a position (the document's own `resolve` and
 * `childAfter` scan its blocks from the first).
 */
export class TopLevelBlocks {
  readonly nodes: PMNode[] = [];
  readonly starts: number[] = [];

  constructor(doc: PMNode) {
    doc.forEach((node, offset) => {
      this.nodes.push(node);
      this.starts.push(offset);
    });
  }

  /** The index of the block holding `pos`: the last one starting at or before it. */
  at(pos: number): number {
    return Math.max(
      0,
      lastAtOrBefore(this.starts.length, (i) => this.starts[i] as number, pos),
    );
  }

  /** The block that holds every one of `ranges`, or undefined when they lie in more than one (or there are none). */
  holding(ranges: readonly AnnotationRange[]): BlockAt | undefined {
    const first = ranges[0];
    if (!first) return undefined;
    const i = this.at(first.from);
    const node = this.nodes[i];
    const start = this.starts[i];
    if (!node || start === undefined) return undefined;
    const end = start + node.nodeSize;
    return ranges.every((r) => r.from >= start && r.to <= end) ? { node, start } : undefined;
  }
}

/** How {@link rangesText} joins: between blocks, for a leaf node (a line break), between ranges. */
export interface TextSeparators {
  block: string;
  leaf: string;
  ranges: string;
}

/** A span's text as the margin shows it: blocks and ranges joined by a space or a line. */
const AS_SHOWN: TextSeparators = { block: '\n', leaf: ' ', ranges: ' ' };

/**
 * The text `ranges` cover in `doc` (by default as the margin shows it). With
 * `block`, a top-level block that holds every range, it is read from that
 * block alone: the document's own `textBetween` walks its blocks from the
 * first, which for thousands of spans of a long article costs more than the
 * rest of deriving them.
 */
export function rangesText(
  doc: PMNode,
  ranges: readonly AnnotationRange[],
  block?: BlockAt,
  separators: TextSeparators = AS_SHOWN,
): string {
  const inside =
    block !== undefined && ranges.every((r) => r.from > block.start && r.to < block.start + block.node.nodeSize);
  const offset = inside ? block.start + 1 : 0;
  const node = inside ? block.node : doc;
  return ranges
    .map((r) => node.textBetween(r.from - offset, r.to - offset, separators.block, separators.leaf))
    .join(separators.ranges);
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
