/**
 * The page's side of the claim finder: gives each textblock of the article a
 * key (the same node keeps its key, so an edit re-sends one block), posts the
 * blocks the worker has not seen, and hands back its answers. Counts the time
 * it spends on the main thread.
 */
import { isSlip } from '@factmark/hints/kinds';
import type { Node as PMNode, ResolvedPos } from 'prosemirror-model';
import type { AnalyseRequest, AnalyseResult, BlockHint } from './hint-protocol.ts';

/** A textblock of the article: its key and where its content starts and ends. */
export interface KeyedBlock {
  key: number;
  /** The position of the block's first character. */
  start: number;
  /** The position after its last character. */
  end: number;
}

/** The text of a textblock as the anchoring engine counts it (a hard break is "\n"). */
export const blockText = (node: PMNode) => node.textBetween(0, node.content.size, undefined, '\n');

/** Keys and analysis requests for one article. */
export class HintAnalysis {
  private readonly keys = new WeakMap<PMNode, number>();
  /** The blocks the worker has seen, by key: their keys' nodes (what {@link locate} looks for). */
  private readonly known = new Map<number, PMNode>();
  private next = 1;
  private version = 0;
  private worker: Worker | null = null;
  private started = false;
  private firstPass = false;
  private readonly answered = new Map<number, readonly BlockHint[]>();
  /** The worker's answers so far: each block's hints by key (a key is one node, so one text, for good). */
  readonly results: ReadonlyMap<number, readonly BlockHint[]> = this.answered;
  /** How many answers came (the margin's list follows this). */
  answers = 0;
  /** Main-thread time spent posting blocks and placing the answers, in ms, and how many times. */
  readonly cost = { ms: 0, updates: 0 };

