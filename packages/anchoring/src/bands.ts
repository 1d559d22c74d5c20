/**
 * The anchoring bands and their evidence: the result types, what one selector asks, a candidate with the evidence
 * for it, whether its context agrees, and why nothing fits.
 */
import { ANCHOR_THRESHOLDS } from './thresholds.ts';

/** How a span was found. */
export type AnchorMethod = 'position' | 'quote' | 'context' | 'fuzzy';

/** A place a quote might be, with the score of the evidence for it (0..1). */
export interface AnchorCandidate {
  start: number;
  end: number;
  score: number;
}

/**
 * Where a selector pair landed, in one of four bands:
 * - `confirmed`: the quote at the position, or the one occurrence the context (or, for identical contexts, the
 *   position) picks decisively;
 * - `approximate`: text within the threshold of the quote, whose context agrees;
 * - `ambiguous`: several candidates the evidence cannot separate decisively (listed best first, with scores);
 * - `orphan`: nothing plausible, with the reason.
 */
export type AnchorResult =
  | { status: 'confirmed' | 'approximate'; start: number; end: number; score: number; method: AnchorMethod }
  | { status: 'ambiguous'; candidates: AnchorCandidate[]; reason: string }
  | { status: 'orphan'; reason: string; score?: number };

/** A candidate with the evidence for it. */
export interface Scored extends AnchorCandidate {
  /** 1 − edits / length. */
  quote: number;
  /** Whether the context agrees (see {@link ANCHOR_THRESHOLDS.contextAgrees}); null when the selector gives none. */
  agrees: boolean | null;
  /** Distance from the position hint in characters (null without one). */
  distance: number | null;
  /** The similarity of each side of the context that is evidence. */
  sides: number[];
}

/** What one selector asks: the normalized quote and context, the normalized position hint, and its limits. */
export interface Question {
  exact: string;
  prefix: string;
  suffix: string;
  hint: number | null;
  /** How near the hint a candidate must be for the position to count (characters). */
  reach: number;
  /** The least quote similarity taken. */
  minQuote: number;
}

/** Why nothing fits: the quote is nowhere within the threshold, or it is only where the context disagrees. */
export function orphanOf(ask: Question, candidates: Scored[], minQuote: number): AnchorResult {
  const similar = candidates.filter((c) => c.quote >= minQuote);
  if (similar.length > 0) {
    const where = similar.length === 1 ? 'once' : `${similar.length} times`;
    return {
      status: 'orphan',
      reason: `the quote occurs ${where} in the text, but never with the words around it`,
      score: Math.max(...similar.map((c) => c.score)),
    };
  }
  const closest = candidates.reduce<Scored | null>((b, c) => (b === null || c.quote > b.quote ? c : b), null);
  if (!closest) return { status: 'orphan', reason: 'quote not found: no text close enough to it' };
  const edits = Math.round((1 - closest.quote) * ask.exact.length);
  return {
    status: 'orphan',
    reason: `the closest text differs in ${edits} of ${ask.exact.length} characters (similarity ${closest.quote.toFixed(2)} < ${minQuote})`,
    score: closest.score,
  };
}

/**
 * Whether a candidate's context agrees: every side that is evidence alike (a context edited on one side no longer
 * agrees — its position, carried through the edit, still finds it). Null when the selector gives no context.
 */
export function agreement(sides: readonly number[]): boolean | null {
  if (sides.length === 0) return null;
  return Math.min(...sides) >= ANCHOR_THRESHOLDS.contextAgrees;
}
