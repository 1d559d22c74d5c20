/**
 * The page's own state beside the document: the composer open for the
 * selection, where the selection toolbar goes, the card ids, and the words
 * for roles and presence comparisons the session needs.
 */
import { type AnnotationBody, citedClaimIds, claimSpans, type Presence } from '@factmark/collab';
import { type AnnotationKind, annotationIndex } from '@factmark/editor';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { SessionSnapshot } from './session-snapshot.ts';

/** Where to show the selection toolbar, relative to the editor's scroll container; null when nothing is selected. */
export interface SelectionAnchor {
  /** The top of the selection's first line, and its left edge. */
  top: number;
  left: number;
  /** The bottom of the selection's last line. */
  bottom: number;
}

/** A composer the toolbar opens for the current selection. */
export type ComposerKind = Exclude<AnnotationKind, 'claim'>;

/** The DOM id of annotation `id`'s card in the margin. */
export function cardElementId(id: string): string {
  return `card-${id}`;
}

/**
 * Where the selection toolbar goes for the view's selection: null when the
 * selection is empty, the view does not take edits, or neither the article
 * nor the toolbar (Alt+F10) has the keyboard.
 */
export function selectionAnchor(view: EditorView): SelectionAnchor | null {
  const { selection } = view.state;
  const inToolbar = document.activeElement?.closest('[role="toolbar"]') != null;
  if (selection.empty || !(view.hasFocus() || inToolbar) || !view.editable) return null;
  const start = view.coordsAtPos(selection.from);
  const end = view.coordsAtPos(selection.to);
  const box = (view.dom.offsetParent ?? document.body).getBoundingClientRect();
  return { top: start.top - box.top, left: start.left - box.left, bottom: end.bottom - box.top };
}

/** True when two presence lists show the same people editing the same cards (carets aside). */
export function samePresence(a: readonly Presence[], b: readonly Presence[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return (
        q !== undefined &&
        p.clientId === q.clientId &&
        p.self === q.self &&
        p.editing === q.editing &&
        p.user.id === q.user.id &&
        p.user.name === q.user.name &&
        p.user.color === q.user.color
      );
    })
  );
}

/** The page's own state before anything happened. */
export const NOTHING_YET: Pick<
  SessionSnapshot,
  'notice' | 'notKept' | 'activeId' | 'selection' | 'composer' | 'composerQuote'
> = {
  notice: null,
  notKept: [],
  activeId: null,
  selection: null,
  composer: null,
  composerQuote: '',
};

/**
 * Scroll the article so that position `pos` is in view (centred when it was
 * off screen). ProseMirror scrolls to its selection only while the browser's
 * selection is in the editor; when a card or a list has the focus, this does.
 */
export function revealPosition(view: EditorView, pos: number): void {
  const { node } = view.domAtPos(pos);
  const element = node instanceof Element ? node : node.parentElement;
  const box = element?.getBoundingClientRect();
  if (!element || !box) return;
  if (box.top < 0 || box.bottom > window.innerHeight) element.scrollIntoView({ block: 'center' });
}

/** The claims that have a citation (linked to them, or in their passage when unlinked): the Summary counts them as sourced. */
export function citedClaims(state: EditorState, bodies: ReadonlyMap<string, AnnotationBody | null>): Set<string> {
  const citations = [...annotationIndex(state).byId].flatMap(([id, e]) => {
    const body = bodies.get(id);
    return e.kind === 'citation'
      ? [{ claimId: body?.kind === 'citation' ? body.claimId : null, ranges: e.ranges }]
      : [];
  });
  return citedClaimIds(claimSpans(state), citations);
}
