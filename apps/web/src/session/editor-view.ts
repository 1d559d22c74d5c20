/**
 * The document's ProseMirror view: the collab plugins, focus, suggestions and
 * the edit-access guard, the annotation keymap, the click on a highlight, the
 * article's accessibility attributes, and the selection a key moved that the
 * view has not read yet. What the view reports goes to the session through
 * {@link ViewHooks}.
 */
import { collabPlugins, isSyncTransaction } from '@factmark/collab';
import {
  annotationFocusPlugin,
  annotationIndex,
  articleSchema,
  type EditAccess,
  editAccessPlugin,
  onlyAnnotationSteps,
  type PendingSuggestion,
  setAnnotationFocus,
  suggestionsPlugin,
} from '@factmark/editor';
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { EditorState, type Plugin, TextSelection, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import { SHORTCUTS } from '../editor/shortcuts.ts';
import type { ComposerKind } from './ui-state.ts';

/** What the view asks of and reports to its session. */
export interface ViewHooks {
  /** What the role lets this person change now. */
  access: () => EditAccess;
  /** May this client repair colleagues' spans (a role that may change any annotation)? */
  repairs: () => boolean;
  /** Does the page take edits now (ready, allowed, not refused)? */
  editable: () => boolean;
  pendingSuggestions: () => PendingSuggestion[];
  markClaim: () => boolean;
  openComposer: (kind: ComposerKind) => boolean;
  focusCardAtCursor: () => boolean;
  /** The view applied `tr`; `typed` when it changed the article's text here (not a colleague's change). */
  applied: (view: EditorView, tr: Transaction, typed: boolean) => void;
  /** The article gained or lost the focus: the selection toolbar may show or hide. */
  selectionMoved: (view: EditorView) => void;
  /** The role refused a change typed, pasted or cut in the article (commenters annotate; viewers read). */
  refusedEdit: (access: 'annotations' | 'none') => void;
}

/**
 * Make `view` read its `editable` prop again (it reads it only when it updates) — only when what it would read
 * differs from what it shows: an update of the view walks every block of the article, and the page's becoming
 * ready, say, leaves a view that the server's copy already made editable as it was.
 */
export function refreshEditable(view: EditorView): void {
  // ProseMirror's own reading: editable unless a prop says false.
  const editable = !view.someProp('editable', (value) => value(view.state) === false);
  if (editable !== view.editable) view.setProps({});
}

/** The view for `doc` in `mount`. */
export function createEditorView(
  mount: HTMLElement,
  doc: Y.Doc,
  awareness: Parameters<typeof collabPlugins>[1],
  hooks: ViewHooks,
  extra: readonly Plugin[] = [],
): EditorView {
  const { plugins } = collabPlugins(doc, awareness, { repairs: hooks.repairs });
  const view = new EditorView(mount, {
    state: EditorState.create({
      schema: articleSchema,
      plugins: [
        ...plugins,
        annotationFocusPlugin(),
        ...extra,
        suggestionsPlugin(hooks.pendingSuggestions),
        editAccessPlugin(hooks.access, isSyncTransaction, hooks.refusedEdit),
        keymap({
          [SHORTCUTS.claim.keys]: hooks.markClaim,
          [SHORTCUTS.citation.keys]: () => hooks.openComposer('citation'),
          [SHORTCUTS.correction.keys]: () => hooks.openComposer('correction'),
          [SHORTCUTS.comment.keys]: () => hooks.openComposer('comment'),
          [SHORTCUTS.toCard.keys]: hooks.focusCardAtCursor,
        }),
        keymap(baseKeymap),
      ],
    }),
    // Clicking a highlight focuses its card (the innermost annotation when they overlap).
    handleClick: (view, pos) => {
      const here = annotationIndex(view.state).at(pos);
      const last = here[here.length - 1];
      if (!last) return false;
      // Put the caret where the click was in the same transaction: dispatching here would otherwise
      // draw the old selection over the one the browser just made.
      const caret = TextSelection.near(view.state.doc.resolve(pos));
      // The focus's transaction makes the card active too (the session's `applied` follows every focus change).
      view.dispatch(setAnnotationFocus(view.state.tr.setSelection(caret), { active: last.id }));
      return false;
    },
    editable: hooks.editable,
    attributes: { 'aria-label': 'Article', role: 'textbox', 'aria-multiline': 'true', spellcheck: 'false' },
    // y-prosemirror dispatches while the view is being constructed, before the caller holds the view:
    // use the view ProseMirror passes as `this`.
    dispatchTransaction: function (this: EditorView, tr) {
      // y-prosemirror writes some metas in a timer, which can fire after the page dropped the view.
      if (this.isDestroyed) return;
      this.updateState(this.state.apply(withUnreadSelection(this, tr)));
      hooks.applied(this, tr, tr.docChanged && !isSyncTransaction(tr) && !onlyAnnotationSteps(tr));
    },
  });
  view.dom.addEventListener('blur', (e) => {
    // Moving to the selection toolbar (Alt+F10) keeps it open.
    if ((e.relatedTarget as Element | null)?.closest?.('[role="toolbar"]')) return;
    hooks.selectionMoved(view);
  });
  view.dom.addEventListener('focus', () => hooks.selectionMoved(view));
  keepSelectionFromReact(view.dom);
  return view;
}

/**
 * The selection the browser holds now, given to a transaction made in the background (a hint's answer, a
 * colleague's caret, an outline) that sets none. A key that moves the selection (an arrow, Shift+arrow) moves
 * the browser's at once and ProseMirror reads it on the `selectionchange` event that follows; a transaction that
 * redraws anything in between would have the view put its older selection back, and the key would be lost.
 * Changes to the article keep theirs: the browser's is of the article before them.
 */
export function withUnreadSelection(view: EditorView, tr: Transaction): Transaction {
  const { selection } = view.state;
  if (tr.docChanged || tr.selectionSet || view.composing || !view.hasFocus() || !(selection instanceof TextSelection))
    return tr;
  const dom = view.dom.ownerDocument.getSelection();
  const { anchorNode, focusNode } = dom ?? {};
  if (!dom || !anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return tr;
  // Read as ProseMirror reads the browser's selection (biased forward; negative where it has no position).
  const anchor = view.posAtDOM(anchorNode, dom.anchorOffset, 1);
  const head = view.posAtDOM(focusNode, dom.focusOffset, 1);
  if (anchor < 0 || head < 0 || (anchor === selection.anchor && head === selection.head)) return tr;
  return tr.setSelection(TextSelection.between(tr.doc.resolve(anchor), tr.doc.resolve(head)));
}

/**
 * React treats a focused element whose `contentEditable` reads "true" as a text input: before every commit
 * it reads the selection's offsets by walking the whole editor's DOM, text node by text node (for
 * restoring it should focus move during the commit), and it tracks the element for onSelect, walking again
 * on every selection change. On a long article that walk is most of the cost of each render of the margin
 * while the article has the focus (26 ms a commit at 200,000 characters and 5,000 highlights). ProseMirror
 * owns this selection and nothing here uses onSelect: the editor's own `contentEditable` property reads
 * "inherit" for script. The attribute, which is what the browser edits by, is ProseMirror's and unchanged;
 * setting the property still sets it.
 */
export function keepSelectionFromReact(dom: HTMLElement): void {
  const native = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'contentEditable');
  Object.defineProperty(dom, 'contentEditable', {
    configurable: true,
    get: () => 'inherit',
    set: (value: string) => native?.set?.call(dom, value),
  });
}
