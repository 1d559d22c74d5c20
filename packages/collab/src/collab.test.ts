// @vitest-environment happy-dom
import { articleFromText, findAnnotations } from '@factmark/editor';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { collabPlugins } from './binding.ts';
import { readBodies } from './body-layout.ts';
import {
  ANNOTATIONS_MAP,
  ARTICLE_FRAGMENT,
  annotationBodies,
  articleFragment,
  readArticle,
  readTitle,
  titleChangedBy,
  writeArticle,
  writeTitle,
} from './layout.ts';
import {
  colorFor,
  hideCaretWhileAway,
  readPresence,
  remoteCursor,
  remoteSelection,
  safeColor,
  setEditingCard,
  setFieldCaret,
  setLocalUser,
} from './presence.ts';
import { createClaim } from './test-support/create-claim.ts';

const ARTICLE = articleFromText(
  'Exercise announced\n\nMore than 50,000 soldiers and 140 aircraft will take part, the ministry said on Monday.',
);

interface Peer {
  doc: Y.Doc;
  view: EditorView;
  undo: Y.UndoManager;
}

const views: EditorView[] = [];
afterEach(() => {
  for (const v of views.splice(0)) v.destroy();
});

function peer(doc: Y.Doc): Peer {
  const { plugins, undoManager } = collabPlugins(doc, new Awareness(doc));
  const view = new EditorView(document.createElement('div'), {
    state: EditorState.create({ schema: ARTICLE.type.schema, plugins }),
  });
  views.push(view);
  return { doc, view, undo: undoManager };
}

/** Two peers whose docs exchange every update synchronously. */
function connectedPair(): [Peer, Peer] {
  const a = new Y.Doc();
  writeArticle(a, ARTICLE);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
  return [peer(a), peer(b)];
}

function select(view: EditorView, needle: string): void {
  const text = view.state.doc.textBetween(0, view.state.doc.content.size, '\n', ' ');
  let from = -1;
  view.state.doc.descendants((node, pos) => {
    if (from < 0 && node.isText && node.text?.includes(needle)) from = pos + (node.text?.indexOf(needle) ?? 0);
  });
  expect(from, `"${needle}" in "${text}"`).toBeGreaterThan(0);
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, from + needle.length)));
}

describe('Y.Doc layout', () => {
  it('keeps the article in an XmlFragment named "article" and bodies in a Map named "annotations"', () => {
    const doc = new Y.Doc();
    writeArticle(doc, ARTICLE);
    expect(doc.share.get(ARTICLE_FRAGMENT)).toBeInstanceOf(Y.XmlFragment);
    expect(articleFragment(doc).length).toBe(2);
    expect(readArticle(doc).eq(ARTICLE)).toBe(true);
    annotationBodies(doc).set('x', new Y.Map());
    expect(doc.share.get(ANNOTATIONS_MAP)).toBeInstanceOf(Y.Map);
  });

  it('refuses to write an article into a non-empty fragment', () => {
    const doc = new Y.Doc();
    writeArticle(doc, ARTICLE);
    expect(() => writeArticle(doc, ARTICLE)).toThrow(/not empty/);
  });

  it('renames: the title node gets the new text and the body is untouched', () => {
    const doc = new Y.Doc();
    writeArticle(doc, ARTICLE);
    const bodyBefore = readArticle(doc).child(1);
    writeTitle(doc, '  Drills   near the border ');
    expect(readTitle(doc)).toBe('Drills near the border');
    expect(readArticle(doc).child(0).textContent).toBe('Drills near the border');
    expect(readArticle(doc).child(1).eq(bodyBefore)).toBe(true);
    const empty = new Y.Doc();
    writeTitle(empty, 'Fresh');
    expect(readTitle(empty)).toBe('Fresh');
  });

  it('tells which changes may change the title: in or around the title node, not in the body or the bodies', () => {
    const doc = new Y.Doc();
    writeArticle(doc, ARTICLE);
    const fragment = articleFragment(doc);
    const textOf = (i: number) => (fragment.get(i) as Y.XmlElement).get(0) as Y.XmlText;
    const touched = (change: () => void) => {
      let seen: boolean | null = null;
      const listen = (_u: Uint8Array, _o: unknown, d: Y.Doc, tr: Y.Transaction) => {
        seen = titleChangedBy(d, tr);
      };
      doc.on('update', listen);
      change();
      doc.off('update', listen);
      return seen;
    };
    expect(touched(() => textOf(1).insert(0, 'Reportedly, '))).toBe(false);
    expect(touched(() => annotationBodies(doc).set('a1', new Y.Map()))).toBe(false);
    expect(touched(() => textOf(0).insert(0, 'Big '))).toBe(true);
    expect(touched(() => textOf(0).format(0, 3, { strong: {} }))).toBe(true);
    expect(touched(() => writeTitle(doc, 'Drills'))).toBe(true);
    // A node put before the title, or the title node taken out: the first node is another one.
    expect(touched(() => fragment.insert(0, [new Y.XmlElement('paragraph')]))).toBe(true);
    expect(touched(() => fragment.delete(0, 1))).toBe(true);
    expect(touched(() => textOf(1).delete(0, 3))).toBe(false);
    // The node that was first and is now second: a change in it is a change in the body.
    fragment.insert(0, [new Y.XmlElement('title')]);
    expect(touched(() => textOf(1).insert(0, 'x'))).toBe(false);
  });
});

