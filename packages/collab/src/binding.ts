/** The ProseMirror plugins that bind an editor to a Factmark Y.Doc: sync, cursors, undo, the annotation index and its maintenance. */
import { annotationIndexPlugin } from '@factmark/editor';
import { keymap } from 'prosemirror-keymap';
import { Plugin } from 'prosemirror-state';
import {
  defaultDeleteFilter,
  defaultProtectedNodes,
  redoCommand,
  undoCommand,
  yCursorPlugin,
  ySyncPlugin,
  yUndoPlugin,
} from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  annotationBodies,
  articleFragment,
  correctionsLog,
  documentSettings,
  hintDecisionMap,
  sourceLibrary,
} from './layout.ts';
import { annotationMaintenancePlugin } from './maintenance.ts';
import { remoteCursor, remoteSelection } from './presence.ts';
import { LOCAL_ORIGIN, skipUnchangedWrites } from './y-prosemirror-seam.ts';

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
 * covers the article, the annotation bodies, the sources, the settings, the
 * corrections log and the decisions on hints, so a mark and its body (or an accepted correction and its
 * log entry) are undone and redone together; it tracks only local changes.
 */
export function collabPlugins(doc: Y.Doc, awareness: Awareness, options: CollabOptions = {}): CollabBinding {
  const fragment = articleFragment(doc);
  const undoManager = new Y.UndoManager(
    [
      fragment,
      annotationBodies(doc),
      sourceLibrary(doc),
      documentSettings(doc),
      correctionsLog(doc),
      hintDecisionMap(doc),
    ],
    {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
      captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
    },
  );
  const plugins = [
    ySyncPlugin(fragment),
    // After every view update y-prosemirror writes the document to Yjs: not when it is the one already written.
    new Plugin({
      view: (view) => {
        skipUnchangedWrites(view);
        return {};
      },
    }),
    annotationIndexPlugin(),
    annotationMaintenancePlugin(options.repairs ?? (() => true)),
    yCursorPlugin(awareness, { cursorBuilder: remoteCursor, selectionBuilder: remoteSelection }),
    yUndoPlugin({ undoManager }),
    keymap({ 'Mod-z': undoCommand, 'Mod-y': redoCommand, 'Mod-Shift-z': redoCommand }),
  ];
  return { plugins, undoManager };
}
