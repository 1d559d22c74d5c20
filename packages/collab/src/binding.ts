import { annotationIndexPlugin } from '@factmark/editor';
import { keymap } from 'prosemirror-keymap';
import type { Plugin, Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  defaultDeleteFilter,
  defaultProtectedNodes,
  redoCommand,
  undoCommand,
  yCursorPlugin,
  ySyncPlugin,
  ySyncPluginKey,
  yUndoPlugin,
} from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { annotationBodies, articleFragment, correctionsLog, documentSettings, sourceLibrary } from './layout.ts';
import { annotationMaintenancePlugin } from './maintenance.ts';
import { remoteCursor, remoteSelection } from './presence.ts';
import { syncBindingOf, writeMarkSteps } from './y-prosemirror-seam.ts';

/** The ProseMirror plugins that bind an editor to a Factmark Y.Doc, and the undo manager they share. */
export interface CollabBinding {
  plugins: Plugin[];
  /** Tracks only this client's own changes, to the article and to annotation bodies alike. */
  undoManager: Y.UndoManager;
}

/** Options of {@link collabPlugins}. */
export interface CollabOptions {
  /**
   * May this client repair colleagues' spans (trim what grew over text typed at their edge)? Only a role
   * that may change any annotation may; others leave it to them (default: yes).
   */
  repairs?: () => boolean;
}

/**
 * The y-prosemirror sync, cursor and undo plugins for `doc`, the annotation
 * index and its maintenance (anchors, trimming growth), plus Mod-z /
 * Mod-y / Mod-Shift-z bound to Yjs undo and redo. The undo manager's scope
 * covers the article, the annotation bodies, the sources, the settings and the
 * corrections log, so a mark and its body (or an accepted correction and its
 * log entry) are undone and redone together; it tracks only local changes.
 */
export function collabPlugins(doc: Y.Doc, awareness: Awareness, options: CollabOptions = {}): CollabBinding {
  const fragment = articleFragment(doc);
  const undoManager = new Y.UndoManager(
    [fragment, annotationBodies(doc), sourceLibrary(doc), documentSettings(doc), correctionsLog(doc)],
    {
      trackedOrigins: new Set([ySyncPluginKey]),
      deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
      captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
    },
  );
  const plugins = [
    ySyncPlugin(fragment),
    annotationIndexPlugin(),
    annotationMaintenancePlugin(options.repairs ?? (() => true)),
    yCursorPlugin(awareness, { cursorBuilder: remoteCursor, selectionBuilder: remoteSelection }),
    yUndoPlugin({ undoManager }),
    keymap({ 'Mod-z': undoCommand, 'Mod-y': redoCommand, 'Mod-Shift-z': redoCommand }),
  ];
  return { plugins, undoManager };
}

/**
 * Dispatch `tr` and run `writeBodies` in one Yjs transaction, so that a peer
 * (and the server's validation) never sees an annotation mark without its
 * body, and one undo step covers both.
 *
 * y-prosemirror writes ProseMirror changes to Yjs in the sync plugin's view
 * update, in its own transaction, and re-renders on every Yjs change it did not
 * make itself. We take its mutex, dispatch (its own write is then skipped),
 * and write the new ProseMirror doc to Yjs ourselves inside the outer
 * transaction, exactly as its view update would.
 */
export function transactWithArticle(view: EditorView, tr: Transaction, writeBodies: (doc: Y.Doc) => void): void {
  const binding = syncBindingOf(view.state);
  if (!binding) throw new Error('The editor has no y-prosemirror sync plugin');
  binding.mux(() => {
    binding.doc.transact((ytr) => {
      ytr.meta.set('addToHistory', tr.getMeta('addToHistory') !== false);
      writeBodies(binding.doc);
      const before = view.state.doc;
      view.dispatch(tr);
      // Marks alone are written key by key; anything else as y-prosemirror's view update would.
      if (!writeMarkSteps(binding, before, tr)) binding._prosemirrorChanged(view.state.doc);
    }, ySyncPluginKey);
  });
}
