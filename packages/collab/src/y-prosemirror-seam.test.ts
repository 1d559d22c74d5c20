// @vitest-environment happy-dom
import { articleFromText, articleSchema, editAccessPlugin } from '@factmark/editor';
import { EditorState, Plugin, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { collabPlugins } from './binding.ts';
import { articleFragment, readArticle, writeArticle } from './layout.ts';
import { type ArticlePositions, relativeAt } from './y-prosemirror-positions.ts';
import {
  articlePositions,
  isSyncTransaction,
  LOCAL_ORIGIN,
  notedSelection,
  onLocalWrite,
} from './y-prosemirror-seam.ts';

const ARTICLE = articleFromText(
  'Drills begin\n\nMore than 50,000 soldiers and 140 aircraft take part, the ministry said.',
);
const views: EditorView[] = [];
afterEach(() => {
  for (const v of views.splice(0)) v.destroy();
});

/** An editor bound to a new Y.Doc holding the article, with extra plugins. */
function bound(doc: Y.Doc, extra: EditorState['plugins'] = []): EditorView {
  const { plugins } = collabPlugins(doc, new Awareness(doc));
  const view = new EditorView(document.createElement('div'), {
    state: EditorState.create({ schema: articleSchema, plugins: [...plugins, ...extra] }),
  });
  views.push(view);
  return view;
}

function seeded(): Y.Doc {
  const doc = new Y.Doc();
  writeArticle(doc, ARTICLE);
  return doc;
}

describe('the y-prosemirror seam', () => {
  it("tells a colleague's change from one's own: a read-only editor still receives colleagues' text", () => {
    const a = seeded();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const seen: boolean[] = [];
    const reader = bound(b, [
      editAccessPlugin(
        () => 'none',
        (tr) => {
          seen.push(isSyncTransaction(tr));
          return isSyncTransaction(tr);
        },
      ),
    ]);
    const writer = bound(a);
    a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u, 'network'));
    writer.dispatch(writer.state.tr.insertText('Varnia: ', 14));
    expect(reader.state.doc.textContent).toBe(writer.state.doc.textContent);
    expect(reader.state.doc.textContent).toContain('Varnia: More than 50,000');
    expect(seen).toContain(true);
    // Typing in the read-only editor is not a sync transaction, and is refused.
    const before = reader.state.doc;
    reader.dispatch(reader.state.tr.insertText('x', 14));
    expect(reader.state.doc.eq(before)).toBe(true);
  });

  it('runs a local-write listener inside the transaction that carries the edit, and only for writes', () => {
    const doc = seeded();
    const view = bound(doc);
    const notes = doc.getMap<number>('notes');
    let calls = 0;
    const stop = onLocalWrite(view, () => {
      calls++;
      notes.set('writes', calls);
    });
    const before = Y.encodeStateAsUpdate(doc);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === LOCAL_ORIGIN) updates.push(u);
    });
    view.dispatch(view.state.tr.insertText('1', 20));
    expect(calls).toBe(1);
    // One update carries both the keystroke and what the listener wrote.
    expect(updates).toHaveLength(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, before);
    Y.applyUpdate(copy, updates[0] as Uint8Array);
    expect(copy.getMap('notes').get('writes')).toBe(1);
    expect(readArticle(copy).textContent).toBe(readArticle(doc).textContent);
    // A selection change writes nothing: no call.
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 3)));
    expect(calls).toBe(1);
    stop();
    view.dispatch(view.state.tr.insertText('2', 20));
    expect(calls).toBe(1);
    expect(readArticle(doc).textContent).toContain('21');
  });
});

/** A seeded Y.Doc and a colleague's, each update of one applied to the other at once. */
function linked(): { a: Y.Doc; b: Y.Doc } {
  const a = seeded();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u, 'network'));
  b.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== 'network') Y.applyUpdate(a, u, 'network');
  });
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return { a, b };
}

/** Counts y-prosemirror's walks of `doc`'s article (its write walks the fragment's children against the document). */
function walksOf(doc: Y.Doc): { count: number } {
  const fragment = articleFragment(doc);
  const walks = { count: 0 };
  const toArray = fragment.toArray.bind(fragment);
  fragment.toArray = () => {
    walks.count++;
    return toArray();
  };
  return walks;
}

