/** @factmark/anchoring: finding a quoted span of text again in an article. */
export {
  type AnchorCandidate,
  type AnchorMethod,
  type AnchorOptions,
  type AnchorResult,
  TextAnchorer,
} from './anchor.ts';
export { describeSpan, type TextPositionSelector, type TextQuoteSelector } from './selectors.ts';
export { ArticleText, normalize } from './text.ts';
export { ANCHOR_THRESHOLDS } from './thresholds.ts';
