// @vitest-environment happy-dom
import { ArticleText } from '@factmark/anchoring';
import { annotationBodies, bodyJSON, collabPlugins, FactCheck, readArticle } from '@factmark/collab';
import { articleFromText, articleSchema } from '@factmark/editor';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { importW3C } from './import.ts';
import { reviseArticle } from './revision.ts';
import { ALICE, ARTICLE, DocBuilder } from './test-support/builder.ts';

/** A W3C claim on `quote` (found by its text alone). */
function claimOn(id: string, quote: string) {
  return {
    id,
    type: 'Annotation',
    motivation: 'assessing',
    body: [{ type: 'TextualBody', value: 'True', purpose: 'assessing' }],
    target: { source: 'urn:test', selector: [{ type: 'TextQuoteSelector', exact: quote }] },
  };
}

/** The character a stored relative position names, read from the Yjs text itself. */
function characterAt(doc: Y.Doc, encoded: unknown): string | null {
  if (!(encoded instanceof Uint8Array)) return null;
  const abs = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(encoded), doc);
  if (!abs || !(abs.type instanceof Y.XmlText)) return null;
  const text = (abs.type.toDelta() as { insert: unknown }[])
    .map((d) => (typeof d.insert === 'string' ? d.insert : '\ufffc'))
    .join('');
  return text[abs.index] ?? null;
}

function anchoredText(doc: Y.Doc, id: string): [string | null, string | null] {
  const body = bodyJSON(annotationBodies(doc).get(id) as Y.Map<unknown>);
  return [characterAt(doc, body.anchorStart), characterAt(doc, body.anchorEnd)];
}

const views: EditorView[] = [];
afterEach(() => {
  for (const v of views.splice(0)) v.destroy();
});

/** A colleague's editor on a copy of `doc`. */
function editorOn(doc: Y.Doc, clientId: number) {
  const copy = new Y.Doc();
  copy.clientID = clientId;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const { plugins } = collabPlugins(copy, new Awareness(copy));
  const view = new EditorView(document.createElement('div'), {
    state: EditorState.create({ schema: articleSchema, plugins }),
  });
  views.push(view);
  return { doc: copy, view, fc: new FactCheck(view, ALICE) };
}

function textPos(view: EditorView, needle: string): number {
  const text = new ArticleText(view.state.doc);
  return text.toPos(text.text.indexOf(needle));
}

function spanTexts(doc: Y.Doc, id: string): string[] {
  const article = readArticle(doc);
  const out: string[] = [];
  article.descendants((node) => {
    if (node.isText && node.marks.some((m) => m.attrs.id === id)) out.push(node.text ?? '');
  });
  return out;
}

describe('writing annotations outside an editor', () => {
  it('gives every imported span anchors on its first and last character', () => {
    const b = new DocBuilder();
    const report = importW3C(
      b.doc,
      [claimOn('urn:x:1', '140 aircraft'), claimOn('urn:x:2', 'hostile information')],
      ALICE,
    );
    expect(report.exact).toHaveLength(2);
    const ids = [...annotationBodies(b.doc).keys()];
    expect(ids.map((id) => anchoredText(b.doc, id)).sort()).toEqual([
      ['1', 't'],
      ['h', 'n'],
    ]);
  });

  it('gives revised spans fresh anchors in the new text', () => {
    const b = new DocBuilder();
    const id = b.annotate('claim', '4.2 billion crowns');
    reviseArticle(
      b.doc,
      articleFromText(ARTICLE.replace('raised the defense budget', 'lifted the budget of the armed forces')),
    );
    expect(spanTexts(b.doc, id)).toEqual(['4.2 billion crowns']);
    expect(anchoredText(b.doc, id)).toEqual(['4', 's']);
  });

  // Which side a concurrently created mark grows on depends on the client ids: try both orders.
  for (const clientId of [1, 2 ** 31]) {
    it(`an imported span covers only its quote though a colleague typed at both its edges meanwhile (client ${clientId})`, async () => {
      const server = new DocBuilder();
      server.doc.clientID = 2 ** 30;
      const colleague = editorOn(server.doc, clientId);
      const sent: Uint8Array[] = [];
      colleague.doc.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin !== 'server') sent.push(u);
      });
      const received: Uint8Array[] = [];
      server.doc.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin !== 'colleague') received.push(u);
      });

      // Concurrently: the server imports a claim on "140 aircraft"; the colleague types at both its edges.
      importW3C(server.doc, [claimOn('urn:x:1', '140 aircraft')], ALICE);
      const at = textPos(colleague.view, '140 aircraft');
      const typeAt = (pos: number, text: string) =>
        colleague.view.dispatch(
          colleague.view.state.tr.setSelection(TextSelection.create(colleague.view.state.doc, pos)).insertText(text),
        );
      typeAt(at + '140 aircraft'.length, 'X');
      typeAt(at, 'Y');

      for (const u of sent.splice(0)) Y.applyUpdate(server.doc, u, 'colleague');
      for (const u of received.splice(0)) Y.applyUpdate(colleague.doc, u, 'server');
      // The colleague's editor trims the growth after the remote change, and sends the repair.
      for (let i = 0; i < 5; i++) await Promise.resolve();
      for (const u of sent.splice(0)) Y.applyUpdate(server.doc, u, 'colleague');

      const [id] = [...annotationBodies(server.doc).keys()] as [string];
      expect(colleague.view.state.doc.textContent).toContain('Y140 aircraftX');
      expect(spanTexts(colleague.doc, id)).toEqual(['140 aircraft']);
      expect(spanTexts(server.doc, id)).toEqual(['140 aircraft']);
    });
  }

  it("an editor opening a document writes nothing until someone edits (not even anchors the import didn't write)", () => {
    const b = new DocBuilder();
    b.annotate('claim', '140 aircraft');
    for (const map of annotationBodies(b.doc).values()) {
      (map as Y.Map<unknown>).delete('anchors');
    }
    const colleague = editorOn(b.doc, 7);
    const writes: Uint8Array[] = [];
    colleague.doc.on('update', (u: Uint8Array) => writes.push(u));
    const { view } = colleague;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, textPos(view, 'aircraft'))));
    expect(writes).toEqual([]);
    // A local edit inside the span gives it anchors.
    view.dispatch(view.state.tr.insertText('jet '));
    const id = [...annotationBodies(colleague.doc).keys()][0] as string;
    expect(anchoredText(colleague.doc, id)).toEqual(['1', 't']);
  });
});
