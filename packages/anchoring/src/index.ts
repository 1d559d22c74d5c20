/** @factmark/anchoring: finding a quoted span of text again in an article. */
export {
  type AnchorCandidate,
  type AnchorMethod,
  type AnchorOptions,
  type AnchorResult,
  describeSpan,
  TextAnchorer,
  type TextPositionSelector,
  type TextQuoteSelector,
} from './anchor.ts';
export { ArticleText, normalize } from './text.ts';
export { ANCHOR_THRESHOLDS } from './thresholds.ts';
