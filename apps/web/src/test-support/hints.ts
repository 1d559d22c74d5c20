/**
 * What the claim finder's tests share: a hint placed on a phrase of a block, and a stand-in for the worker that
 * keeps what the page posts (a copy, as `postMessage` gives it) and answers as the real one does.
 */
import type { AnalyseRequest, AnalyseResult, BlockHint } from '../hints/hint-protocol.ts';

/** A hint on `text` inside `block` (its first occurrence). */
export function hintOn(
  block: string,
  text: string,
  kind: BlockHint['kind'],
  reason: string,
  key = `${kind}:${text}`,
): BlockHint {
  const start = block.indexOf(text);
  if (start < 0) throw new Error(`no "${text}"`);
  return { kind, start, end: start + text.length, text, reason, key };
}

/** A worker stand-in: the test answers for it, as the real one would (changed blocks, removed blocks). */
export class FakeWorker {
  onmessage: ((event: MessageEvent<AnalyseResult>) => void) | null = null;
  posted: AnalyseRequest[] = [];
  postMessage(request: AnalyseRequest) {
    this.posted.push(structuredClone(request));
  }
  terminate() {}
  answer(changed: [number, BlockHint[]][], removed: number[] = []) {
    this.onmessage?.({ data: { version: 1, changed, removed, last: true } } as unknown as MessageEvent<AnalyseResult>);
  }
}
