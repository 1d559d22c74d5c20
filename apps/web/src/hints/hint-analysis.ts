/**
 * The page's side of the claim finder: gives each textblock of the article a
 * key (the same node keeps its key, so an edit re-sends one block), posts the
 * blocks the worker has not seen, and hands back its answers. Counts the time
 * it spends on the main thread.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { AnalyseRequest, AnalyseResult, BlockHint } from './hint-protocol.ts';

/** A textblock of the article: its key and the position of its content's start. */
export interface KeyedBlock {
  key: number;
  /** The position of the block's first character. */
  start: number;
}

/** The text of a textblock as the anchoring engine counts it (a hard break is "\n"). */
export const blockText = (node: PMNode) => node.textBetween(0, node.content.size, undefined, '\n');

/** Keys and analysis requests for one article. */
export class HintAnalysis {
  private readonly keys = new WeakMap<PMNode, number>();
  private readonly known = new Set<number>();
  private next = 1;
  private version = 0;
  private worker: Worker | null = null;
  private started = false;
  /** Main-thread time spent posting blocks and placing the answers, in ms, and how many times. */
  readonly cost = { ms: 0, updates: 0 };

  constructor(
    private readonly onResult: (changed: Map<number, readonly BlockHint[]>, removed: number[]) => void,
    private readonly makeWorker: () => Worker | null = () =>
      typeof Worker === 'undefined'
        ? null
        : new Worker(new URL('./hint-worker.ts', import.meta.url), { type: 'module' }),
  ) {}

  /** The worker, started on the first request (not while the page opens). */
  private ensureWorker(): Worker | null {
    if (this.started) return this.worker;
    this.started = true;
    this.worker = this.makeWorker();
    if (this.worker) {
      // Every answer is applied in turn: each says what changed since the one before.
      this.worker.onmessage = (event: MessageEvent<AnalyseResult>) =>
        this.onResult(new Map(event.data.changed), event.data.removed);
    }
    return this.worker;
  }

  /** The key of a textblock (a new node gets a new key). */
  keyOf(node: PMNode): number {
    let key = this.keys.get(node);
    if (key === undefined) {
      key = this.next++;
      this.keys.set(node, key);
    }
    return key;
  }

  /** The article's textblocks with their keys, in order. */
  blocks(doc: PMNode): KeyedBlock[] {
    const out: KeyedBlock[] = [];
    doc.descendants((node, pos) => {
      if (!node.isTextblock) return true;
      out.push({ key: this.keyOf(node), start: pos + 1 });
      return false;
    });
    return out;
  }

  /** Ask for the hints of `doc`: only blocks the worker has not seen travel. */
  update(doc: PMNode): void {
    const worker = this.ensureWorker();
    if (!worker) return;
    const started = performance.now();
    const order: number[] = [];
    const texts: [number, string][] = [];
    doc.descendants((node) => {
      if (!node.isTextblock) return true;
      const key = this.keyOf(node);
      order.push(key);
      if (!this.known.has(key)) {
        this.known.add(key);
        texts.push([key, blockText(node)]);
      }
      return false;
    });
    const live = new Set(order);
    for (const key of this.known) if (!live.has(key)) this.known.delete(key);
    const request: AnalyseRequest = {
      version: ++this.version,
      title: doc.firstChild?.type.name === 'title',
      order,
      texts,
    };
    worker.postMessage(request);
    this.spent(started);
  }

  /**
   * Count main-thread time from `started` till now: in `cost`, and as a `factmark-hints` performance measure
   * (the editor benchmark reads those).
   */
  spent(started: number): void {
    const end = performance.now();
    this.cost.ms += end - started;
    this.cost.updates++;
    performance.measure?.('factmark-hints', { start: started, end });
  }

  /** Stop the worker. */
  destroy(): void {
    this.worker?.terminate();
    this.worker = null;
    this.started = true;
  }
}
