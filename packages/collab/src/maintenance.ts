import { annotationIndex, articleSchema } from '@factmark/editor';
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { anchorBounds, anchorsFor, excessRanges, sameAnchors } from './anchors.ts';
import { annotationBodies } from './layout.ts';

/**
 * Keep every annotation's span and anchors in agreement, for the annotations
 * the last changes touched:
 * - a span that reaches past a live anchor grew by text a peer typed at its
 *   edge while it was being created: the excess loses the mark (not undoable:
 *   it is a repair, not a person's edit);
 * - otherwise, anchors that no longer match the span (its first or last
 *   character was deleted or re-created by a split or join) are rewritten.
 * Returns true when it changed anything. Every peer may run it: the same state
 * gives the same repairs, and repaired state needs none.
 */
export function maintainAnnotations(view: EditorView, ids?: Iterable<string>): boolean {
  if (view.isDestroyed) return false;
  const state = view.state;
  const sync = ySyncPluginKey.getState(state) as { binding?: { doc: Y.Doc } } | undefined;
  const doc = sync?.binding?.doc;
  if (!doc) return false;
  const index = annotationIndex(state);
  const bodies = annotationBodies(doc);
  const tr = state.tr;
  const refresh: [Y.Map<unknown>, ReturnType<typeof anchorsFor>][] = [];
  for (const id of ids ?? index.changed) {
    const entry = index.byId.get(id);
    const map = bodies.get(id);
    if (!entry || !(map instanceof Y.Map)) continue;
    const stored = {
      anchorStart: map.get('anchorStart') as Uint8Array | undefined,
      anchorEnd: map.get('anchorEnd') as Uint8Array | undefined,
    };
    const excess = excessRanges(entry.ranges, anchorBounds(state, stored));
    if (excess.length > 0) {
      const mark = articleSchema.marks[entry.kind].create({ id });
      for (const r of excess) tr.removeMark(r.from, r.to, mark);
      continue;
    }
    const fresh = anchorsFor(state, entry.ranges);
    if (fresh && !sameAnchors(stored, fresh)) refresh.push([map, fresh]);
  }
  if (refresh.length > 0) {
    doc.transact(() => {
      for (const [map, anchors] of refresh) {
        if (!anchors) continue;
        map.set('anchorStart', anchors.anchorStart);
        map.set('anchorEnd', anchors.anchorEnd);
      }
    }, ySyncPluginKey);
  }
  if (tr.docChanged) {
    view.dispatch(tr.setMeta('addToHistory', false));
    return true;
  }
  return refresh.length > 0;
}

const maintenanceKey = new PluginKey('factmark-annotation-maintenance');

/**
 * Runs {@link maintainAnnotations} after every change to the document, in a
 * microtask: y-prosemirror applies remote changes while holding its mutex, and
 * a change dispatched then would never reach Yjs.
 */
export function annotationMaintenancePlugin(): Plugin {
  return new Plugin({
    key: maintenanceKey,
    view: () => {
      let pending: Set<string> | null = null;
      return {
        update(view, prev) {
          if (view.state.doc === prev.doc) return;
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
            maintainAnnotations(view, ids);
          });
        },
      };
    },
  });
}
