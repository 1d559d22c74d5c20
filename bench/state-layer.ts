import type { Node as PMNode } from 'prosemirror-model';
import { generatedArticle } from './article.ts';
import { type Figure, quantile, rng, time } from './stats.ts';

/**
 * The state layer in Node (ProseMirror state and view in happy-dom, Yjs,
 * y-prosemirror, the annotation index, anchors and bodies): marking a claim
 * and typing one character in a 200,000-character article with 5,000
 * annotations, next to a bare y-prosemirror editor on the same text.
 */
export async function benchStateLayer(quick: boolean): Promise<Figure[]> {
  const { GlobalRegistrator } = await import('@happy-dom/global-registrator');
  if (!('document' in globalThis)) GlobalRegistrator.register();
  try {
    return await measureStateLayer(quick);
  } finally {
    // happy-dom replaces fetch and WebSocket too: give the other suites Node's own back.
    await GlobalRegistrator.unregister();
  }
}

async function measureStateLayer(quick: boolean): Promise<Figure[]> {
  // happy-dom's MutationObserver walks the whole subtree on every observe and
  // disconnect, which ProseMirror does around each update: an artefact of the
  // DOM emulation that no browser has (the Chromium suite measures the real
  // view). Nothing here mutates the DOM behind ProseMirror's back, so a
  // silent observer changes no result.
  globalThis.MutationObserver = class {
    observe() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  } as unknown as typeof MutationObserver;
  const Y = await import('yjs');
  const { EditorState, TextSelection } = await import('prosemirror-state');
  const { EditorView } = await import('prosemirror-view');
  const { ySyncPlugin, prosemirrorToYXmlFragment } = await import('y-prosemirror');
  const { Awareness } = await import('y-protocols/awareness');
  const { articleSchema } = await import('@factmark/editor');
  const { annotationBodies, articleFragment, bodyToYMap, checkUpdate, collabPlugins, FactCheck, newClaimBody } =
    await import('@factmark/collab');

  const chars = 200_000;
  const annotations = quick ? 1_000 : 5_000;
  const typings = quick ? 100 : 400;
  const markings = quick ? 50 : 200;
  const { doc: annotated, ids } = generatedArticle(chars, annotations);
  const bare = stripMarks(annotated);

  function textPositions(doc: PMNode): number[] {
    const out: number[] = [];
    doc.forEach((block, offset) => {
      if (block.type.name === 'paragraph') for (let i = 1; i < block.content.size; i += 7) out.push(offset + 1 + i);
    });
    return out;
  }

  function setUp(withModel: boolean) {
    const ydoc = new Y.Doc();
    const article = withModel ? annotated : bare;
    prosemirrorToYXmlFragment(article, articleFragment(ydoc));
    if (withModel) {
      const at = new Date();
      const author = { id: 'bench', name: 'Bench' };
      ydoc.transact(() => {
        for (const { id, quote } of ids)
          annotationBodies(ydoc).set(id, bodyToYMap(newClaimBody({ id, quote, author, at })));
      });
    }
    const plugins = withModel ? collabPlugins(ydoc, new Awareness(ydoc)).plugins : [ySyncPlugin(articleFragment(ydoc))];
    const mount = document.createElement('div');
    document.body.append(mount);
    const view = new EditorView(mount, { state: EditorState.create({ schema: articleSchema, plugins }) });
    return { ydoc, view, mount };
  }

  const figures: Figure[] = [];
  const typeSamples: Record<'model' | 'bare', number[]> = { model: [], bare: [] };
  // The server's side: each update the model's editor sends, judged by the update gate on a document that
  // follows it (the trial copy built once beforehand, as on a server that has the document open).
  const gateSamples: Record<'typing' | 'marking', number[]> = { typing: [], marking: [] };
  for (const variant of ['bare', 'model'] as const) {
    const { view, mount, ydoc } = setUp(variant === 'model');
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(ydoc));
    checkUpdate(server, Y.encodeStateAsUpdate(ydoc, Y.encodeStateVector(server)), { userId: 'bench', role: 'editor' });
    const sent: Uint8Array[] = [];
    ydoc.on('update', (u: Uint8Array) => sent.push(u));
    const judge = (kind: 'typing' | 'marking', role: 'editor' | 'commenter') => {
      for (const update of sent.splice(0)) {
        if (variant !== 'model') continue;
        let ok = false;
        gateSamples[kind].push(time(() => (ok = checkUpdate(server, update, { userId: 'bench', role }).ok)));
        if (!ok) throw new Error(`the gate refused the benchmark's own ${kind}`);
        Y.applyUpdate(server, update);
      }
    };
    const random = rng(42);
    for (let i = 0; i < typings; i++) {
      const positions = textPositions(view.state.doc);
      const pos = positions[Math.floor(random() * positions.length)] as number;
      typeSamples[variant].push(time(() => view.dispatch(view.state.tr.insertText('x', pos))));
      judge('typing', 'editor');
    }
    if (variant === 'model') {
      const fc = new FactCheck(view, { id: 'bench', name: 'Bench' });
      const markSamples: number[] = [];
      for (let i = 0; i < markings; i++) {
        const positions = textPositions(view.state.doc);
        const pos = positions[Math.floor(random() * positions.length)] as number;
        const sel = TextSelection.create(view.state.doc, pos, Math.min(pos + 20, view.state.doc.resolve(pos).end()));
        view.dispatch(view.state.tr.setSelection(sel));
        markSamples.push(time(() => fc.markClaim()));
        judge('marking', 'commenter');
      }
      figures.push(
        figure(
          'state layer',
          `mark a claim, p50 (${annotations} annotations)`,
          quantile(markSamples, 0.5),
          '≤ 5 ms',
          5,
        ),
        figure('state layer', `mark a claim, p99 (${annotations} annotations)`, quantile(markSamples, 0.99)),
      );
    }
    view.destroy();
    mount.remove();
    ydoc.destroy();
  }
  for (const [kind, label] of [
    ['typing', 'a typed character (editor)'],
    ['marking', 'a new claim with its body (commenter)'],
  ] as const) {
    figures.push(
      figure('update gate', `judge ${label}, p50 (${annotations} annotations)`, quantile(gateSamples[kind], 0.5)),
      figure('update gate', `judge ${label}, p99 (${annotations} annotations)`, quantile(gateSamples[kind], 0.99)),
    );
  }
  const p50 = quantile(typeSamples.model, 0.5);
  const p50bare = quantile(typeSamples.bare, 0.5);
  figures.unshift(
    {
      ...figure('state layer', `type one character, p50 (${annotations} annotations)`, p50, '≤ 5 ms', 5),
      baseline: round(p50bare),
      ratio: round(p50 / p50bare),
    },
    {
      ...figure(
        'state layer',
        `type one character, p99 (${annotations} annotations)`,
        quantile(typeSamples.model, 0.99),
      ),
      baseline: round(quantile(typeSamples.bare, 0.99)),
      ratio: round(quantile(typeSamples.model, 0.99) / quantile(typeSamples.bare, 0.99)),
    },
  );
  return figures;

  function stripMarks(doc: PMNode): PMNode {
    const claim = articleSchema.marks.claim;
    return doc.type.create(
      doc.attrs,
      doc.content.content.map((block) =>
        block.isTextblock
          ? block.type.create(
              block.attrs,
              block.content.content.map((t) => t.mark(claim.removeFromSet(t.marks))),
            )
          : block,
      ),
    );
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function figure(suite: string, name: string, value: number, target?: string, limit?: number): Figure {
  return {
    suite,
    name,
    value: round(value),
    unit: 'ms',
    ...(target && limit !== undefined ? { target, pass: value <= limit } : {}),
  };
}