  constructor(
    /** An answer came: the keys of the blocks whose hints changed (already in {@link results}). */
    private readonly onResult: (changed: ReadonlySet<number>) => void,
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
      this.worker.onmessage = (event: MessageEvent<AnalyseResult>) => {
        for (const key of event.data.removed) this.setResult(key, null);
        for (const [key, hints] of event.data.changed) this.setResult(key, hints);
        this.answers++;
        this.onResult(new Set(event.data.changed.map(([key]) => key)));
        if (event.data.last && !this.firstPass) {
          this.firstPass = true;
          // The whole article's hints are drawn: what comes after is the cost of edits.
          performance.mark?.('factmark-hints-first-pass');
        }
      };
    }
    return this.worker;
  }

  /** Every hint of {@link results} by hint key: how many times it is there as a possible claim, and as a slip. */
  private readonly tally = new Map<string, { claims: number; slips: number }>();
  /** How many possible claims and slips {@link results} hold, decided or not. */
  private readonly totals = { claims: 0, slips: 0 };

  /** A block's answer replaced (null: the block is gone), {@link tally} and {@link totals} following. */
  private setResult(key: number, hints: readonly BlockHint[] | null): void {
    const count = (list: readonly BlockHint[], by: 1 | -1) => {
      for (const hint of list) {
        const group = isSlip(hint.kind) ? 'slips' : 'claims';
        this.totals[group] += by;
        const here = this.tally.get(hint.key) ?? { claims: 0, slips: 0 };
        here[group] += by;
        if (here.claims === 0 && here.slips === 0) this.tally.delete(hint.key);
        else this.tally.set(hint.key, here);
      }
    };
    count(this.results.get(key) ?? [], -1);
    if (hints) {
      this.answered.set(key, hints);
      count(hints, 1);
    } else this.answered.delete(key);
  }

  /**
   * How many possible claims and slips the answers hold that `decided` does not name: the closed list's counts,
   * from the running totals and the decisions alone (a million characters' article is not walked on each answer).
   */
  undecidedCounts(decided: ReadonlySet<string>): { claims: number; slips: number } {
    let { claims, slips } = this.totals;
    for (const key of decided) {
      const here = this.tally.get(key);
      claims -= here?.claims ?? 0;
      slips -= here?.slips ?? 0;
    }
    return { claims, slips };
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
      out.push(this.keyedBlock(node, pos));
      return false;
    });
    return out;
  }

  /** The textblock `node` at position `pos` (just before it), with its key. */
  keyedBlock(node: PMNode, pos: number): KeyedBlock {
    return { key: this.keyOf(node), start: pos + 1, end: pos + 1 + node.content.size };
  }

  /**
   * Where the blocks `keys` (posted to the worker) are in `doc`, in document order; a block no longer in it is
   * left out. An article of textblocks only is searched by its top-level nodes (an answer arriving after the next
   * keystroke names a block that is gone: found gone without walking a million characters); otherwise it is walked.
   */
  locate(doc: PMNode, keys: ReadonlySet<number>): KeyedBlock[] {
    const children = doc.content.content;
    const found: number[] = [];
    let missing = false;
    for (const key of keys) {
      const node = this.known.get(key);
      const index = node ? children.indexOf(node) : -1;
      if (index >= 0) found.push(index);
      else missing = true;
    }
    // Not a top-level node: gone, unless the article has blocks that hold textblocks.
    if (missing && children.some((child) => !child.isTextblock)) return this.blocks(doc).filter((b) => keys.has(b.key));
    found.sort((a, b) => a - b);
    const out: KeyedBlock[] = [];
    let pos = 0;
    let at = 0;
    for (const index of found) {
      for (; at < index; at++) pos += (children[at] as PMNode).nodeSize;
      out.push(this.keyedBlock(children[index] as PMNode, pos));
    }
    return out;
  }

  /**
   * Ask for the hints of `doc`: only blocks the worker has not seen travel. `caret` (the selection's head, resolved
   * in `doc`) says where answers should start.
   */
  update(doc: PMNode, caret: ResolvedPos = doc.resolve(0)): void {
    const worker = this.ensureWorker();
    if (!worker) return;
    const started = performance.now();
    const texts: [number, string][] = [];
    const same = this.sameShape(doc, texts, caret);
    const { order, near } = same ?? this.walk(doc, texts, caret.pos);
    this.last = { doc, order, flat: order.length === doc.childCount };
    const request: AnalyseRequest = {
      version: ++this.version,
      title: doc.firstChild?.type.name === 'title',
      order: same ? null : order,
      replaced: same ? same.replaced : [],
      texts,
      near,
    };
    worker.postMessage(request);
    this.spent(started, 'post');
  }

  /** The last document posted, its keys, and whether each of its top-level nodes is a textblock. */
  private last: { doc: PMNode; order: number[]; flat: boolean } | null = null;

  /** A textblock's key; its text joins `texts` when the worker has not seen it. */
  private post(node: PMNode, texts: [number, string][]): number {
    const key = this.keyOf(node);
    if (!this.known.has(key)) {
      this.known.set(key, node);
      texts.push([key, blockText(node)]);
    }
    return key;
  }

  /** Every textblock of `doc` in order (the first request, or when the article's shape changed). */
  private walk(doc: PMNode, texts: [number, string][], head: number): { order: number[]; near: number } {
    const order: number[] = [];
    let near = 0;
    doc.descendants((node, pos) => {
      if (!node.isTextblock) return true;
      if (pos < head) near = order.length;
      order.push(this.post(node, texts));
      return false;
    });
    const live = new Set(order);
    for (const key of this.known.keys()) if (!live.has(key)) this.known.delete(key);
    return { order, near };
  }

  /**
   * The keys of a flat article whose blocks are as many as last time (a keystroke's change): the blocks that are
   * the very same nodes keep their keys without a lookup, the others are posted. Null when the shape changed.
   */
  private sameShape(
    doc: PMNode,
    texts: [number, string][],
    caret: ResolvedPos,
  ): { order: number[]; replaced: [number, number][]; near: number } | null {
    const last = this.last;
    // The children's arrays compared by identity: a keystroke in a million characters' article is one block of
    // thousands, and this runs on every post.
    const nodes = doc.content.content;
    const before = last?.doc.content.content;
    if (!last?.flat || before?.length !== nodes.length) return null;
    // Changed in place: when the shape turns out changed after all, the caller walks the article afresh.
    const order = last.order;
    const replaced: [number, number][] = [];
    const left: number[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as PMNode;
      if (node === before[i]) continue;
      if (!node.isTextblock) return null;
      left.push(order[i] as number);
      order[i] = this.post(node, texts);
      replaced.push([i, order[i] as number]);
    }
    // A block that left its index may be in the article still, at another replaced index (a join above it and a
    // split below it move it without changing the count): only the blocks gone from every index are forgotten.
    if (left.length > 0) {
      const here = new Set(replaced.map(([, key]) => key));
      for (const key of left) if (!here.has(key)) this.known.delete(key);
    }
    // The caret's block: the last whose start is at or before it (read from the resolved caret: resolving a
    // position again would walk the top-level nodes up to it).
    const near = Math.min(caret.index(0), nodes.length - 1);
    return { order, replaced, near };
  }

  /**
   * Count main-thread time from `started` till now: in `cost`, and as a `factmark-hints` performance measure
   * (the editor benchmark reads those).
   */
  spent(started: number, what: 'post' | 'draw' | 'list'): void {
    const end = performance.now();
    this.cost.ms += end - started;
    this.cost.updates++;
    performance.measure?.('factmark-hints', { start: started, end, detail: what });
  }

  /** Stop the worker. */
  destroy(): void {
    this.worker?.terminate();
    this.worker = null;
    this.started = true;
  }
}
