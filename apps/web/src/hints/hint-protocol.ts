/** What the page and the claim finder's worker say to each other. */
import type { Hint } from '@factmark/hints/kinds';

/**
 * Page → worker: the article's textblocks in order, each by key — all of them when the article's shape changed
 * (`order`), else the blocks replaced at their index (`replaced`: a keystroke's one, not five thousand keys
 * copied into the message) —; the text only of blocks the worker has not seen.
 */
export interface AnalyseRequest {
  version: number;
  /** True when the first block is the title (left out of the analysis). */
  title: boolean;
  /** Every block's key in order; null when only `replaced` changed since the last request. */
  order: number[] | null;
  /** `[index, key]`: the block at that index is now the block with that key (with `order` null). */
  replaced: [number, number][];
  texts: [number, string][];
  /** The index of the block at the caret: answers start there and spread out. */
  near: number;
}

/** A hint with offsets inside its block's text. */
export type BlockHint = Hint;

/**
 * Worker → page: the hints of blocks whose hints changed since its last answer, and the blocks gone. A long answer
 * comes in slices of {@link SLICE_BLOCKS} blocks, nearest the caret first, each placed in a task of its own so
 * typing never waits behind the whole article; `last` marks an answer's final slice.
 */
export interface AnalyseResult {
  version: number;
  changed: [number, readonly BlockHint[]][];
  removed: number[];
  last: boolean;
}

/** Blocks per slice of an answer (a slice's underlines are drawn in a few milliseconds). */
export const SLICE_BLOCKS = 40;

/** `changed` ordered nearest the block at index `near` of `order` first, cut in slices of {@link SLICE_BLOCKS}. */
export function slices<T extends [number, unknown]>(changed: T[], order: readonly number[], near: number): T[][] {
  const index = new Map(order.map((key, i) => [key, i]));
  const distance = (entry: T) => Math.abs((index.get(entry[0]) ?? 0) - near);
  const sorted = [...changed].sort((a, b) => distance(a) - distance(b));
  const out: T[][] = [];
  for (let i = 0; i < sorted.length; i += SLICE_BLOCKS) out.push(sorted.slice(i, i + SLICE_BLOCKS));
  return out.length > 0 ? out : [[]];
}

/**
 * The worker's order of blocks after `request`: its own `order`, or `current` with the replaced blocks put in
 * (changed in place: the worker keeps one).
 */
export function orderAfter(current: number[], request: Pick<AnalyseRequest, 'order' | 'replaced'>): number[] {
  if (request.order) return request.order;
  for (const [index, key] of request.replaced) current[index] = key;
  return current;
}
