import { describeSpan, TextAnchorer, type TextPositionSelector, type TextQuoteSelector } from '@factmark/anchoring';
import { generatedParagraphs } from './article.ts';
import { domAnchorTextQuote, domRoot } from './baselines/dom-anchor-text-quote.ts';
import { hypothesisMatchQuote } from './baselines/hypothesis-match-quote.ts';
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

/** A benchmark input: a text and selectors, each with the start of its right place (null: it is not there). */
interface Input {
  name: string;
  text: string;
  cases: { quote: TextQuoteSelector; position?: TextPositionSelector; expected: number | null }[];
}

/** Word-boundary offsets of `text` (after a space), to insert at. */
function boundaries(text: string, random: () => number, count: number): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const at = text.indexOf(' ', Math.floor(random() * text.length));
    if (at > 0) out.push(at + 1);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Repeats: the article with a copy of 45% of the quotes inserted elsewhere (each copy in other words' company), so
 * those quotes occur more than once; positions are those before the copies went in (stale). `hints` false drops them.
 */
export function repeatsInput(hints: boolean): Input {
  const random = rng(11);
  const base = generatedParagraphs(200_000, 11).join('\n');
  const spans = Array.from({ length: 1_000 }, () => {
    const length = 16 + Math.floor(random() * 40);
    const start = base.indexOf(' ', Math.floor(random() * (base.length - length - 2))) + 1;
    return { start, end: start + length };
  });
  const copied = spans.filter(() => random() < 0.45);
  const at = boundaries(base, random, copied.length);
  const inserts = copied.map((s, i) => ({ at: at[i] as number, text: `${base.slice(s.start, s.end)} ` }));
  let text = '';
  let from = 0;
  for (const ins of inserts) {
    text += base.slice(from, ins.at) + ins.text;
    from = ins.at;
  }
  text += base.slice(from);
  const shift = (offset: number) => inserts.reduce((n, ins) => (ins.at <= offset ? n + ins.text.length : n), 0);
  return {
    name: hints ? '45% of quotes repeated' : '45% of quotes repeated, no positions',
    text,
    cases: spans.map((s) => {
      const { quote, position } = describeSpan(base, s.start, s.end);
      return { quote, ...(hints ? { position } : {}), expected: s.start + shift(s.start) };
    }),
  };
}

/** Letters rotated by 13 (a passage's shape, none of its words): text that is in no article. */
const rot13 = (t: string) =>
  t.replace(/[a-z]/gi, (c) => {
    const a = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - a + 13) % 26) + a);
  });

/** Half unfindable: 500 selectors of the article, and 500 whose quote and context are in no article (ROT13). */
function unfindableInput(): Input {
  const random = rng(13);
  const text = generatedParagraphs(200_000, 13).join('\n');
  const cases: Input['cases'] = [];
  for (let i = 0; i < 1_000; i++) {
    const length = 24 + Math.floor(random() * 56);
    const start = Math.floor(random() * (text.length - length - 1));
    const { quote, position } = describeSpan(text, start, start + length);
    if (i % 2 === 0) cases.push({ quote, position, expected: start });
    else {
      const gone = {
        ...quote,
        exact: rot13(quote.exact),
        prefix: rot13(quote.prefix ?? ''),
        suffix: rot13(quote.suffix ?? ''),
      };
      cases.push({ quote: gone, position, expected: null });
    }
  }
  return { name: 'half of the quotes not in the text', text, cases };
}

/**
 * Today's input (the one issue 17's speed targets name): stale positions (a paragraph added at the top), 5% of the
 * quotes perturbed; `hints` false drops the positions.
 */
export function todayInput(hints = true): Input {
  const { text, cases } = anchoringCases(200_000, 1_000, 0.05);
  if (hints) return { name: 'positions stale, 5% of quotes perturbed', text, cases };
  return {
    name: '5% of quotes perturbed, no positions',
    text,
    cases: cases.map(({ quote, expected }) => ({ quote, expected })),
  };
}

/** One matcher's outcome on one input. */
interface Outcome {
  ms: number;
  right: number;
  wrong: number;
  ambiguous: number;
  orphaned: number;
}

export function runOurs(input: Input): Outcome {
  const o: Outcome = { ms: 0, right: 0, wrong: 0, ambiguous: 0, orphaned: 0 };
  const t0 = performance.now();
  const anchorer = new TextAnchorer(input.text);
  for (const c of input.cases) {
    const r = anchorer.anchor(c.quote, c.position);
    if (r.status === 'orphan') o.orphaned++;
    else if (r.status === 'ambiguous') o.ambiguous++;
    else if (r.start === c.expected) o.right++;
    else o.wrong++;
  }
  o.ms = performance.now() - t0;
  return o;
}

/** A peer's matcher: where it puts one selector of the input (null: not found). */
type PeerMatcher = (c: Input['cases'][number]) => { start: number } | null;

/**
 * A peer matcher on a sample of the input (every `sample`-th pair of selectors: a sample keeps the input's mix, its
 * selectors alternate in kind in some inputs), its figures scaled to the whole input. Peers never say ambiguous.
 */
function runPeer(input: Input, sample: number, match: PeerMatcher): Outcome {
  const o: Outcome = { ms: 0, right: 0, wrong: 0, ambiguous: 0, orphaned: 0 };
  const cases = input.cases.filter((_, i) => i % (sample * 2) < 2);
  const t0 = performance.now();
  for (const c of cases) {
    const m = match(c);
    if (!m) o.orphaned++;
    else if (m.start === c.expected) o.right++;
    else o.wrong++;
  }
  const scale = input.cases.length / cases.length;
  return {
    ms: (performance.now() - t0) * scale,
    right: Math.round(o.right * scale),
    wrong: Math.round(o.wrong * scale),
    ambiguous: 0,
    orphaned: Math.round(o.orphaned * scale),
  };
}

