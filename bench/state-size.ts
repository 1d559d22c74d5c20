/**
 * Document state per annotation: a 200,000-character article with 5,000
 * claims imported (the import API's own path), encoded with and without them;
 * the bodies alone in today's layout and in the layout from before.
 */
import { type AnnotationBody, annotationBodies, bodiesJSON, encodeNewArticle } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import * as Y from 'yjs';
import { legacyBodyMap } from '../packages/collab/src/test-support/legacy-layout.ts';
import { sessionsWrite } from '../packages/collab/src/test-support/sessions.ts';
import { importW3C } from '../packages/interop/src/index.ts';
import { generatedParagraphs } from './article.ts';
import { claimsForBench } from './editor-support.ts';
import type { Figure } from './stats.ts';

/** The encoded size of a document holding only `bodies`, each laid out by `layout`. */
function bodiesSize(
  bodies: ReadonlyMap<string, AnnotationBody>,
  layout: (b: Parameters<typeof legacyBodyMap>[0]) => Y.Map<unknown>,
) {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const body of bodies.values()) annotationBodies(doc).set(body.id, layout(body));
  });
  return Y.encodeStateAsUpdate(doc).length;
}

/** The article as `bare` holds it with `count` claims imported: the document, and its bytes of state per claim. */
function withClaims(bare: Y.Doc, text: string, count: number) {
  const without = Y.encodeStateAsUpdate(bare).length;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(bare));
  importW3C(doc, claimsForBench(text, count), { id: 'u-bench', name: 'Bench' });
  const size = Y.encodeStateAsUpdate(doc).length;
  return { doc, size, perAnnotation: (size - without) / count };
}

/** Bytes of document state per annotation (target ≤ 200), and the body's share against the layout from before. */
export async function benchStateSize(quick: boolean): Promise<Figure[]> {
  const count = quick ? 1_000 : 5_000;
  const text = generatedParagraphs(200_000).join('\n\n');
  const bare = new Y.Doc();
  Y.applyUpdate(bare, encodeNewArticle(articleFromText(text)));
  const { doc, size: withAnnotations, perAnnotation } = withClaims(bare, text, count);
  // Whole bodies, anchors unpacked (readBodies leaves them packed): the layout from before stored them as three fields.
  const bodies = bodiesJSON(doc) as Map<string, AnnotationBody>;
  if (bodies.size !== count) throw new Error(`Imported ${bodies.size} of ${count} claims`);
  // The same after 50 sessions wrote to the document (a desk's week): the anchors keep the state of the clients a
  // span's text is made of, not the whole state vector, so a claim costs no more.
  sessionsWrite(bare, 50, 0);
  const afterSessions = withClaims(bare, text, count).perAnnotation;
  const stored = annotationBodies(doc);
  const today = bodiesSize(bodies, (b) => (stored.get(b.id) as Y.Map<unknown>).clone());
  const before = bodiesSize(bodies, legacyBodyMap);
  const suite = `document state, ${count.toLocaleString('en')} claims`;
  const round = (n: number) => Math.round(n);
  return [
    {
      suite,
      name: `per annotation: encoded state with them minus without, ÷ ${count.toLocaleString('en')} (mark and body)`,
      value: round(perAnnotation),
      unit: 'B',
      target: '≤ 200 B',
      pass: perAnnotation <= 200,
    },
    {
      suite,
      name: 'per annotation, the same in a document 50 sessions (Yjs clients) wrote to before',
      value: round(afterSessions),
      unit: 'B',
    },
    {
      suite,
      name: 'of which the body (baseline: the layout from before, every field and three anchor fields)',
      value: round(today / count),
      unit: 'B',
      baseline: round(before / count),
      ratio: Math.round((today / before) * 100) / 100,
    },
    {
      suite,
      name: 'whole document, encoded',
      value: Math.round(withAnnotations / 1000),
      unit: 'KB',
    },
  ];
}