describe('writing the editor to Yjs', () => {
  it('walks the article for no view update that leaves the document and selection as they were, and misses no edit', () => {
    const { a, b } = linked();
    const view = bound(a);
    const colleague = bound(b);
    const positions = articlePositions(view.state) as ArticlePositions;
    // y-prosemirror's write walks the fragment's children against the document, level by level.
    const walks = walksOf(a);
    // The selection noted before each Yjs transaction (put back after a colleague's change) is the one
    // y-prosemirror would note, found afresh.
    type Noted = NonNullable<ReturnType<typeof notedSelection>>;
    const noted = new Set<Noted>();
    a.on('beforeAllTransactions', () => {
      const relative = notedSelection(view.state) as Noted;
      noted.add(relative);
      const { anchor, head } = view.state.selection;
      expect(Y.compareRelativePositions(relative.anchor, relativeAt(positions, anchor))).toBe(true);
      expect(Y.compareRelativePositions(relative.head, relativeAt(positions, head))).toBe(true);
    });
    const unchanged = () => {
      const before = { walks: walks.count, noted: noted.size };
      view.dispatch(view.state.tr.setMeta('margin', { active: null }));
      view.dispatch(view.state.tr.setMeta('hints', { redrawn: true }));
      return { walks: walks.count - before.walks, noted: noted.size - before.noted };
    };
    view.dispatch(view.state.tr.insertText('Large ', 1));
    // Plugins' own transactions: no walk, and the selection noted once.
    expect(unchanged()).toEqual({ walks: 0, noted: 1 });
    expect(unchanged()).toEqual({ walks: 0, noted: 0 });
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 5)));
    expect(unchanged()).toEqual({ walks: 0, noted: 0 });
    // A colleague's edit, then a local one after a selection change: both arrive on both sides.
    colleague.dispatch(colleague.state.tr.insertText('Naval ', 1));
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 3)));
    view.dispatch(view.state.tr.insertText('!', view.state.doc.content.size - 1));
    expect(readArticle(a).textContent).toBe(readArticle(b).textContent);
    expect(readArticle(b).textContent).toMatch(/^(Naval Large|Large Naval) Drills begin.*said\.!$/);
    expect(view.state.doc.eq(colleague.state.doc)).toBe(true);
    expect(walks.count).toBeGreaterThan(0);
    expect(unchanged()).toEqual({ walks: 0, noted: 1 });
    expect(unchanged()).toEqual({ walks: 0, noted: 0 });
  });

  it("writes nothing back after rendering a colleague's change, and still writes what a plugin appended to it", () => {
    const { a, b } = linked();
    // A plugin that answers a colleague's "Naval " with a "Note: " of its own, in a transaction appended to theirs.
    const answer = new Plugin({
      appendTransaction: (trs, _old, state) =>
        trs.some(isSyncTransaction) && state.doc.textContent.startsWith('Naval ')
          ? state.tr.insertText('Note: ', 1)
          : null,
    });
    const view = bound(a, [answer]);
    const colleague = bound(b);
    const walks = walksOf(a);
    const pluginOnly = () => {
      const before = walks.count;
      view.dispatch(view.state.tr.setMeta('hints', { redrawn: true }));
      return walks.count - before;
    };
    colleague.dispatch(colleague.state.tr.insertText('Large ', 1));
    expect(view.state.doc.textContent).toMatch(/^Large Drills/);
    // The document just rendered from Yjs is not written back by the next update that changes nothing.
    expect(pluginOnly()).toBe(0);
    // A local edit after it still reaches the colleague.
    view.dispatch(view.state.tr.insertText('!', view.state.doc.content.size - 1));
    expect(colleague.state.doc.textContent).toMatch(/said\.!$/);
    // The plugin's answer, appended to a colleague's change, is written (by the next update) and reaches them.
    colleague.dispatch(colleague.state.tr.insertText('Naval ', 1));
    expect(view.state.doc.textContent).toMatch(/^Note: Naval Large Drills/);
    pluginOnly();
    expect(readArticle(b).textContent).toMatch(/^Note: Naval Large Drills/);
    expect(view.state.doc.eq(colleague.state.doc)).toBe(true);
  });
});
