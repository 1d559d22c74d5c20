/** What the page and the claim finder's worker say to each other. */
import type { Hint } from '@factmark/hints/kinds';

/** Page → worker: the article's textblocks in order, each by key; the text only of blocks the worker has not seen. */
export interface AnalyseRequest {
  version: number;
  /** True when the first block is the title (left out of the analysis). */
  title: boolean;
  order: number[];
  texts: [number, string][];
}

/** A hint with offsets inside its block's text. */
export type BlockHint = Hint;

/** Worker → page: the hints of the blocks whose hints changed since its last answer, and the blocks gone. */
export interface AnalyseResult {
  version: number;
  changed: [number, readonly BlockHint[]][];
  removed: number[];
}