/** Hypothesis's `match-quote` (restated) on the input. */
function runHypothesis(input: Input, sample: number): Outcome {
  return runPeer(input, sample, (c) =>
    hypothesisMatchQuote(input.text, c.quote.exact, {
      prefix: c.quote.prefix ?? '',
      suffix: c.quote.suffix ?? '',
      ...(c.position ? { hint: c.position.start } : {}),
    }),
  );
}

/** `dom-anchor-text-quote` on the input, in a DOM element holding its text. */
function runDomAnchor(input: Input, sample: number): Outcome {
  const root = domRoot(input.text);
  return runPeer(input, sample, (c) => domAnchorTextQuote(root, c.quote, c.position?.start));
}

/**
 * Issue 17's speed targets: on today's input, ≥ 20× faster than Hypothesis's matcher with positions and ≥ 3× without;
 * the half-unfindable input in ≤ 200 ms. The repeated inputs carry none for speed with positions (ours does there
 * what Hypothesis's does not: it finds every occurrence to say "ambiguous" instead of picking one), ≥ 3× without.
 */
function speedTarget(input: Input, ours: number, theirs: number): { target?: string; pass?: boolean } {
  const withHints = input.cases.some((c) => c.position);
  if (input.name.startsWith('half')) return { target: '≤ 200 ms', pass: ours <= 200 };
  if (!withHints) return { target: '≥ 3× faster than Hypothesis', pass: theirs / ours >= 3 };
  if (input.name.startsWith('positions stale'))
    return { target: '≥ 20× faster than Hypothesis', pass: theirs / ours >= 20 };
  return {};
}

/**
 * Anchoring: 1,000 selectors on a 200,000-character article, four inputs, ours next to Hypothesis's matcher
 * (`baselines/hypothesis-match-quote.ts`, its published algorithm) and to `dom-anchor-text-quote` from npm (the
 * matcher Hypothesis used before, `baselines/dom-anchor-text-quote.ts`) on the same input in the same run.
 */
export async function benchAnchoring(quick: boolean): Promise<Figure[]> {
  const suite = 'anchoring';
  const inputs = [todayInput(), todayInput(false), repeatsInput(true), repeatsInput(false), unfindableInput()];
  const figures: Figure[] = [];
  const round = (n: number, d = 1) => Number(n.toFixed(d));
  // Each matcher is warmed up on the input for the same time (JIT: a fast matcher's code is optimised only after
  // many passes), then timed three times; the run of median time is reported (with the spread), so neither side's
  // figure is its first, unoptimised pass.
  const warmUp = (run: () => unknown) => {
    const until = performance.now() + (quick ? 100 : 400);
    do run();
    while (performance.now() < until);
  };
  const runs = quick ? 1 : 3;
  const median = (outcomes: Outcome[]) => {
    const sorted = [...outcomes].sort((a, b) => a.ms - b.ms);
    const mid = sorted[Math.floor(sorted.length / 2)] as Outcome;
    return { ...mid, spread: (sorted[sorted.length - 1] as Outcome).ms - (sorted[0] as Outcome).ms };
  };
  for (const input of inputs) {
    warmUp(() => runOurs(input));
    warmUp(() => runHypothesis(input, 10));
    const ours = median(Array.from({ length: runs }, () => runOurs(input)));
    const theirs = median(Array.from({ length: runs }, () => runHypothesis(input, quick ? 10 : 1)));
    // The earlier peer is slow (a bitap over the whole text per slice): one timed run on a tenth of the selectors.
    const dom = runDomAnchor(input, 10);
    const { target, pass } = speedTarget(input, ours.ms, theirs.ms);
    figures.push(
      {
        suite,
        name: `${input.name}: 1,000 selectors (ours vs Hypothesis's matcher; median of ${runs}, spread ${round(ours.spread)} / ${round(theirs.spread)} ms)`,
        value: round(ours.ms),
        unit: 'ms',
        baseline: round(theirs.ms),
        ratio: round(ours.ms / theirs.ms, 4),
        ...(target ? { target, pass } : {}),
      },
      { suite, name: `${input.name}: right`, value: ours.right, unit: '', baseline: theirs.right },
      {
        suite,
        name: `${input.name}: wrong`,
        value: ours.wrong,
        unit: '',
        baseline: theirs.wrong,
        target: '0',
        pass: ours.wrong === 0,
      },
      {
        suite,
        name: `${input.name}: ambiguous (kept for review)`,
        value: ours.ambiguous,
        unit: '',
        baseline: theirs.ambiguous,
      },
      { suite, name: `${input.name}: orphaned`, value: ours.orphaned, unit: '', baseline: theirs.orphaned },
      {
        suite,
        name: `${input.name}: 1,000 selectors (ours vs dom-anchor-text-quote, Hypothesis's earlier matcher, on a tenth, scaled)`,
        value: round(ours.ms),
        unit: 'ms',
        baseline: round(dom.ms),
        ratio: round(ours.ms / dom.ms, 4),
      },
      { suite, name: `${input.name}: dom-anchor-text-quote right`, value: dom.right, unit: '' },
      { suite, name: `${input.name}: dom-anchor-text-quote wrong`, value: dom.wrong, unit: '' },
      {
        suite,
        name: `${input.name}: dom-anchor-text-quote orphaned (it has no ambiguous)`,
        value: dom.orphaned,
        unit: '',
      },
    );
  }
  return figures;
}
