/**
 * The claim finder: precision and recall per kind on the labelled set (packages/hints/fixtures/claim-finder), next
 * to the plain rule a desk would start from — every sentence with a digit is a claim (sentences split after . ! or ?
 * followed by a space) — and the time to analyse 10,000 and 200,000 characters, cold and after a keystroke.
 */
import { analyzeBlocks, evaluate, HINT_KINDS, HintCache, type HintKind, type Scored } from '@factmark/hints';
import { type LabelledArticle, labelledSet } from '@factmark/hints/labelled-set';
import type { Figure } from './stats.ts';

const blocksOf = (a: LabelledArticle) => a.text.split('\n').map((text, i) => ({ text, offset: a.blockStarts[i] ?? 0 }));

/** The baseline: each sentence (of the body) holding a digit; with `everyKind`, predicted once as each claim kind. */
function digitSentences(a: LabelledArticle, everyKind: boolean): Scored[] {
  const out: Scored[] = [];
  for (const block of blocksOf(a).slice(1)) {
    let start = 0;
    for (const sentence of block.text.split(/(?<=[.!?])\s+/)) {
      const at = block.text.indexOf(sentence, start);
      start = at + sentence.length;
      if (!/\d/.test(sentence)) continue;
      for (const kind of everyKind ? (Object.keys(HINT_KINDS) as HintKind[]) : ['numeric' as const]) {
        if (HINT_KINDS[kind].group === 'claim') out.push({ kind, start: block.offset + at, end: block.offset + start });
      }
    }
  }
  return out;
}

/** An article of about `chars` characters made of the labelled set's blocks, repeated. */
function articleOf(set: LabelledArticle[], chars: number) {
  const paragraphs = set.flatMap((a) =>
    blocksOf(a)
      .slice(1)
      .map((b) => b.text),
  );
  const blocks: { text: string; offset: number }[] = [{ text: 'A long article', offset: 0 }];
  let offset = 'A long article'.length + 1;
  for (let i = 0; offset < chars; i++) {
    // Each copy differs by a word, as a long article's paragraphs differ: the block cache cannot share them.
    const text = `${paragraphs[i % paragraphs.length]} (${i})`;
    blocks.push({ text, offset });
    offset += text.length + 1;
  }
  return blocks;
}

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** The claim finder's figures. */
export async function benchHints(quick: boolean): Promise<Figure[]> {
  const suite = 'claim finder';
  const set = labelledSet();
  const ours = evaluate(
    set.map((a) => ({ predicted: analyzeBlocks(blocksOf(a), { title: true }), labelled: a.labels })),
  );
  const digit = evaluate(set.map((a) => ({ predicted: digitSentences(a, true), labelled: a.labels })));
  const digitOnce = evaluate(set.map((a) => ({ predicted: digitSentences(a, false), labelled: a.labels })));
  const round = (n: number) => Number(n.toFixed(2));
  const figures: Figure[] = [];
  for (const kind of Object.keys(HINT_KINDS) as HintKind[]) {
    const o = ours.perKind[kind];
    const b = digit.perKind[kind];
    const claim = HINT_KINDS[kind].group === 'claim';
    const recallTarget = kind === 'numeric' || kind === 'attribution' ? 0.9 : kind === 'doubled' ? 1 : null;
    figures.push({
      suite,
      name: `${kind}: recall (${o.found}/${o.labelled} labels)${claim ? ' vs every sentence with a digit' : ''}`,
      value: round(o.recall),
      unit: '',
      ...(claim ? { baseline: round(b.recall) } : {}),
      ...(recallTarget === null ? {} : { target: `≥ ${recallTarget}`, pass: o.recall >= recallTarget }),
    });
    figures.push({
      suite,
      name: `${kind}: precision (${o.right}/${o.predicted} hints)`,
      value: round(o.precision),
      unit: '',
      ...(kind === 'doubled' ? { target: '1 (no deliberate repetition flagged)', pass: o.precision === 1 } : {}),
    });
  }
  figures.push(
    {
      suite,
      name: `all hints: precision (${ours.all.right}/${ours.all.predicted}) vs every sentence with a digit (${digitOnce.claims.right}/${digitOnce.claims.predicted} sentences)`,
      value: round(ours.all.precision),
      unit: '',
      baseline: round(digitOnce.claims.precision),
      target: '≥ 0.7',
      pass: ours.all.precision >= 0.7,
    },
    {
      suite,
      name: 'claims: recall, any kind (vs every sentence with a digit)',
      value: round(ours.claims.recall),
      unit: '',
      baseline: round(digitOnce.claims.recall),
    },
  );
  for (const chars of [10_000, 200_000]) {
    const blocks = articleOf(set, chars);
    const runs = quick ? 1 : 3;
    const cold = Math.min(...Array.from({ length: runs }, () => timed(() => analyzeBlocks(blocks, { title: true }))));
    const cache = new HintCache();
    analyzeBlocks(blocks, { title: true, cache });
    // A keystroke: one block's text changes; the rest come from the cache.
    const middle = Math.floor(blocks.length / 2);
    const keystrokes: number[] = [];
    for (let k = 0; k < (quick ? 20 : 100); k++) {
      const edited = blocks.map((b, i) => (i === middle ? { ...b, text: `${b.text}${'x'.repeat(k + 1)}` } : b));
      keystrokes.push(timed(() => analyzeBlocks(edited, { title: true, cache })));
    }
    keystrokes.sort((a, b) => a - b);
    figures.push(
      {
        suite,
        name: `analyse ${chars.toLocaleString('en')} characters (cold, in the worker)`,
        value: Math.round(cold),
        unit: 'ms',
      },
      {
        suite,
        name: `re-analyse ${chars.toLocaleString('en')} characters after a keystroke (median, in the worker)`,
        value: Number((keystrokes[Math.floor(keystrokes.length / 2)] ?? 0).toFixed(2)),
        unit: 'ms',
      },
    );
  }
  return figures;
}
