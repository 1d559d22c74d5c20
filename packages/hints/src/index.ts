/** @factmark/hints: the claim finder — check-worthy spans and translation slips of an article, with why and what to do. */

export { analyzeBlock, analyzeBlocks, analyzeEachBlock, type BlockAnalysis, HintCache, hintKey } from './analyze.ts';
export { analyzeArticle } from './article.ts';
export { evaluate, type Score, type Scored } from './evaluate.ts';
export {
  type ClaimKind,
  HINT_KINDS,
  type Hint,
  type HintKind,
  hintSummary,
  isSlip,
  type Replacement,
  type SlipKind,
  summaryLine,
} from './hint.ts';
