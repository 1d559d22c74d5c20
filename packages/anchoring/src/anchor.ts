/** TextAnchorer: finds a W3C quote/position selector pair again in a text, exactly, by context or approximately, or says why not. */
import search from 'approx-string-match';
import { type NormalizedText, normalize, normalizeString } from './text.ts';

/** W3C TextQuoteSelector: the quoted text, with some text before and after it to tell repeats apart. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** W3C TextPositionSelector: start and end offsets (see ArticleText for the unit). */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** How a span was found. */
export type AnchorMethod = 'position' | 'quote' | 'context' | 'fuzzy';

/** Where a selector pair landed, or why it did not. */
export type AnchorResult =
  | {
      status: 'exact' | 'approximate';
      start: number;
      end: number;
      /** 1 for an exact match; for an approximate one, the weighted similarity of quote, context and position. */
      score: number;
      method: AnchorMethod;
    }
  | { status: 'orphan'; reason: string; score?: number };

/** Tuning of the approximate matcher. */
export interface AnchorOptions {
  /** Least similarity of the quote itself (1 − edits / length) for an approximate match; default 0.85. */
  minQuoteSimilarity?: number;
  /** Most edits searched for, as a share of the quote's length; default 0.25. */
  maxErrorRate?: number;
}

const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 };

/** The share of `a` and `b` that agrees, read from their ends inward (for a prefix) or starts outward (suffix). */
function contextSimilarity(expected: string, actual: string, fromEnd: boolean): number {
  if (expected.length === 0) return 1;
  let same = 0;
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const a = fromEnd ? expected[expected.length - 1 - i] : expected[i];
    const b = fromEnd ? actual[actual.length - 1 - i] : actual[i];
    if (a === b) same++;
  }
  return same / expected.length;
}

/**
 * Finds quoted spans in one text. Build it once per text (it normalizes the
 * text up front) and anchor any number of selectors against it.
 *
 * Order of attempts, each cheaper than the next:
 * 1. the position, when the text there still equals the quote;
 * 2. the exact quote (after normalizing whitespace, Unicode and typographic
 *    punctuation), choosing among repeats by prefix, suffix and distance from
 *    the position;
 * 3. an approximate match of bounded edit distance (Myers' algorithm, from
 *    `approx-string-match`), first near the position, then everywhere, scored
 *    on quote, prefix, suffix and position. Below the minimum quote similarity
 *    the result is an orphan with the reason: never a guess.
 */
export class TextAnchorer {
  private readonly norm: NormalizedText;
  /** Normalized offset of each original offset (for position hints). */
  private normOf: Int32Array | null = null;

  constructor(
    readonly text: string,
    private readonly options: AnchorOptions = {},
  ) {
    this.norm = normalize(text);
  }

  anchor(quote: TextQuoteSelector | undefined, position?: TextPositionSelector): AnchorResult {
    const { text } = this;
    if (position && quote && position.start >= 0 && position.end <= text.length && position.start < position.end) {
      const there = text.slice(position.start, position.end);
      if (there === quote.exact || normalizeString(there) === normalizeString(quote.exact)) {
        return { status: 'exact', start: position.start, end: position.end, score: 1, method: 'position' };
      }
    }
    if (!quote) {
      if (position && position.start >= 0 && position.end <= text.length && position.start < position.end)
        return { status: 'exact', start: position.start, end: position.end, score: 1, method: 'position' };
      return { status: 'orphan', reason: 'no quote, and the position is outside the text' };
    }
    const exact = normalizeString(quote.exact);
    if (exact.trim() === '') return { status: 'orphan', reason: 'the quote is empty' };
    const prefix = normalizeString(quote.prefix ?? '');
    const suffix = normalizeString(quote.suffix ?? '');
    const hint = position ? this.normalizedOffset(position.start) : null;

    // Near the position first: an occurrence there whose prefix and suffix match exactly cannot be beaten.
    if (hint !== null) {
      const near = this.exactNear(exact, prefix, suffix, hint);
      if (near !== null)
        return { status: 'exact', ...this.original(near, near + exact.length), score: 1, method: 'context' };
    }
    return this.exactMatch(exact, prefix, suffix, hint) ?? this.approximateMatch(exact, prefix, suffix, hint);
  }

  /** The best occurrence of the normalized quote (by context and distance from the hint), or null when there is none. */
  private exactMatch(exact: string, prefix: string, suffix: string, hint: number | null): AnchorResult | null {
    const hits: number[] = [];
    for (
      let i = this.norm.text.indexOf(exact);
      i >= 0 && hits.length < 10_000;
      i = this.norm.text.indexOf(exact, i + 1)
    )
      hits.push(i);
    if (hits.length === 0) return null;
    let best = hits[0] as number;
    if (hits.length > 1) {
      let bestScore = -1;
      for (const start of hits) {
        const score = this.score(start, start + exact.length, 1, prefix, suffix, hint);
        if (score > bestScore) {
          bestScore = score;
          best = start;
        }
      }
    }
    return {
      status: 'exact',
      ...this.original(best, best + exact.length),
      score: 1,
      method: hits.length > 1 ? 'context' : 'quote',
    };
  }

