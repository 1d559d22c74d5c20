// @vitest-environment happy-dom
/**
 * The article's view keeps a key's selection that it has not read yet: a
 * transaction made in the background (here, an underline's answer) between an
 * arrow key and its `selectionchange` would otherwise put the old selection
 * back. And it reads whether it is editable again only when the answer changed.
 */
import { writeArticle } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { Plugin, PluginKey, TextSelection } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createEditorView, refreshEditable, type ViewHooks } from './editor-view.ts';

const TEXT = 'More than 50,000 soldiers and 140 aircraft took part, the ministry said on Monday.';
/** The article's position of `needle`'s start, or of its end (`articleFromText` puts an empty title first). */
const at = (needle: string, end = false) => 3 + TEXT.indexOf(needle) + (end ? needle.length : 0);
const SOLDIERS = [at('More'), at('soldiers', true)] as const;
const AIRCRAFT = [at('140 aircraft'), at('140 aircraft', true)] as const;

/** Underlines drawn from a transaction's meta, as the claim finder's answers are. */
const underlineKey = new PluginKey<DecorationSet>('test-underline');
const underlines = new Plugin<DecorationSet>({
  key: underlineKey,
  state: {
    init: () => DecorationSet.empty,
    apply: (tr, set) => {
      const range = tr.getMeta(underlineKey) as [number, number] | undefined;
      return range
        ? DecorationSet.create(tr.doc, [Decoration.inline(...range, { class: 'hint' })])
        : set.map(tr.mapping, tr.doc);
    },
  },
  props: { decorations: (state) => underlineKey.getState(state) },
});

/** A colleague's caret before "140 aircraft": a widget with their name, which is not text. */
const colleagueCaret = new Plugin({
  props: {
    decorations: (state) => {
      const name = document.createElement('span');
      name.contentEditable = 'false';
      name.textContent = 'Bruno';
      return DecorationSet.create(state.doc, [Decoration.widget(AIRCRAFT[0], name, { side: -1 })]);
    },
  },
});

const hooks: ViewHooks = {
  access: () => 'full',
  repairs: () => true,
  editable: () => true,
  pendingSuggestions: () => [],
  markClaim: () => false,
  openComposer: () => false,
  focusCardAtCursor: () => false,
  applied: () => {},
  selectionMoved: () => {},
  refusedEdit: () => {},
};

let view: EditorView | null = null;
/** Let y-prosemirror write the metas it writes a task after a change, then drop the view and the page's content. */
async function close(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  view?.destroy();
  view = null;
  document.body.innerHTML = '';
}
afterEach(close);

/** The view on the article, focused, with `from`–`to` selected (by the editor, as a drag would leave it). */
async function openWithSelection(from: number, to: number): Promise<EditorView> {
  const doc = new Y.Doc();
  writeArticle(doc, articleFromText(TEXT));
  const mount = document.body.appendChild(document.createElement('div'));
  const v = createEditorView(mount, doc, new Awareness(doc), hooks, [underlines, colleagueCaret]);
  // y-prosemirror writes its first metas a task after the view is made.
  await new Promise((resolve) => setTimeout(resolve, 0));
  v.focus();
  v.dispatch(v.state.tr.setSelection(TextSelection.create(v.state.doc, from, to)));
  view = v;
  return v;
}

/**
 * Move the browser's selection with `move` as a key's default action does, and run `then` before the
 * `selectionchange` event for it reaches the editor, as a task queued before the event's would; the event after.
 */
function beforeSelectionChange(move: (sel: Selection) => void, then: () => void): void {
  const held = (e: Event) => e.stopImmediatePropagation();
  window.addEventListener('selectionchange', held, true);
  try {
    const sel = document.getSelection();
    if (!sel) throw new Error('no selection in the page');
    move(sel);
    then();
  } finally {
    window.removeEventListener('selectionchange', held, true);
  }
  document.dispatchEvent(new Event('selectionchange'));
}

/** The browser's selection, in the article's positions. */
function domSelection(v: EditorView): { anchor: number; head: number } {
  const sel = document.getSelection();
  if (!sel?.anchorNode || !sel.focusNode) throw new Error('no selection in the page');
  return { anchor: v.posAtDOM(sel.anchorNode, sel.anchorOffset), head: v.posAtDOM(sel.focusNode, sel.focusOffset) };
}

