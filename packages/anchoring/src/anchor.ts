/** TextAnchorer: finds a W3C quote/position selector pair again in a text — confirmed, approximate, ambiguous or orphan, with the reason. */
import search from 'approx-string-match';
import { type AnchorMethod, type AnchorResult, agreement, orphanOf, type Question, type Scored } from './bands.ts';
import { isEvidence, prefixScore, suffixScore } from './context.ts';
import { bestOfOverlaps, GramIndex, masked, searchApproximately, windowsBesideSureSide } from './search.ts';
import type { TextPositionSelector, TextQuoteSelector } from './selectors.ts';
import { type NormalizedText, normalize, normalizeString } from './text.ts';
import { ANCHOR_THRESHOLDS, EVIDENCE_WEIGHTS } from './thresholds.ts';

/** Tuning of the matcher (defaults: {@link ANCHOR_THRESHOLDS}). */
export interface AnchorOptions {
  /** Least similarity of the quote itself (1 − edits / length) for an approximate match. */
  minQuoteSimilarity?: number;
  /** Most edits searched for, as a share of the quote's length (never more than 1 − the least quote similarity). */
  maxErrorRate?: number;
}

/**
 * Finds quoted spans in one text. Build it once per text (it normalizes the
 * text up front) and anchor any number of selectors against it.
 *
 * 1. The position, when the text there still equals the quote: confirmed.
 * 2. The exact occurrences of the quote (after normalizing whitespace, Unicode
 *    and typographic punctuation). Each is scored on its context, aligned
 *    against the text beside it (empty or whitespace-only context is no
 *    evidence), and on its distance from the position.
 * 3. When no occurrence is decided, an approximate match (Myers' algorithm, from
 *    `approx-string-match`) near the position; over the whole text when the
 *    quote occurs nowhere exactly (where enough of its grams and its context's
 *    line up); without a position, beside the context's exact occurrences.
 * A candidate whose context disagrees is never taken; of several that agree, the
 * position picks one only when it is the only one within reach of it; else the
 * result is ambiguous. Never a guess.
 */
export class TextAnchorer {
  private readonly norm: NormalizedText;
  /** Normalized offset of each original offset (for position hints). */
  private normOf: Int32Array | null = null;
  /** The gram index of the normalized text, built when first needed. */
  private grams: GramIndex | null = null;
  /** How many selectors' occurrences were found by scanning the text (before the index was built). */
  private scans = 0;

  constructor(
    readonly text: string,
    private readonly options: AnchorOptions = {},
  ) {
    this.norm = normalize(text);
  }

  anchor(quote: TextQuoteSelector | undefined, position?: TextPositionSelector): AnchorResult {
    const { text } = this;
    const inText = position && position.start >= 0 && position.end <= text.length && position.start < position.end;
    if (inText && quote) {
      const there = text.slice(position.start, position.end);
      if (there === quote.exact || normalizeString(there) === normalizeString(quote.exact))
        return { status: 'confirmed', start: position.start, end: position.end, score: 1, method: 'position' };
    }
    if (!quote) {
      if (inText)
        return { status: 'confirmed', start: position.start, end: position.end, score: 1, method: 'position' };
      return { status: 'orphan', reason: 'no quote, and the position is outside the text' };
    }
    const exact = normalizeString(quote.exact);
    if (exact.trim() === '') return { status: 'orphan', reason: 'the quote is empty' };
    const ask: Question = {
      exact,
      prefix: normalizeString(quote.prefix ?? ''),
      suffix: normalizeString(quote.suffix ?? ''),
      hint: position ? this.normalizedOffset(position.start) : null,
      reach: Math.max(ANCHOR_THRESHOLDS.positionReach, exact.length),
      minQuote: this.options.minQuoteSimilarity ?? ANCHOR_THRESHOLDS.minQuoteSimilarity,
    };
    // Near the position, an occurrence whose context is the selector's on every side is the passage: confirmed
    // without reading the rest of the text.
    const near = this.sureNear(ask);
    if (near) return near;
    const starts = this.occurrences(exact);
    const occurrences = starts.map((s) => this.scored(ask, s, s + exact.length, 1));
    const decided = this.decide(ask, occurrences);
    // An exact occurrence whose context is as good as identical (or a selector with no context at all) leaves
    // nothing better to find. Otherwise the annotation's own words may be there, edited, with a context that fits
    // better: near the position; as Hypothesis does, over the whole text when the quote occurs nowhere exactly;
    // and, without a position, beside the places its context occurs word for word.
    if (decided.status === 'confirmed' && this.isSure(decided, occurrences)) return decided;
    const approximate = this.approximate(ask, starts, occurrences.length === 0);
    if (approximate === null || approximate.length === 0) return decided;
    return this.decide(ask, bestOfOverlaps([...occurrences, ...approximate]));
  }

