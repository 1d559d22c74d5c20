/** What the claim finder suggests: the kinds of hints, their words, and a hint's shape. */

/** Check-worthy spans: what a fact-checker may want to turn into a claim. */
export type ClaimKind = 'numeric' | 'date' | 'attribution' | 'superlative' | 'comparison' | 'quote';
/** Translation slips: what a correction should fix. */
export type SlipKind = 'doubled' | 'fragment' | 'repeated';
/** Every kind of hint. */
export type HintKind = ClaimKind | SlipKind;

/** Each kind's group and its name in words (the margin's filters and the hover use them). */
export const HINT_KINDS: Record<HintKind, { group: 'claim' | 'slip'; label: string }> = {
  numeric: { group: 'claim', label: 'Number' },
  date: { group: 'claim', label: 'Date' },
  attribution: { group: 'claim', label: 'Attribution' },
  superlative: { group: 'claim', label: 'First or superlative' },
  comparison: { group: 'claim', label: 'Comparison or change' },
  quote: { group: 'claim', label: 'Quote' },
  doubled: { group: 'slip', label: 'Doubled words' },
  fragment: { group: 'slip', label: 'Sentence fragment' },
  repeated: { group: 'slip', label: 'Repeated sentence' },
};

/** A replacement a slip suggests: the text from `start` to `end` becomes `text` ('' deletes it). */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

/** One hint: where it is (offsets in the text analysed), what it is, why, and what to do about it. */
export interface Hint {
  kind: HintKind;
  start: number;
  end: number;
  /** The text the hint covers. */
  text: string;
  /** Why, in words: "number with what it counts: 140 aircraft". */
  reason: string;
  /** Claims: the sentence holding it, to prefill the claim's statement. */
  statement?: string;
  /** Slips: the suggested correction (it may cover more than the hint, e.g. a fragment and the sentence it left). */
  correction?: Replacement;
  /**
   * Stable while the sentence holding the hint is unchanged (kind, sentence and text, hashed): a decision
   * taken on a hint (accepted, dismissed) is kept under it, so edits elsewhere do not bring the hint back.
   */
  key: string;
}

/** True when `kind` is a translation slip. */
export function isSlip(kind: HintKind): kind is SlipKind {
  return HINT_KINDS[kind].group === 'slip';
}

/** The summary line of a list of hints: "14 possible claims, 3 possible translation slips". */
export function hintSummary(hints: readonly Pick<Hint, 'kind'>[]): string {
  const slips = hints.filter((h) => isSlip(h.kind)).length;
  return summaryLine(hints.length - slips, slips);
}

/** The summary line from the counts of possible claims and of possible translation slips. */
export function summaryLine(claims: number, slips: number): string {
  const count = (n: number, word: string) => `${n} possible ${word}${n === 1 ? '' : 's'}`;
  return `${count(claims, 'claim')}, ${count(slips, 'translation slip')}`;
}
