/**
 * The claim finder's Web Worker: keeps the article's blocks by key, analyses
 * them (each block's text cached, so a keystroke re-reads one block) and
 * answers each block's hints with offsets inside the block. Typing never
 * waits for it: the page only posts the blocks that changed.
 */
import { analyzeBlocks, HintCache } from '@factmark/hints';
import type { AnalyseRequest, AnalyseResult, BlockHint } from './hint-protocol.ts';

const texts = new Map<number, string>();
const cache = new HintCache();
let latest: AnalyseRequest | null = null;
let scheduled = false;

function analyse(request: AnalyseRequest): AnalyseResult {
  const blocks: { key: number; text: string; offset: number }[] = [];
  let offset = 0;
  for (const key of request.order) {
    const text = texts.get(key) ?? '';
    blocks.push({ key, text, offset });
    offset += text.length + 1;
  }
  const hints = analyzeBlocks(blocks, { title: request.title, cache });
  const byBlock = new Map<number, BlockHint[]>();
  let b = 0;
  for (const hint of hints) {
    while (b + 1 < blocks.length && (blocks[b + 1] as { offset: number }).offset <= hint.start) b++;
    const block = blocks[b] as { key: number; offset: number };
    const shift = (x: { start: number; end: number }) => ({ start: x.start - block.offset, end: x.end - block.offset });
    const moved: BlockHint = {
      ...hint,
      ...shift(hint),
      ...(hint.correction ? { correction: { ...hint.correction, ...shift(hint.correction) } } : {}),
    };
    const list = byBlock.get(block.key) ?? [];
    list.push(moved);
    byBlock.set(block.key, list);
  }
  return { version: request.version, blocks: [...byBlock] };
}

self.onmessage = (event: MessageEvent<AnalyseRequest>) => {
  const request = event.data;
  for (const [key, text] of request.texts) texts.set(key, text);
  const live = new Set(request.order);
  for (const key of texts.keys()) if (!live.has(key)) texts.delete(key);
  // Requests that arrive while one is analysed are folded: only the latest is answered.
  latest = request;
  if (scheduled) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    const next = latest;
    latest = null;
    if (next) (self as unknown as Worker).postMessage(analyse(next));
  }, 0);
};
