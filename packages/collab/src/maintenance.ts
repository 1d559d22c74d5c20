/** Span maintenance: anchors refreshed inside local edits, growth trimmed after remote ones. */
import { type AnnotationKind, annotationIndex, articleSchema } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import { type EditorState, Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import {
  type AnchorBounds,
  anchorBoundsIn,
  anchorsFor,
  anchorsLive,
  excessRanges,
  extendStateVector,
  readAnchors,
  sameAnchors,
  typedAfter,
  writeAnchors,
} from './anchors.ts';
import { bodyField, bodyKind } from './body-layout.ts';
import { repairDecisions } from './decision-repair.ts';
import { annotationBodies, type BodyMap, correctionsLog } from './layout.ts';
import { boundDoc, isSyncChange, LOCAL_ORIGIN, onLocalWrite } from './y-prosemirror-seam.ts';

/** The annotations among `ids` that cover text and have a body, with what maintenance needs of each. */
function* annotatedSpans(view: EditorView, ids: Iterable<string>) {
  const doc = boundDoc(view.state);
  if (!doc) return;
  const index = annotationIndex(view.state);
  const bodies = annotationBodies(doc);
  for (const id of ids) {
    const map = bodies.get(id);
    const kind = index.kindOf(id);
    if (!kind || !(map instanceof Y.Map)) continue;
    // Ranges cost a walk over the top-level blocks: computed only when asked for.
    yield { id, kind, ranges: () => index.rangesOf(id), map, stored: readAnchors(map), doc };
  }
}

/**
 * After a local change: rewrite the anchors of annotations whose first or
 * last character the change deleted or re-created (splitting and joining
 * paragraphs re-create text). Runs inside the Yjs transaction that carries the
 * change, so no peer ever sees the change without the new anchors. Spans that
 * reach past live anchors are left for {@link repairSpans}.
 */
export function refreshAnchors(view: EditorView, ids: Iterable<string>): void {
  const state = view.state;
  // Writing anchors leaves the article as it is: the spans that need their bounds resolve against one state.
  let boundsOf: ReturnType<typeof anchorBoundsIn> | null = null;
  for (const span of annotatedSpans(view, ids)) {
    const { map, stored, doc } = span;
    // A local edit moves a span's edge only by deleting or re-creating its first or last character.
    if (anchorsLive(doc, stored)) continue;
    const ranges = span.ranges();
    boundsOf ??= anchorBoundsIn(state);
    if (excessRanges(ranges, boundsOf(stored)).length > 0) continue;
    const fresh = anchorsFor(state, ranges);
    if (!fresh || sameAnchors(stored, fresh)) continue;
    doc.transact(
      () => writeAnchors(map, { ...fresh, anchorSv: extendStateVector(stored.anchorSv, doc) }),
      LOCAL_ORIGIN,
    );
  }
}

/**
 * The parts of an annotation's span that grew by text a peer typed at its
 * edge: outside a live anchor, or — where an anchor is stale because a
 * concurrent edit re-created its character — the run of text at that edge
 * typed without having seen the anchors.
 */
function growth(
  view: EditorView,
  ranges: readonly { from: number; to: number }[],
  bounds: AnchorBounds,
  sv?: Uint8Array,
) {
  const out = excessRanges(ranges, bounds);
  if ((bounds.from !== null && bounds.to !== null) || !(sv instanceof Uint8Array)) return out;
  let known: Map<number, number>;
  try {
    known = Y.decodeStateVector(sv);
  } catch {
    return out;
  }
  const state = view.state;
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  if (bounds.from === null && first) {
    let pos = first.from;
    while (pos < first.to && typedAfter(state, pos, known)) pos++;
    if (pos > first.from) out.push({ from: first.from, to: pos });
  }
  if (bounds.to === null && last) {
    let pos = last.to;
    while (pos > last.from && typedAfter(state, pos - 1, known)) pos--;
    if (pos < last.to) out.push({ from: pos, to: last.to });
  }
  return out;
}

/** A span's text positions from `from` on (forward) or before `to` (backward), in document order of the walk. */
function textPositions(doc: PMNode, pos: number, forward: boolean, limit: number): { pos: number; ch: string }[] {
  const out: { pos: number; ch: string }[] = [];
  const [from, to] = forward ? [pos, doc.content.size] : [0, pos];
  doc.nodesBetween(from, to, (node, start) => {
    if (!node.isText || !node.text) return true;
    for (let i = 0; i < node.text.length; i++) {
      const p = start + i;
      if (p >= from && p < to) out.push({ pos: p, ch: node.text[i] as string });
    }
    return false;
  });
  if (!forward) out.reverse();
  return out.slice(0, limit);
}

/**
 * Where a span whose other edge's anchor went stale (a concurrent split or
 * join re-created that character) ends, from its live edge: where the text
 * from that edge still reads as the span's quote (block boundaries aside).
 * Null when it no longer does (the words were edited): then nothing is
 * restored from that side.
 */
function quoteExtent(state: EditorState, quote: string, bounds: AnchorBounds): { from: number; to: number } | null {
  const wanted = [...quote.replace(/\n/g, '')];
  if (wanted.length === 0) return null;
  const forward = bounds.from !== null;
  const edge = (forward ? bounds.from : bounds.to) as number;
  const seen = textPositions(state.doc, edge, forward, wanted.length);
  if (seen.length < wanted.length) return null;
  const chars = forward ? wanted : [...wanted].reverse();
  if (!seen.every((s, i) => s.ch === chars[i])) return null;
  const ends = seen.map((s) => s.pos);
  return { from: Math.min(...ends), to: Math.max(...ends) + 1 };
}

/** The text ranges (inside textblocks) of [from, to) that `ranges` do not cover. */
function uncovered(state: EditorState, from: number, to: number, ranges: readonly { from: number; to: number }[]) {
  const out: { from: number; to: number }[] = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    let start = Math.max(from, pos);
    const end = Math.min(to, pos + node.nodeSize);
    for (const r of ranges) {
      if (r.to <= start || r.from >= end) continue;
      if (r.from > start) out.push({ from: start, to: r.from });
      start = Math.max(start, r.to);
    }
    if (start < end) out.push({ from: start, to: end });
    return false;
  });
  return out;
}

