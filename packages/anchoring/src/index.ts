/** @factmark/anchoring: finding a quoted span of text again in an article. */
export { type AnchorOptions, TextAnchorer } from './anchor.ts';
export type { AnchorCandidate, AnchorMethod, AnchorResult } from './bands.ts';
export {
  type ExcerptVerification,
  type FoundPassage,
  PASSAGE_CONTEXT,
  verifyExcerpt,
  type WordChange,
  wordChanges,
} from './excerpt.ts';
export { describeSpan, type TextPositionSelector, type TextQuoteSelector } from './selectors.ts';
export { ArticleText, normalize } from './text.ts';
export { ANCHOR_THRESHOLDS } from './thresholds.ts';