  /**
   * Candidates whose context is as good as identical on one side and unlike on the other: the words beside the
   * quote were edited — or this is another passage that happens to share one side. Nothing tells which, so they
   * are ambiguous (for a person to confirm), never decided; null when there are none.
   */
  private oneSided(candidates: readonly Scored[], minQuote: number): AnchorResult | null {
    const doubtful = candidates
      .filter(
        (c) => c.quote >= minQuote && c.sides.length === 2 && Math.max(...c.sides) >= ANCHOR_THRESHOLDS.contextSure,
      )
      .sort((a, b) => b.score - a.score);
    if (doubtful.length === 0) return null;
    return {
      status: 'ambiguous',
      candidates: doubtful
        .slice(0, ANCHOR_THRESHOLDS.listedCandidates)
        .map((c) => ({ ...this.original(c.start, c.end), score: c.score })),
      reason: 'the words on only one side of it match: confirm where it belongs',
    };
  }

  private index(): GramIndex {
    this.grams ??= new GramIndex(this.norm.text);
    return this.grams;
  }

  /**
   * The exact occurrences of `exact` in the normalized text: the first few by scanning it (most selectors are
   * found at their position, and a few scans cost less than building the index), then from the gram index.
   */
  private occurrences(exact: string): number[] {
    if (this.grams || ++this.scans > ANCHOR_THRESHOLDS.scansBeforeIndex) return this.index().occurrences(exact);
    const text = this.norm.text;
    const hits: number[] = [];
    for (
      let i = text.indexOf(exact);
      i >= 0 && hits.length <= ANCHOR_THRESHOLDS.maxOccurrences;
      i = text.indexOf(exact, i + 1)
    )
      hits.push(i);
    return hits;
  }

  /** Whether the decided occurrence's context is as good as identical on every side (or there is none). */
  private isSure(decided: { start: number }, occurrences: readonly Scored[]): boolean {
    const pick = occurrences.find((c) => this.original(c.start, c.end).start === decided.start);
    return pick?.sides.every((side) => side >= ANCHOR_THRESHOLDS.noBetterMatch) ?? false;
  }

  /**
   * An occurrence within a few kilobytes of the position whose context is sure on every side (and is evidence):
   * the quote word for word, or else its words edited within the threshold (the annotation's own passage, retyped
   * in place: the context and the position say so, and no exact occurrence elsewhere could say more).
   */
  private sureNear(ask: Question): AnchorResult | null {
    const { hint } = ask;
    if (hint === null) return null;
    // Most positions are a few characters stale: look close first (the nearest sure occurrence within the
    // closer radius is the nearest of all), then as far as the threshold.
    const radii = [512, ANCHOR_THRESHOLDS.nearPosition];
    let best: Scored | null = null;
    for (const radius of radii) best ??= this.sureWithin(ask, hint, radius, this.exactIn);
    for (const radius of radii) best ??= this.sureWithin(ask, hint, radius, this.editedIn);
    if (!best) return null;
    const status = best.quote < 1 ? 'approximate' : 'confirmed';
    const method = best.quote < 1 ? 'fuzzy' : 'context';
    return { status, ...this.original(best.start, best.end), score: best.score, method };
  }

  /** Of the candidates `find` sees within `radius` characters of `hint`, the nearest whose context is sure on every side. */
  private sureWithin(
    ask: Question,
    hint: number,
    radius: number,
    find: (ask: Question, slice: string, from: number) => Scored[],
  ): Scored | null {
    const from = Math.max(0, hint - radius);
    const slice = this.norm.text.slice(from, hint + radius + ask.exact.length);
    let best: Scored | null = null;
    for (const c of find(ask, slice, from)) {
      const sure = c.sides.length > 0 && c.sides.every((side) => side >= ANCHOR_THRESHOLDS.contextSure);
      if (sure && c.quote >= ask.minQuote && (best === null || (c.distance ?? 0) < (best.distance ?? 0))) best = c;
    }
    return best;
  }

  /** The exact occurrences of the quote in `slice` (which starts at offset `from`), scored. */
  private readonly exactIn = (ask: Question, slice: string, from: number): Scored[] => {
    const found: Scored[] = [];
    for (let j = slice.indexOf(ask.exact); j >= 0; j = slice.indexOf(ask.exact, j + 1))
      found.push(this.scored(ask, from + j, from + j + ask.exact.length, 1));
    return found;
  };

  /**
   * Matches of the quote in `slice` (which starts at offset `from`) within the edits that could be taken, scored:
   * searched only beside the places where a side of the context could be sure (see {@link windowsBesideSureSide}).
   */
  private readonly editedIn = (ask: Question, slice: string, from: number): Scored[] => {
    const maxErrors = this.maxErrors(ask);
    if (maxErrors < 1) return [];
    const found: Scored[] = [];
    for (const [a, b] of windowsBesideSureSide(slice, ask, maxErrors))
      for (const m of search(slice.slice(a, b), ask.exact, maxErrors))
        found.push(this.scored(ask, from + a + m.start, from + a + m.end, 1 - m.errors / ask.exact.length));
    return bestOfOverlaps(found);
  };

  /** Most edits an approximate match of the quote may have: more than the least quote similarity allows are never taken. */
  private maxErrors(ask: Question): number {
    const rate = Math.min(this.options.maxErrorRate ?? 1, 1 - ask.minQuote);
    return Math.floor(ask.exact.length * rate);
  }

