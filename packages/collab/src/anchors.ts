/** Anchors: each span's first and last character as Yjs relative positions, to tell a span's own text from text that grew into it. */
import type { AnnotationRange } from '@factmark/editor';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import * as Y from 'yjs';
import {
  type ArticlePositions,
  detachedPositions,
  type PositionResolver,
  positionResolver,
  relativeAt,
  relativePositioner,
} from './y-prosemirror-positions.ts';
import { articlePositions } from './y-prosemirror-seam.ts';

/**
 * Anchors: each annotation body keeps the Yjs relative positions of its span's
 * first and last character. Yjs may let a mark created concurrently with
 * typing at its edge grow over the typed text (the format markers and the new
 * characters land in an order set by client ids). The anchors say where the
 * span really starts and ends, so the growth can be trimmed after sync.
 *
 * An anchor whose character was deleted (by an edit, or because splitting or
 * joining paragraphs re-created the text) is stale: it bounds nothing until
 * {@link anchorsFor} writes a fresh one.
 */
export interface Anchors {
  anchorStart: Uint8Array;
  anchorEnd: Uint8Array;
  /**
   * What text the span knows as its own: the creator's Yjs state vector at
   * creation for the clients whose items the span's text is made of (and the
   * creator), extended with what each client that refreshed the anchors wrote
   * itself. Where an anchor is stale, text at that edge of the span typed
   * outside this state is growth.
   */
  anchorSv: Uint8Array;
}

/** Anchors for a span whose ranges are `ranges` (sorted), in the editor's current document. */
export function anchorsFor(state: EditorState, ranges: readonly AnnotationRange[]): Anchors | null {
  const binding = articlePositions(state);
  return binding ? anchorsIn(binding, ranges) : null;
}

/**
 * Anchors for spans of `article` once it is the content of `fragment`, for code
 * that writes the article without an editor (imports and revisions on the
 * server): the first and last character of each span are found in the Yjs
 * text the way the editor's binding finds them. Returns a function of a span's
 * ranges; call it inside the transaction that wrote the article, or after.
 */
export function detachedAnchors(
  doc: Y.Doc,
  fragment: Y.XmlFragment,
  article: PMNode,
): (ranges: readonly AnnotationRange[]) => Anchors | null {
  const positions = detachedPositions(doc, fragment, article);
  // Thousands of spans in one article (an import): the blocks' sizes summed once, not walked for each anchor.
  const relativeOf = relativePositioner(positions);
  return (ranges) => anchorsIn(positions, ranges, relativeOf);
}

function anchorsIn(
  binding: ArticlePositions,
  ranges: readonly AnnotationRange[],
  relativeOf: (pos: number) => Y.RelativePosition = (pos) => relativeAt(binding, pos),
): Anchors | null {
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  if (!first || !last) return null;
  const start = relativeOf(first.from);
  const end = relativeOf(last.to - 1);
  return {
    anchorStart: Y.encodeRelativePosition(start),
    anchorEnd: Y.encodeRelativePosition(end),
    anchorSv: Y.encodeStateVector(spanState(binding.doc, start.item, end.item)),
  };
}

/**
 * The part of `doc`'s state vector a span's anchors need: the clients whose
 * items the span's text is made of (walked from its first character towards
 * its last, and back), and this client. Text of any other client that later
 * stands at a stale edge was not the span's when it was created, so it reads
 * as typed outside the span's state either way; storing the whole state
 * vector would instead cost every annotation a few bytes for every session
 * that ever wrote to the document.
 */
function spanState(doc: Y.Doc, first: Y.ID | null, last: Y.ID | null): Map<number, number> {
  const clients = new Set<number>([doc.clientID]);
  const contains = (item: Y.Item, id: Y.ID) =>
    item.id.client === id.client && item.id.clock <= id.clock && id.clock < item.id.clock + item.length;
  const walk = (from: Y.ID | null, to: Y.ID | null, step: (item: Y.Item) => Y.Item | null) => {
    if (!from) return;
    let item: Y.Item | null = null;
    try {
      item = Y.getItem(doc.store, from) as Y.Item;
    } catch {
      return;
    }
    for (; item !== null; item = step(item)) {
      clients.add(item.id.client);
      if (to && contains(item, to)) return;
    }
  };
  walk(first, last, (item) => item.right);
  walk(last, first, (item) => item.left);
  const out = new Map<number, number>();
  for (const client of clients) {
    const clock = Y.getState(doc.store, client);
    if (clock > 0) out.set(client, clock);
  }
  return out;
}

/** The body field that holds a span's anchors, packed (see {@link packAnchors}). */
export const ANCHORS_FIELD = 'anchors';
/** The three fields documents from before kept the anchors in (read, and packed by `migrateBodies`). */
export const LEGACY_ANCHOR_FIELDS = ['anchorStart', 'anchorEnd', 'anchorSv'] as const;

/**
 * The three anchors as one value: each as a length-prefixed byte string. One
 * field instead of three saves two map entries per annotation (about 40 bytes
 * of the document's state each time), and makes a write of the anchors one
 * value that concurrent writers win or lose whole.
 */
export function packAnchors(anchors: Anchors): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint8Array(encoder, anchors.anchorStart);
  encoding.writeVarUint8Array(encoder, anchors.anchorEnd);
  encoding.writeVarUint8Array(encoder, anchors.anchorSv);
  return encoding.toUint8Array(encoder);
}

