/** Span maintenance: anchors refreshed inside local edits, growth trimmed after remote ones. */
import { annotationIndex, articleSchema } from '@factmark/editor';
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import {
  type AnchorBounds,
  anchorBounds,
  anchorsFor,
  anchorsLive,
  excessRanges,
  extendStateVector,
  sameAnchors,
  typedAfter,
} from './anchors.ts';
import { annotationBodies } from './layout.ts';
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
    yield { id, kind, ranges: () => index.rangesOf(id), map, stored: storedAnchors(map), doc };
  }
}

function storedAnchors(map: Y.Map<unknown>) {
  return {
    anchorStart: map.get('anchorStart') as Uint8Array | undefined,
    anchorEnd: map.get('anchorEnd') as Uint8Array | undefined,
    anchorSv: map.get('anchorSv') as Uint8Array | undefined,
  };
}

/**
 * After a local change: rewrite the anchors of annotations whose first or
 * last character the change deleted or re-created (splitting and joining
 * paragraphs re-create text). Runs inside the Yjs transaction that carries the
 * change, so no peer ever sees the change without the new anchors. Spans that
 * reach past live anchors are left for {@link trimGrowth}.
 */
export function refreshAnchors(view: EditorView, ids: Iterable<string>): void {
  const state = view.state;
  for (const span of annotatedSpans(view, ids)) {
    const { map, stored, doc } = span;
    // A local edit moves a span's edge only by deleting or re-creating its first or last character.
    if (anchorsLive(doc, stored)) continue;
    const ranges = span.ranges();
    if (excessRanges(ranges, anchorBounds(state, stored)).length > 0) continue;
    const fresh = anchorsFor(state, ranges);
    if (!fresh || sameAnchors(stored, fresh)) continue;
    doc.transact(() => {
      map.set('anchorStart', fresh.anchorStart);
      map.set('anchorEnd', fresh.anchorEnd);
      map.set('anchorSv', extendStateVector(stored.anchorSv, doc));
    }, LOCAL_ORIGIN);
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

/**
 * After a remote change: remove the mark from text it grew over (a mark
 * created while a peer typed at its edge can grow over that text, on a side
 * set by client ids). The repair is not undoable: it is nobody's edit. Every
 * peer may run it; the same state gives the same repair, and repaired state
 * needs none. Returns true when it changed anything.
 */
export function trimGrowth(view: EditorView, ids: Iterable<string>): boolean {
  if (view.isDestroyed) return false;
  const state = view.state;
  const tr = state.tr;
  for (const { id, kind, ranges, stored } of annotatedSpans(view, ids)) {
    const excess = growth(view, ranges(), anchorBounds(state, stored), stored.anchorSv);
    if (excess.length === 0) continue;
    const mark = articleSchema.marks[kind].create({ id });
    for (const r of excess) tr.removeMark(r.from, r.to, mark);
  }
  if (!tr.docChanged) return false;
  view.dispatch(tr.setMeta('addToHistory', false));
  return true;
}

const maintenanceKey = new PluginKey('factmark-annotation-maintenance');

/**
 * Keeps annotation spans honest: refreshes anchors inside every local change's
 * Yjs transaction (subscribed to the editor's local writes),
 * and trims growth after every remote change, in a microtask (y-prosemirror
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
      return {
        update(view, prev) {
          if (view.state.doc === prev.doc || !repairs()) return;
          if (!isSyncChange(view.state)) return;
          const changed = annotationIndex(view.state).changed;
          if (changed.size === 0) return;
          if (pending) {
            for (const id of changed) pending.add(id);
            return;
          }
          pending = new Set(changed);
          queueMicrotask(() => {
            const ids = pending ?? new Set<string>();
            pending = null;
            trimGrowth(view, ids);
          });
        },
        destroy: unsubscribe,
      };
    },
  });
}
