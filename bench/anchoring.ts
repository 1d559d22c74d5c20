import { describeSpan, TextAnchorer, type TextPositionSelector, type TextQuoteSelector } from '@factmark/anchoring';
import search from 'approx-string-match';
import { generatedParagraphs } from './article.ts';
import { type Figure, rng } from './stats.ts';

interface Case {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  /** Where the span is in the revised text. */
  expected: number;
  perturbed: boolean;
}

/**
 * The interop benchmark: selectors for `count` random spans of a 200,000-character article, taken before a
 * revision that put a new paragraph at the top (so every position is stale), with `share` of the quotes
 * perturbed (about 6% of their characters substituted, as a re-typed or re-translated quote would be).
 */
export function anchoringCases(chars: number, count: number, share: number, seed = 7) {
  const random = rng(seed);
  const before = generatedParagraphs(chars, seed).join('\n');
  const added = 'Update: this article was revised on Thursday after the ministry corrected its figures.\n';
  const after = added + before;
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const length = 24 + Math.floor(random() * 56);
    const start = Math.floor(random() * (before.length - length - 1));
    const { quote, position } = describeSpan(before, start, start + length);
    const perturbed = random() < share;
    if (perturbed) {
      const chars = [...quote.exact];
      const edits = Math.max(1, Math.round(chars.length * 0.06));
      for (let e = 0; e < edits; e++) {
        const at = 1 + Math.floor(random() * (chars.length - 2));
        chars[at] = chars[at] === 'x' ? 'y' : 'x';
      }
      quote.exact = chars.join('');
    }
    cases.push({ quote, position, expected: start + added.length, perturbed });
  }
  return { text: after, cases };
}

/**
 * The matcher Hypothesis uses (its `match-quote`, here re-stated): approximate search for the quote in the
 * whole text (at most half its length in errors), each match scored on quote, prefix, suffix and position.
 */
export function baselineMatchQuote(text: string, quote: TextQuoteSelector, hint: number): number | null {
  const maxErrors = Math.min(256, Math.floor(quote.exact.length / 2));
  const matches = search(text, quote.exact, maxErrors);
  if (matches.length === 0) return null;
  const similarity = (a: string, b: string) => {
    if (a.length === 0) return 1;
    const found = search(b, a, Math.min(256, a.length));
    return found.length ? 1 - (found[0]?.errors ?? a.length) / a.length : 0;
  };
  let best: number | null = null;
  let bestScore = -1;
  for (const m of matches) {
    const quoteScore = 1 - m.errors / quote.exact.length;
    const prefix = quote.prefix ?? '';
    const suffix = quote.suffix ?? '';
    const prefixScore = similarity(prefix, text.slice(Math.max(0, m.start - prefix.length), m.start));
    const suffixScore = similarity(suffix, text.slice(m.end, m.end + suffix.length));
    const posScore = 1 - Math.abs(m.start - hint) / text.length;
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
    if (score > bestScore) {
      bestScore = score;
      best = m.start;
    }
  }
  return best;
}

/** Selectors per second and accuracy of the anchoring engine, next to the plain quote-and-context matcher. */
export async function benchAnchoring(quick: boolean): Promise<Figure[]> {
  const count = 1_000;
  const { text, cases } = anchoringCases(200_000, count, 0.05);
  const suite = 'anchoring';
  // Warm up (JIT), then measure the whole batch as one would anchor a document's annotations.
  const warm = new TextAnchorer(text);
  for (const c of cases.slice(0, 50)) warm.anchor(c.quote, c.position);
  const t0 = performance.now();
  const anchorer = new TextAnchorer(text);
  let correct = 0;
  let correctPerturbed = 0;
  let orphans = 0;
  let ambiguous = 0;
  let wrong = 0;
  for (const c of cases) {
    const r = anchorer.anchor(c.quote, c.position);
    if (r.status === 'orphan') orphans++;
    else if (r.status === 'ambiguous') ambiguous++;
    else if (r.start === c.expected) {
      correct++;
      if (c.perturbed) correctPerturbed++;
    } else wrong++;
  }
  const ours = performance.now() - t0;
  const perturbed = cases.filter((c) => c.perturbed).length;

  // The baseline is slow: on a quick run, time a sample and scale.
  const sample = quick ? cases.filter((_, i) => i % 10 === 0) : cases;
  const t1 = performance.now();
  let baselineCorrect = 0;
  for (const c of sample) if (baselineMatchQuote(text, c.quote, c.position.start) === c.expected) baselineCorrect++;
  const baseline = ((performance.now() - t1) * cases.length) / sample.length;
  const round = (n: number, d = 1) => Number(n.toFixed(d));
  return [
    {
      suite,
      name: `anchor ${count} selectors, 200,000 characters, 5% perturbed (total)`,
      value: round(ours),
      unit: 'ms',
      baseline: round(baseline),
      ratio: round(ours / baseline, 4),
      target: '≤ 80 ms and ≥ 3× faster',
      pass: ours <= 80 && baseline / ours >= 3,
    },
    { suite, name: 'selectors per second', value: Math.round((count / ours) * 1000), unit: '/s' },
    {
      suite,
      name: 'anchored at the right place',
      value: round((correct / count) * 100),
      unit: '%',
      baseline: round((baselineCorrect / sample.length) * 100),
    },
    { suite, name: `perturbed quotes anchored right (of ${perturbed})`, value: correctPerturbed, unit: '' },
    { suite, name: 'orphaned (nothing plausible)', value: orphans, unit: '' },
    { suite, name: 'ambiguous (kept for review)', value: ambiguous, unit: '' },
    { suite, name: 'decided on a wrong span', value: wrong, unit: '' },
  ];
}