/**
 * What a span should cover after a remote change, from its anchors: both
 * live, everything between them (text typed inside a span is its own); one
 * stale, the quote read from the live edge; both stale, nothing to restore.
 */
function rightfulExtent(state: EditorState, bounds: AnchorBounds, quoteOf: () => unknown) {
  if (bounds.from !== null && bounds.to !== null)
    return bounds.from < bounds.to ? { from: bounds.from, to: bounds.to } : null;
  if (bounds.from === null && bounds.to === null) return null;
  // Read only here: a span with both anchors live (nearly every span on a first sync) needs no quote.
  const quote = quoteOf();
  return typeof quote === 'string' ? quoteExtent(state, quote, bounds) : null;
}

/**
 * After a remote change, make each changed span what its anchors say it is:
 * remove the marks of annotations whose body is gone (removed while a
 * colleague re-attached them: removal wins), restore the parts of a span a
 * concurrent split or join cut off, and remove the mark from text it grew over
 * (a mark created while a peer typed at its edge can grow over that text, on a
 * side set by client ids). The repair is not undoable: it is nobody's edit.
 * Every peer that repairs computes the same repair from the same state, and
 * repaired state needs none. Returns true when it changed anything.
 */
export function repairSpans(view: EditorView, ids: Iterable<string>): boolean {
  if (view.isDestroyed) return false;
  const state = view.state;
  const doc = boundDoc(state);
  if (!doc) return false;
  const index = annotationIndex(state);
  const bodies = annotationBodies(doc);
  const tr = state.tr;
  // The document does not change until the repair is dispatched: every span's anchors resolve against it.
  const boundsOf = anchorBoundsIn(state);
  for (const id of ids) {
    const map = bodies.get(id);
    const kind = index.kindOf(id) ?? (map instanceof Y.Map ? (bodyKind(map) as AnnotationKind | undefined) : undefined);
    if (!kind || !articleSchema.marks[kind]) continue;
    const mark = articleSchema.marks[kind].create({ id });
    const ranges = index.rangesOf(id);
    if (!(map instanceof Y.Map)) {
      for (const r of ranges) tr.removeMark(r.from, r.to, mark);
      continue;
    }
    const stored = readAnchors(map);
    const bounds = boundsOf(stored);
    const extent = rightfulExtent(state, bounds, () => bodyField(map, 'quote'));
    if (extent) for (const r of uncovered(state, extent.from, extent.to, ranges)) tr.addMark(r.from, r.to, mark);
    const excess =
      extent && (bounds.from === null || bounds.to === null)
        ? excessRanges(ranges, { from: extent.from, to: extent.to })
        : growth(view, ranges, bounds, stored.anchorSv);
    for (const r of excess) tr.removeMark(r.from, r.to, mark);
  }
  if (!tr.docChanged) return false;
  view.dispatch(tr.setMeta('addToHistory', false));
  return true;
}