describe('createClaim', () => {
  it('writes the mark and its body in one Yjs transaction that a peer receives whole', () => {
    const [a, b] = connectedPair();
    let transactions = 0;
    let updates = 0;
    a.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size > 0) transactions++;
    });
    a.doc.on('update', () => updates++);
    let seenByB: { marks: number; bodies: number }[] = [];
    b.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size === 0) return;
      seenByB.push({ marks: findAnnotations(readArticle(b.doc)).length, bodies: annotationBodies(b.doc).size });
    });

    select(a.view, '50,000 soldiers');
    const created = createClaim(a.view, { id: 'u1', name: 'Ana' }, new Date('2026-01-02T03:04:05Z'));
    expect(created).not.toBeNull();
    expect(transactions).toBe(1);
    expect(updates).toBe(1);
    expect(seenByB).toEqual([{ marks: 1, bodies: 1 }]);

    const body = readBodies(b.doc).get(created!);
    expect(body).toMatchObject({
      id: created!,
      kind: 'claim',
      quote: '50,000 soldiers',
      statement: '50,000 soldiers',
      author: { id: 'u1', name: 'Ana' },
      createdAt: '2026-01-02T03:04:05.000Z',
      verdict: null,
      status: 'draft',
    });
    // B's editor shows the highlight.
    const inB = findAnnotations(b.view.state.doc);
    expect(inB.map((f) => f.id)).toEqual([created!]);
    expect(b.view.dom.querySelector(`span[data-claim="${created!}"]`)?.textContent).toBe('50,000 soldiers');
    seenByB = [];
  });

  it('is undone and redone together with its body, and only by its author', () => {
    const [a, b] = connectedPair();
    select(a.view, '140 aircraft');
    const created = createClaim(a.view, { id: 'u1', name: 'Ana' })!;
    expect(b.undo.undoStack).toHaveLength(0);
    b.undo.undo();
    expect(annotationBodies(a.doc).has(created)).toBe(true);

    a.undo.undo();
    expect(annotationBodies(b.doc).has(created)).toBe(false);
    expect(findAnnotations(b.view.state.doc)).toEqual([]);
    expect(findAnnotations(a.view.state.doc)).toEqual([]);

    a.undo.redo();
    expect(annotationBodies(b.doc).has(created)).toBe(true);
    expect(findAnnotations(b.view.state.doc).map((f) => f.id)).toEqual([created]);
  });

  it('returns null and changes nothing on an empty selection', () => {
    const [a] = connectedPair();
    const before = Y.encodeStateVector(a.doc);
    expect(createClaim(a.view, { id: 'u1', name: 'Ana' })).toBeNull();
    expect(Y.encodeStateVector(a.doc)).toEqual(before);
  });
});

describe('presence', () => {
  it('lists connected users, self first, ignoring malformed states', () => {
    const doc = new Y.Doc();
    const aw = new Awareness(doc);
    setLocalUser(aw, { id: 'u1', name: 'Zoe', color: colorFor('u1') });
    aw.states.set(999, { user: { id: 'u2', name: 'Ana', color: '#000' } });
    aw.states.set(1000, { user: { name: 42 } });
    const list = readPresence(aw);
    expect(list.map((p) => [p.user.name, p.self])).toEqual([
      ['Zoe', true],
      ['Ana', false],
    ]);
    expect(colorFor('u1')).toBe(colorFor('u1'));
  });

  it('carries which card someone is editing, and ignores a malformed value', () => {
    const doc = new Y.Doc();
    const aw = new Awareness(doc);
    setLocalUser(aw, { id: 'u1', name: 'Zoe', color: colorFor('u1') });
    setEditingCard(aw, 'claim-1');
    aw.states.set(999, { user: { id: 'u2', name: 'Ana', color: '#000' }, editing: { evil: true } });
    expect(readPresence(aw).map((p) => p.editing)).toEqual(['claim-1', null]);
    setEditingCard(aw, null);
    expect(readPresence(aw)[0]?.editing).toBeNull();
  });

  it('lists one person with the document open in two tabs once, with the card either tab edits', () => {
    const doc = new Y.Doc();
    const aw = new Awareness(doc);
    setLocalUser(aw, { id: 'u1', name: 'Zoe', color: colorFor('u1') });
    aw.states.set(998, { user: { id: 'u1', name: 'Zoe', color: colorFor('u1') }, editing: 'claim-2' });
    aw.states.set(999, { user: { id: 'u2', name: 'Ana', color: '#000' } });
    aw.states.set(1001, { user: { id: 'u2', name: 'Ana', color: '#000' }, editing: 'claim-3' });
    expect(readPresence(aw).map((p) => [p.user.name, p.self, p.editing])).toEqual([
      ['Zoe', true, 'claim-2'],
      ['Ana', false, 'claim-3'],
    ]);
  });

  it("clears this tab's caret and field caret while the tab is hidden or another window has the focus", () => {
    const doc = new Y.Doc();
    const aw = new Awareness(doc);
    aw.setLocalStateField('cursor', { anchor: 1, head: 2 });
    setFieldCaret(aw, { id: 'c', field: 'rationale', anchor: null, head: null });
    const stop = hideCaretWhileAway(aw, window);
    window.dispatchEvent(new Event('blur'));
    expect(aw.getLocalState()).toMatchObject({ cursor: null, field: null });
    stop();
    aw.setLocalStateField('cursor', { anchor: 1, head: 2 });
    window.dispatchEvent(new Event('blur'));
    expect(aw.getLocalState()).toMatchObject({ cursor: { anchor: 1, head: 2 } });
  });
});

describe('remote cursors', () => {
  it('render a peer name as text and ignore a colour that is not a plain hex colour', () => {
    const el = remoteCursor({
      name: '<img src=x onerror=alert(1)>',
      color: 'red; background: url(https://evil.example/)',
    });
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(el.getAttribute('style')).not.toContain('evil');
    expect(safeColor('#a1b2c3')).toBe('#a1b2c3');
    expect(remoteSelection({ color: 'url(x)' }).style).toBe('background-color: #66666633');
  });
});