/** The anchors packed in `packed`, or null when it is not three byte strings and nothing more. */
export function unpackAnchors(packed: unknown): Anchors | null {
  if (!(packed instanceof Uint8Array)) return null;
  try {
    const decoder = decoding.createDecoder(packed);
    const anchorStart = decoding.readVarUint8Array(decoder);
    const anchorEnd = decoding.readVarUint8Array(decoder);
    const anchorSv = decoding.readVarUint8Array(decoder);
    return decoding.hasContent(decoder) ? null : { anchorStart, anchorEnd, anchorSv };
  } catch {
    return null;
  }
}

/** A body's anchors as stored: packed, or in the three fields of documents from before. */
export function readAnchors(map: Y.Map<unknown>): Partial<Anchors> {
  const packed = unpackAnchors(map.get(ANCHORS_FIELD));
  if (packed) return packed;
  const [start, end, sv] = LEGACY_ANCHOR_FIELDS.map((key) => map.get(key));
  return {
    anchorStart: start instanceof Uint8Array ? start : undefined,
    anchorEnd: end instanceof Uint8Array ? end : undefined,
    anchorSv: sv instanceof Uint8Array ? sv : undefined,
  };
}

/**
 * Write a span's anchors into its body: one packed value, so concurrent
 * writers of a body's anchors win or lose them together and a body never
 * ends up with one writer's first character, another's last, or a third's
 * state vector. The fields of the layout from before go.
 */
export function writeAnchors(map: Y.Map<unknown>, anchors: Anchors): void {
  map.set(ANCHORS_FIELD, packAnchors(anchors));
  for (const key of LEGACY_ANCHOR_FIELDS) if (map.has(key)) map.delete(key);
}

/**
 * The state vector to store with anchors rewritten after a local change: the
 * previous one plus everything this client has written. Text other peers typed
 * concurrently stays unknown, so a refresh never makes their text the span's
 * own; text this client wrote (typed inside, or re-created by a split or join)
 * is.
 */
export function extendStateVector(previous: Uint8Array | undefined, doc: Y.Doc): Uint8Array {
  let known: Map<number, number>;
  try {
    known =
      previous instanceof Uint8Array ? Y.decodeStateVector(previous) : Y.decodeStateVector(Y.encodeStateVector(doc));
  } catch {
    known = Y.decodeStateVector(Y.encodeStateVector(doc));
  }
  known.set(doc.clientID, Y.getState(doc.store, doc.clientID));
  return Y.encodeStateVector(known);
}

/**
 * True when the character after `pos` was inserted after the state vector
 * `sv` (so its author typed it without having seen that state). False for
 * characters `sv` covers, and when it cannot tell.
 */
export function typedAfter(state: EditorState, pos: number, sv: Map<number, number>): boolean {
  const binding = articlePositions(state);
  if (!binding) return false;
  const item = relativeAt(binding, pos).item;
  return item !== null && item.clock >= (sv.get(item.client) ?? 0);
}

/**
 * True when both anchors still name live characters: the span's first and
 * last character have been neither deleted nor re-created since the anchors
 * were written. Cheap (no walk over the document).
 */
export function anchorsLive(doc: Y.Doc, anchors: Partial<Anchors>): boolean {
  for (const encoded of [anchors.anchorStart, anchors.anchorEnd]) {
    if (!(encoded instanceof Uint8Array)) return false;
    try {
      const rel = Y.decodeRelativePosition(encoded);
      if (!rel.item || Y.getItem(doc.store, rel.item).deleted) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Where the anchors put the span now: `from` before the first character, `to` after the last; null for a stale side. */
export interface AnchorBounds {
  from: number | null;
  to: number | null;
}

function resolve(state: EditorState, doc: Y.Doc, at: PositionResolver, encoded: Uint8Array | undefined): number | null {
  if (!(encoded instanceof Uint8Array)) return null;
  let rel: Y.RelativePosition;
  try {
    rel = Y.decodeRelativePosition(encoded);
  } catch {
    return null;
  }
  if (!rel.item) return null;
  try {
    const item = Y.getItem(doc.store, rel.item);
    if (item.deleted) return null;
  } catch {
    return null; // Not received yet.
  }
  const pos = at(rel);
  return pos === null || pos < 0 || pos > state.doc.content.size ? null : pos;
}

/**
 * Resolve bodies' anchors in the editor's current document, as many as asked, while its text does not change (a
 * loop over spans that writes only anchors, or dispatches after it): where the document's blocks start is worked out
 * once for them all.
 */
export function anchorBoundsIn(state: EditorState): (anchors: Partial<Anchors>) => AnchorBounds {
  const binding = articlePositions(state);
  if (!binding) return () => ({ from: null, to: null });
  const at = positionResolver(binding);
  return (anchors) => {
    const from = resolve(state, binding.doc, at, anchors.anchorStart);
    const last = resolve(state, binding.doc, at, anchors.anchorEnd);
    return { from, to: last === null ? null : last + 1 };
  };
}

/** True when the two anchors encode the same positions. */
export function sameAnchors(a: Partial<Anchors>, b: Pick<Anchors, 'anchorStart' | 'anchorEnd'>): boolean {
  const eq = (x: Uint8Array | undefined, y: Uint8Array) =>
    x instanceof Uint8Array && x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.anchorStart, b.anchorStart) && eq(a.anchorEnd, b.anchorEnd);
}

/** The parts of `ranges` outside `bounds`: what grew beyond the span's first or last character. */
export function excessRanges(ranges: readonly AnnotationRange[], bounds: AnchorBounds): AnnotationRange[] {
  const out: AnnotationRange[] = [];
  for (const r of ranges) {
    if (bounds.from !== null && r.from < bounds.from) out.push({ from: r.from, to: Math.min(r.to, bounds.from) });
    if (bounds.to !== null && r.to > bounds.to) out.push({ from: Math.max(r.from, bounds.to), to: r.to });
  }
  return out.filter((r) => r.from < r.to);
}
