// @vitest-environment happy-dom
import { articleFromText, articleSchema, editAccessPlugin } from '@factmark/editor';
import fc from 'fast-check';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { collabPlugins } from './binding.ts';
import { articleFragment, readArticle, writeArticle } from './layout.ts';
import {
  type ArticlePositions,
  absoluteAt,
  articlePositions,
  isSyncTransaction,
  LOCAL_ORIGIN,
  notedSelection,
  onLocalWrite,
  positionResolver,
  relativeAt,
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

describe('writing the editor to Yjs', () => {
  it('walks the article for no view update that leaves the document and selection as they were, and misses no edit', () => {
    const a = seeded();
    const b = new Y.Doc();
    a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u, 'network'));
    b.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'network') Y.applyUpdate(a, u, 'network');
    });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const view = bound(a);
    const colleague = bound(b);
    const positions = articlePositions(view.state) as ArticlePositions;
    // y-prosemirror's write walks the fragment's children against the document, level by level.
    const fragment = articleFragment(a);
    let walks = 0;
    const toArray = fragment.toArray.bind(fragment);
    fragment.toArray = () => {
      walks++;
      return toArray();
    };
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
      const before = { walks, noted: noted.size };
      view.dispatch(view.state.tr.setMeta('margin', { active: null }));
      view.dispatch(view.state.tr.setMeta('hints', { redrawn: true }));
      return { walks: walks - before.walks, noted: noted.size - before.noted };
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
    expect(walks).toBeGreaterThan(0);
    expect(unchanged()).toEqual({ walks: 0, noted: 1 });
    expect(unchanged()).toEqual({ walks: 0, noted: 0 });
  });
});

/** An article with blocks in blocks (a quote, a list) and a line break, as the resolver must count them. */
const NESTED = articleSchema.nodeFromJSON({
  type: 'doc',
  content: [
    { type: 'title', content: [{ type: 'text', text: 'Drills begin' }] },
    { type: 'paragraph', content: [{ type: 'text', text: 'More than 50,000 soldiers and 140 aircraft.' }] },
    {
      type: 'blockquote',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'according to the Defense Ministry.' },
            { type: 'hard_break' },
            { type: 'text', text: 'Russian.' },
          ],
        },
      ],
    },
    {
      type: 'bullet_list',
      content: [
        {
          type: 'list_item',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'malicious or malicious' }] }],
        },
        { type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'cyber operations' }] }] },
      ],
    },
    { type: 'paragraph', content: [{ type: 'text', text: 'the ministry said on Monday' }] },
  ],
});

type Edit =
  | { t: 'type'; at: number; text: string }
  | { t: 'delete'; at: number; len: number }
  | { t: 'split'; at: number }
  | { t: 'break'; at: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ t: fc.constant('type' as const), at: fc.nat(), text: fc.constantFrom('a', 'xyz', ' 45,000 ') }),
  fc.record({ t: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ t: fc.constant('split' as const), at: fc.nat() }),
  fc.record({ t: fc.constant('break' as const), at: fc.nat() }),
);

/** Apply `edit` where the document allows it (a position is taken modulo the document's size). */
function applyEdit(view: EditorView, edit: Edit): void {
  const { doc } = view.state;
  const at = edit.at % (doc.content.size + 1);
  const $at = doc.resolve(at);
  try {
    if (edit.t === 'type' && $at.parent.inlineContent) view.dispatch(view.state.tr.insertText(edit.text, at));
    if (edit.t === 'delete') view.dispatch(view.state.tr.delete(at, Math.min(doc.content.size, at + edit.len)));
    if (edit.t === 'split' && $at.parent.inlineContent && $at.depth > 0) view.dispatch(view.state.tr.split(at));
    if (edit.t === 'break' && $at.parent.inlineContent)
      view.dispatch(view.state.tr.replaceWith(at, at, articleSchema.nodes.hard_break.create()));
  } catch {
    // A step the document refuses (a delete that cannot be fitted): the edit is skipped.
  }
}

describe("resolving many positions at once (y-prosemirror's arithmetic with each block's offset worked out once)", () => {
  it("answers for every position, of live and deleted items, what y-prosemirror's own function answers", () => {
    fc.assert(
      // With Yjs' garbage collection off too (a copy that keeps history): deleted elements keep their content then.
      fc.property(fc.array(editArb, { maxLength: 25 }), fc.boolean(), (edits, gc) => {
        const doc = new Y.Doc({ gc });
        writeArticle(doc, NESTED);
        const view = bound(doc);
        for (const edit of edits) applyEdit(view, edit);
        const positions = articlePositions(view.state) as ArticlePositions;
        const resolve = positionResolver(positions);
        // Every ProseMirror position, as anchors are written.
        for (let pos = 0; pos <= view.state.doc.content.size; pos++) {
          const rel = relativeAt(positions, pos);
          expect(resolve(rel)).toBe(absoluteAt(positions, rel));
        }
        // Every item the document ever held, deleted or not, at its first and last character.
        for (const [client, structs] of doc.store.clients)
          for (const struct of structs)
            for (const clock of [struct.id.clock, struct.id.clock + struct.length - 1]) {
              const rel = Y.createRelativePositionFromJSON({ item: { client, clock } });
              expect(resolve(rel)).toBe(absoluteAt(positions, rel));
            }
        view.destroy();
      }),
      { numRuns: 60 },
    );
  });
});