describe('a selection the view has not read yet', () => {
  it('survives an underline drawn before the view reads it: ArrowRight collapses the selection and it stays collapsed', async () => {
    const v = await openWithSelection(...SOLDIERS);
    expect(v.hasFocus()).toBe(true);
    expect(domSelection(v)).toEqual({ anchor: SOLDIERS[0], head: SOLDIERS[1] });
    // The arrow key's default action collapses the browser's selection to its end; an underline is drawn before
    // the editor hears of it.
    beforeSelectionChange(
      (sel) => sel.collapseToEnd(),
      () => v.dispatch(v.state.tr.setMeta(underlineKey, [...AIRCRAFT])),
    );
    expect(v.dom.querySelector('.hint')?.textContent).toBe('140 aircraft');
    expect({ anchor: v.state.selection.anchor, head: v.state.selection.head }).toEqual({
      anchor: SOLDIERS[1],
      head: SOLDIERS[1],
    });
    expect(domSelection(v)).toEqual({ anchor: SOLDIERS[1], head: SOLDIERS[1] });
  });

  it('keeps a Shift+arrow extension, backwards too', async () => {
    const v = await openWithSelection(SOLDIERS[1], SOLDIERS[0] + 4);
    beforeSelectionChange(
      (sel) => sel.focusNode && sel.extend(sel.focusNode, sel.focusOffset - 2),
      () => v.dispatch(v.state.tr.setMeta(underlineKey, [...AIRCRAFT])),
    );
    expect({ anchor: v.state.selection.anchor, head: v.state.selection.head }).toEqual({
      anchor: SOLDIERS[1],
      head: SOLDIERS[0] + 2,
    });
  });

  it('leaves a transaction that sets its own selection, or changes the article, as it is', async () => {
    const v = await openWithSelection(...SOLDIERS);
    // A card's outline that puts the caret in its claim is not overruled by the browser's selection.
    const claim = TextSelection.create(v.state.doc, SOLDIERS[0] + 5, SOLDIERS[0] + 9);
    beforeSelectionChange(
      (sel) => sel.collapseToEnd(),
      () => v.dispatch(v.state.tr.setSelection(claim).setMeta(underlineKey, [...AIRCRAFT])),
    );
    expect({ anchor: v.state.selection.anchor, head: v.state.selection.head }).toEqual({
      anchor: SOLDIERS[0] + 5,
      head: SOLDIERS[0] + 9,
    });
    // A change to the article maps the editor's selection; the browser's is of the article before it.
    let mapped: { anchor: number; head: number } | null = null;
    beforeSelectionChange(
      (sel) => sel.collapseToEnd(),
      () => {
        v.dispatch(v.state.tr.insertText('Z', at('Monday')));
        mapped = { anchor: v.state.selection.anchor, head: v.state.selection.head };
      },
    );
    expect(mapped).toEqual({ anchor: SOLDIERS[0] + 5, head: SOLDIERS[0] + 9 });
  });

  it("leaves a caret the view has read where it is, beside a colleague's caret too", async () => {
    for (const at of [AIRCRAFT[0], AIRCRAFT[0] - 1, AIRCRAFT[1]]) {
      const v = await openWithSelection(at, at);
      v.dispatch(v.state.tr.setMeta(underlineKey, [...AIRCRAFT]));
      v.dispatch(v.state.tr.setMeta(underlineKey, [...SOLDIERS]));
      expect({ anchor: v.state.selection.anchor, head: v.state.selection.head }).toEqual({ anchor: at, head: at });
      await close();
    }
  });

  it('ignores what y-prosemirror dispatches after the view is gone', async () => {
    const v = await openWithSelection(...SOLDIERS);
    v.dispatch(v.state.tr.setMeta(underlineKey, [...AIRCRAFT]));
    v.destroy();
    view = null;
    // y-prosemirror's timer fires now; without the guard it throws on the destroyed view (an uncaught error).
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(v.isDestroyed).toBe(true);
  });

  it('does nothing when the article does not have the focus', async () => {
    const v = await openWithSelection(...SOLDIERS);
    const input = document.body.appendChild(document.createElement('input'));
    input.focus();
    expect(v.hasFocus()).toBe(false);
    beforeSelectionChange(
      (sel) => sel.collapseToEnd(),
      () => v.dispatch(v.state.tr.setMeta(underlineKey, [...AIRCRAFT])),
    );
    expect({ anchor: v.state.selection.anchor, head: v.state.selection.head }).toEqual({
      anchor: SOLDIERS[0],
      head: SOLDIERS[1],
    });
  });
});

describe('reading editable again', () => {
  it('updates the view only when what it would read changed, and then shows it', async () => {
    let may = true;
    const doc = new Y.Doc();
    writeArticle(doc, articleFromText(TEXT));
    const mount = document.body.appendChild(document.createElement('div'));
    const v = createEditorView(mount, doc, new Awareness(doc), { ...hooks, editable: () => may });
    view = v;
    await new Promise((resolve) => setTimeout(resolve, 0));
    let updates = 0;
    const setProps = v.setProps.bind(v);
    v.setProps = (props) => {
      updates++;
      setProps(props);
    };
    // Nothing it reads changed (the page became ready with the article here): no update of the whole view.
    refreshEditable(v);
    expect(updates).toBe(0);
    expect(v.dom.getAttribute('contenteditable')).toBe('true');
    // The role no longer lets this person annotate: the view reads it again and shows it.
    may = false;
    refreshEditable(v);
    expect(updates).toBe(1);
    expect(v.editable).toBe(false);
    expect(v.dom.getAttribute('contenteditable')).toBe('false');
    may = true;
    refreshEditable(v);
    expect(v.dom.getAttribute('contenteditable')).toBe('true');
  });
});
