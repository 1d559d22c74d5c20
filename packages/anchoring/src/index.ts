/** @factmark/anchoring: finding a quoted span of text again in an article. */
export { type AnchorOptions, TextAnchorer } from './anchor.ts';
export type { AnchorCandidate, AnchorMethod, AnchorResult } from './bands.ts';
export {
  type ExcerptVerification,
  type FoundPassage,
  PASSAGE_CONTEXT,
  verifyExcerpt,
  type WordChange,
  type WordPart,
  wordChanges,
  wordDiff,
} from './excerpt.ts';
export { type PassageChange, passageChange } from './passage-change.ts';
export { describeSpan, type TextPositionSelector, type TextQuoteSelector } from './selectors.ts';
export { ArticleText, normalize } from './text.ts';
export { ANCHOR_THRESHOLDS } from './thresholds.ts';
