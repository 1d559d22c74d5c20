import { articleSchema } from '@factmark/editor';
import type { Mark, Node as PMNode } from 'prosemirror-model';
import { rng } from './stats.ts';

const WORDS =
  'the ministry said on Monday that more than 50,000 soldiers and 140 aircraft would take part in drills near the border according to officials who spoke on condition of anonymity while the agency reported malicious or malicious cyber operations against networks in the region since 2015'.split(
    ' ',
  );

/** A generated wire-copy article of about `chars` characters in paragraphs of about 200. */
export function generatedParagraphs(chars: number, seed = 1): string[] {
  const random = rng(seed);
  const paragraphs: string[] = [];
  let total = 0;
  while (total < chars) {
    const words: string[] = [];
    let length = 0;
    while (length < 200) {
      const w = WORDS[Math.floor(random() * WORDS.length)] as string;
      words.push(w);
      length += w.length + 1;
    }
    const p = `${words.join(' ')}.`;
    paragraphs.push(p);
    total += p.length;
  }
  return paragraphs;
}

/**
 * The article as a ProseMirror document, with `annotations` claim marks of
 * 15–40 characters spread evenly over its paragraphs (some overlapping).
 * Returns the document and the ids and quotes of the annotations.
 */
export function generatedArticle(
  chars: number,
  annotations: number,
  seed = 1,
): { doc: PMNode; ids: { id: string; quote: string }[] } {
  const random = rng(seed + 1);
  const paragraphs = generatedParagraphs(chars, seed);
  const perParagraph = annotations / paragraphs.length;
  const ids: { id: string; quote: string }[] = [];
  let carry = 0;
  const blocks = paragraphs.map((text, pi) => {
    carry += perParagraph;
    const count = Math.floor(carry);
    carry -= count;
    const marksAt: Mark[][] = Array.from({ length: text.length }, () => []);
    for (let k = 0; k < count; k++) {
      const len = 15 + Math.floor(random() * 25);
      const start = Math.floor(random() * (text.length - len));
      const id = `b${pi.toString(36)}x${k.toString(36)}`.padEnd(16, '0').slice(0, 16);
      ids.push({ id, quote: text.slice(start, start + len) });
      const mark = articleSchema.marks.claim.create({ id });
      for (let i = start; i < start + len; i++) marksAt[i] = [...mark.addToSet(marksAt[i] as Mark[])];
    }
    const nodes: PMNode[] = [];
    let runStart = 0;
    for (let i = 1; i <= text.length; i++) {
      if (i === text.length || !sameMarks(marksAt[i] as Mark[], marksAt[runStart] as Mark[])) {
        nodes.push(articleSchema.text(text.slice(runStart, i), marksAt[runStart]));
        runStart = i;
      }
    }
    return articleSchema.nodes.paragraph.create(null, nodes);
  });
  const doc = articleSchema.nodes.doc.create(null, [
    articleSchema.nodes.title.create(null, articleSchema.text('Benchmark article')),
    ...blocks,
  ]);
  return { doc, ids };
}

function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  return a.length === b.length && a.every((m, i) => m.eq(b[i] as Mark));
}
