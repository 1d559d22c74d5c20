/**
 * The claim finder's Web Worker: keeps the article's blocks by key, analyses
 * them (each block's text cached, so a keystroke re-reads one block) and
 * answers the hints, offsets inside the block, of the blocks whose hints
 * changed since its last answer. Typing never waits for it: the page only
 * posts the blocks that changed, and places only the hints that did.
 */
import { analyzeEachBlock, HintCache } from '@factmark/hints';
import { type AnalyseRequest, type AnalyseResult, type BlockHint, orderAfter, slices } from './hint-protocol.ts';

const texts = new Map<number, string>();
/** The article's blocks by key, in order, as the page's requests left them. */
let order: number[] = [];
const cache = new HintCache();
/** What the page was last told of each block (the same array while the block's hints stay the same). */
const told = new Map<number, readonly BlockHint[]>();
let latest: AnalyseRequest | null = null;
let scheduled = false;

function analyse(request: AnalyseRequest): AnalyseResult[] {
  const each = analyzeEachBlock(
    order.map((key) => texts.get(key) ?? ''),
    { title: request.title, cache },
  );
  const changed: [number, readonly BlockHint[]][] = [];
  order.forEach((key, i) => {
    const hints = each[i] ?? [];
    if (told.get(key) === hints) return;
    told.set(key, hints);
    changed.push([key, hints]);
  });
  const live = new Set(order);
  const removed = [...told.keys()].filter((key) => !live.has(key));
  for (const key of removed) told.delete(key);
  // The texts of blocks no longer in the article (replaced by an edit) go too.
  for (const key of texts.keys()) if (!live.has(key)) texts.delete(key);
  const parts = slices(changed, order, request.near);
  return parts.map((part, i) => ({
    version: request.version,
    changed: part,
    removed: i === 0 ? removed : [],
    last: i === parts.length - 1,
  }));
}

self.onmessage = (event: MessageEvent<AnalyseRequest>) => {
  const request = event.data;
  for (const [key, text] of request.texts) texts.set(key, text);
  order = orderAfter(order, request);
  // Requests that arrive while one is analysed are folded: only the latest is answered.
  latest = request;
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    const next = latest;
    latest = null;
    // Each slice is a message of its own: the page places it in a task of its own.
    if (next) for (const part of analyse(next)) (self as unknown as Worker).postMessage(part);
  }, 0);
};