  /**
   * Approximate candidates near the hint, and then, when none is there, over the whole text (`everywhere`) or
   * beside the context's exact occurrences (without a hint); null when the quote is too short to search. The exact
   * occurrences are masked first: the search reports only the best matches it finds, and an exact occurrence
   * nearby would hide the annotation's own words, edited, at the position.
   */
  private approximate(ask: Question, exactStarts: readonly number[], everywhere: boolean): Scored[] | null {
    const { exact, hint } = ask;
    const maxErrors = this.maxErrors(ask);
    if (maxErrors < 1) return null;
    const text = this.norm.text;
    let found: { start: number; end: number; errors: number }[] = [];
    if (hint !== null) {
      const from = Math.max(0, hint - exact.length * 2 - ANCHOR_THRESHOLDS.positionReach);
      const to = Math.min(text.length, hint + exact.length * 3 + ANCHOR_THRESHOLDS.positionReach);
      const window = masked(text.slice(from, to), exactStarts, exact.length, from);
      found = search(window, exact, maxErrors).map((m) => ({ ...m, start: m.start + from, end: m.end + from }));
    }
    if (found.length === 0 && (everywhere || hint === null)) {
      // A side of context counts only when it is evidence; a match is wanted only if that side could agree.
      const side = (context: string) => (isEvidence(context) ? context : '');
      const budget = (context: string) => Math.floor(context.length * (1 - ANCHOR_THRESHOLDS.contextAgrees) + 1e-9);
      const sought = { exact, prefix: side(ask.prefix), suffix: side(ask.suffix) };
      const errors = { exact: maxErrors, prefix: budget(sought.prefix), suffix: budget(sought.suffix) };
      found = searchApproximately(this.index(), { ...sought, errors }, exactStarts, everywhere);
    }
    const scored = found.map((m) => this.scored(ask, m.start, m.end, 1 - m.errors / exact.length));
    return bestOfOverlaps(scored);
  }

  /** The candidate's evidence: its quote's similarity, its context's agreement, its distance from the hint. */
  private scored(ask: Question, start: number, end: number, quote: number): Scored {
    const text = this.norm.text;
    const contexts = [prefixScore(text, start, ask.prefix), suffixScore(text, end, ask.suffix)];
    let total = EVIDENCE_WEIGHTS.quote * quote;
    let weight: number = EVIDENCE_WEIGHTS.quote;
    const [before, after] = contexts;
    if (before !== null && before !== undefined) {
      total += EVIDENCE_WEIGHTS.prefix * before;
      weight += EVIDENCE_WEIGHTS.prefix;
    }
    if (after !== null && after !== undefined) {
      total += EVIDENCE_WEIGHTS.suffix * after;
      weight += EVIDENCE_WEIGHTS.suffix;
    }
    if (ask.hint !== null) {
      // The position is local evidence: it tells apart repeats a few characters from it, never distant ones (a
      // stale position must not pull an annotation onto another occurrence of its words).
      total += EVIDENCE_WEIGHTS.position * (1 - Math.min(1, Math.abs(start - ask.hint) / ask.reach));
      weight += EVIDENCE_WEIGHTS.position;
    }
    const evidence = contexts.filter((c): c is number => c !== null);
    const distance = ask.hint === null ? null : Math.abs(start - ask.hint);
    return { start, end, score: total / weight, quote, agrees: agreement(evidence), distance, sides: evidence };
  }

  /**
   * The band of a set of candidates. Plausible: the quote within the threshold and a context that agrees (or no
   * context at all). One plausible candidate is decided; of several, the one the position picks (the only one
   * within reach of it); otherwise the result is ambiguous, never a guess.
   */
  private decide(ask: Question, candidates: Scored[]): AnchorResult {
    const { minQuote } = ask;
    const plausible = candidates
      .filter((c) => c.quote >= minQuote && c.agrees !== false)
      .sort((a, b) => b.score - a.score);
    if (plausible.length === 0) return this.oneSided(candidates, minQuote) ?? orphanOf(ask, candidates, minQuote);
    const near = plausible.filter((c) => c.agrees === true && c.distance !== null && c.distance <= ask.reach);
    const pick = plausible.length === 1 ? plausible[0] : near.length === 1 ? near[0] : undefined;
    if (!pick || candidates.length > ANCHOR_THRESHOLDS.maxOccurrences) {
      const listed = plausible
        .slice(0, ANCHOR_THRESHOLDS.listedCandidates)
        .map((c) => ({ ...this.original(c.start, c.end), score: c.score }));
      return {
        status: 'ambiguous',
        candidates: listed,
        reason: `${plausible.length} places fit the quote and the evidence cannot tell them apart`,
      };
    }
    const method: AnchorMethod = pick.quote < 1 ? 'fuzzy' : candidates.length > 1 ? 'context' : 'quote';
    return {
      status: pick.quote < 1 ? 'approximate' : 'confirmed',
      ...this.original(pick.start, pick.end),
      score: pick.score,
      method,
    };
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
    if (this.norm.identity) return Math.max(0, Math.min(offset, this.text.length));
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