  /**
   * The best text within a bounded number of edits of the quote, near the
   * hint first, then everywhere; an orphan with the reason when none is
   * similar enough.
   */
  private approximateMatch(exact: string, prefix: string, suffix: string, hint: number | null): AnchorResult {
    const minSimilarity = this.options.minQuoteSimilarity ?? 0.85;
    const maxErrors = Math.max(1, Math.floor(exact.length * (this.options.maxErrorRate ?? 0.25)));
    let candidates: { start: number; end: number; errors: number }[] = [];
    if (hint !== null) {
      const from = Math.max(0, hint - exact.length * 2 - 256);
      const to = Math.min(this.norm.text.length, hint + exact.length * 3 + 256);
      candidates = search(this.norm.text.slice(from, to), exact, maxErrors).map((m) => ({
        start: m.start + from,
        end: m.end + from,
        errors: m.errors,
      }));
    }
    if (candidates.length === 0) candidates = search(this.norm.text, exact, maxErrors);
    if (candidates.length === 0) {
      return { status: 'orphan', reason: `quote not found: no text within ${maxErrors} edits of it` };
    }
    let best = candidates[0] as (typeof candidates)[number];
    let bestScore = -1;
    for (const c of candidates) {
      const score = this.score(c.start, c.end, 1 - c.errors / exact.length, prefix, suffix, hint);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    const similarity = 1 - best.errors / exact.length;
    if (similarity < minSimilarity) {
      return {
        status: 'orphan',
        reason: `the closest text differs in ${best.errors} of ${exact.length} characters (similarity ${similarity.toFixed(2)} < ${minSimilarity})`,
        score: bestScore,
      };
    }
    return { status: 'approximate', ...this.original(best.start, best.end), score: bestScore, method: 'fuzzy' };
  }

  /** An occurrence of `exact` within a few kilobytes of `hint` whose context matches exactly, or null. */
  private exactNear(exact: string, prefix: string, suffix: string, hint: number): number | null {
    const text = this.norm.text;
    const from = Math.max(0, hint - 4_096);
    // Search a slice: indexOf on the whole text would scan to its end after the last occurrence nearby.
    const near = text.slice(from, hint + 4_096 + exact.length);
    let best: number | null = null;
    for (let j = near.indexOf(exact); j >= 0; j = near.indexOf(exact, j + 1)) {
      const i = from + j;
      const before = text.slice(Math.max(0, i - prefix.length), i);
      const after = text.slice(i + exact.length, i + exact.length + suffix.length);
      if (before === prefix && after === suffix && (best === null || Math.abs(i - hint) < Math.abs(best - hint)))
        best = i;
    }
    return best;
  }

  /** Weighted similarity of a candidate: its quote, its context and its distance from the position hint. */
  private score(
    start: number,
    end: number,
    quoteSimilarity: number,
    prefix: string,
    suffix: string,
    hint: number | null,
  ): number {
    const text = this.norm.text;
    let total = WEIGHTS.quote * quoteSimilarity;
    let weight = WEIGHTS.quote;
    if (prefix) {
      total += WEIGHTS.prefix * contextSimilarity(prefix, text.slice(Math.max(0, start - prefix.length), start), true);
      weight += WEIGHTS.prefix;
    }
    if (suffix) {
      total += WEIGHTS.suffix * contextSimilarity(suffix, text.slice(end, end + suffix.length), false);
      weight += WEIGHTS.suffix;
    }
    if (hint !== null) {
      total += WEIGHTS.position * (1 - Math.min(1, Math.abs(start - hint) / Math.max(1, text.length)));
      weight += WEIGHTS.position;
    }
    return total / weight;
  }

  private original(start: number, end: number): { start: number; end: number } {
    const { source } = this.norm;
    const s = start;
    const e = end;
    const from = source[s] ?? this.text.length;
    // The original text after the last matched character starts where the next normalized character came from.
    const to = source[e] ?? this.text.length;
    return { start: from, end: to };
  }

  private normalizedOffset(offset: number): number {
    if (!this.normOf) {
      // Each original offset maps to the normalized character it became part of (whitespace runs to their space).
      const map = new Int32Array(this.text.length + 1);
      const { source } = this.norm;
      for (let j = 0; j + 1 < source.length; j++) {
        const end = source[j + 1] as number;
        for (let i = source[j] as number; i < end; i++) map[i] = j;
      }
      map[this.text.length] = source.length - 1;
      this.normOf = map;
    }
    return this.normOf[Math.max(0, Math.min(offset, this.text.length))] ?? 0;
  }
}

/** The selectors that describe `[start, end)` of `text`: the quote with up to `context` characters either side, and the position. */
export function describeSpan(
  text: string,
  start: number,
  end: number,
  context = 32,
): { quote: TextQuoteSelector; position: TextPositionSelector } {
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - context), start),
      suffix: text.slice(end, end + context),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}