const maintenanceKey = new PluginKey('factmark-annotation-maintenance');

/**
 * Repairs of more spans than this (a first sync or a reload of the server's copy: every span) run in slices of this
 * many, each a task of its own, after the copy is drawn: the page shows and takes keys meanwhile, and no single task
 * holds the main thread for the whole document (at 5,000 annotations, ≈170 ms in one task).
 */
export const REPAIR_SLICE = 400;

/** Repair the spans of `ids`: now when they are few, otherwise slice by slice in later tasks. */
function repairInSlices(view: EditorView, ids: string[]): void {
  if (ids.length <= REPAIR_SLICE) {
    repairSpans(view, ids);
    return;
  }
  let at = 0;
  const next = () => {
    if (view.isDestroyed) return;
    repairSpans(view, ids.slice(at, at + REPAIR_SLICE));
    at += REPAIR_SLICE;
    if (at < ids.length) setTimeout(next, 0);
  };
  setTimeout(next, 0);
}

/**
 * Keeps annotation spans honest: refreshes anchors inside every local change's
 * Yjs transaction (subscribed to the editor's local writes), and repairs spans
 * after every remote change ({@link repairSpans}) and every remote removal of a body, in a microtask (y-prosemirror
 * applies remote changes holding its mutex, and a change dispatched then would
 * never reach Yjs). Both write colleagues' annotations, so they run only where
 * `repairs()` says this client's role may change any annotation.
 */
export function annotationMaintenancePlugin(repairs: () => boolean = () => true): Plugin {
  return new Plugin({
    key: maintenanceKey,
    view: (view) => {
      // Only an edit written just now can have deleted or re-created a span's edge.
      const unsubscribe = onLocalWrite(view, () => {
        if (repairs()) refreshAnchors(view, annotationIndex(view.state).changed);
      });
      let pending: Set<string> | null = null;
      const schedule = (ids: Iterable<string>) => {
        if (pending) {
          for (const id of ids) pending.add(id);
          return;
        }
        pending = new Set(ids);
        queueMicrotask(() => {
          const next = pending ?? new Set<string>();
          pending = null;
          repairInSlices(view, [...next]);
        });
      };
      // A body removed by a colleague leaves marks behind only when someone re-attached it meanwhile.
      const doc = boundDoc(view.state);
      const onBodies = (event: Y.YMapEvent<BodyMap>, transaction: Y.Transaction) => {
        if (transaction.local || !repairs()) return;
        const removed = [...event.changes.keys].filter(([, change]) => change.action === 'delete').map(([key]) => key);
        if (removed.length > 0) schedule(removed);
      };
      if (doc) annotationBodies(doc).observe(onBodies);
      // Colleagues' decisions on a correction this client decided too: the losing acceptance's text comes out.
      let decisionsQueued = false;
      const onLog = (_event: Y.YArrayEvent<unknown>, transaction: Y.Transaction) => {
        if (transaction.local || !repairs() || decisionsQueued) return;
        decisionsQueued = true;
        queueMicrotask(() => {
          decisionsQueued = false;
          repairDecisions(view);
        });
      };
      if (doc) correctionsLog(doc).observe(onLog);
      return {
        update(view, prev) {
          if (view.state.doc === prev.doc || !repairs()) return;
          if (!isSyncChange(view.state)) return;
          const changed = annotationIndex(view.state).changed;
          if (changed.size > 0) schedule(changed);
        },
        destroy: () => {
          unsubscribe();
          if (doc) annotationBodies(doc).unobserve(onBodies);
          if (doc) correctionsLog(doc).unobserve(onLog);
        },
      };
    },
  });
}
