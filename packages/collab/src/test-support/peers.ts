import { articleSchema } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { collabPlugins } from '../binding.ts';
import { FactCheck } from '../factcheck.ts';
import { readArticle, writeArticle } from '../layout.ts';

/** One simulated colleague: a Y.Doc with an editor bound to it and the command API. */
export interface Peer {
  name: string;
  doc: Y.Doc;
  view: EditorView;
  fc: FactCheck;
  undo: Y.UndoManager;
}

/**
 * Several peers on one document with a hand-driven network: each update a peer
 * makes is queued for every other peer until {@link Network.deliver} hands it
 * over, so tests choose the order and the partitions.
 */
export class Network {
  readonly peers: Peer[] = [];
  private readonly queues = new Map<string, Uint8Array[]>();
  /** Each peer's count of ids made and its clock: deterministic, so a failing seed replays the same run. */
  private readonly clocks: { counter: number; tick: number }[] = [];

  /** @param repairs which peers may repair colleagues' spans (default: all) */
  constructor(
    article: PMNode,
    count: number,
    clientIds?: number[],
    private readonly repairs: (index: number) => boolean = () => true,
  ) {
    const seed = new Y.Doc();
    writeArticle(seed, article);
    const initial = Y.encodeStateAsUpdate(seed);
    for (let i = 0; i < count; i++) {
      this.clocks.push({ counter: 0, tick: Date.UTC(2026, 0, 1) });
      this.peers.push(this.makePeer(i, initial, clientIds?.[i] ?? 1000 + i));
    }
  }

  /**
   * Peer `i` loads `state` afresh under client id `clientId`, as a page does that the server refused: its old
   * document and editor are dropped with whatever they had not had accepted. Its ids and clock go on.
   */
  reload(i: number, state: Uint8Array, clientId: number): Peer {
    const old = this.peers[i] as Peer;
    old.view.destroy();
    old.doc.destroy();
    for (const key of this.queues.keys()) if (key.startsWith(`${old.name}>`)) this.queues.set(key, []);
    const peer = this.makePeer(i, state, clientId);
    this.peers[i] = peer;
    return peer;
  }

  private makePeer(i: number, initial: Uint8Array, clientId: number): Peer {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    Y.applyUpdate(doc, initial, 'network');
    const name = `peer${i}`;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'network') return;
      for (const other of this.peers) if (other.name !== name) this.queue(name, other.name).push(update);
    });
    const { plugins, undoManager } = collabPlugins(doc, new Awareness(doc), { repairs: () => this.repairs(i) });
    const view = new EditorView(document.createElement('div'), {
      state: EditorState.create({ schema: articleSchema, plugins }),
    });
    const clock = this.clocks[i] as { counter: number; tick: number };
    const fc = new FactCheck(
      view,
      { id: name, name },
      () => {
        clock.tick += 1000;
        return new Date(clock.tick);
      },
      // Distinct for every count (padding at the end would give the 2nd and the 37th the same id).
      () => `${name}x${(clock.counter++).toString(36).padStart(16 - name.length - 1, '0')}`,
    );
    return { name, doc, view, undo: undoManager, fc };
  }

  private queue(from: string, to: string): Uint8Array[] {
    const key = `${from}>${to}`;
    let q = this.queues.get(key);
    if (!q) {
      q = [];
      this.queues.set(key, q);
    }
    return q;
  }

  /** Hand everything `from` has sent to `to` (in order, or reversed to test out-of-order delivery). */
  deliver(from: Peer, to: Peer, reversed = false): void {
    const q = this.queue(from.name, to.name);
    const updates = q.splice(0, q.length);
    if (reversed) updates.reverse();
    for (const u of updates) Y.applyUpdate(to.doc, u, 'network');
  }

  /** True when some update is still in flight. */
  pending(): boolean {
    return [...this.queues.values()].some((q) => q.length > 0);
  }

  /** Deliver everything everywhere and let maintenance run, until nothing is in flight. */
  async settle(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      await flushMicrotasks();
      if (!this.pending()) return;
      for (const from of this.peers) for (const to of this.peers) if (from !== to) this.deliver(from, to);
    }
    throw new Error('The network did not settle in 20 rounds');
  }

  destroy(): void {
    for (const p of this.peers) {
      p.view.destroy();
      p.doc.destroy();
    }
  }
}

/** Let queued microtasks (annotation maintenance) run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** Position of the `occurrence`-th match of `needle` in the peer's document text. */
export function find(view: EditorView, needle: string, occurrence = 0): number {
  let seen = 0;
  let found = -1;
  view.state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (!node.isTextblock) return true;
    const text = node.textBetween(0, node.content.size, undefined, '\ufffc');
    let i = text.indexOf(needle);
    while (i >= 0) {
      if (seen === occurrence) {
        found = pos + 1 + i;
        return false;
      }
      seen++;
      i = text.indexOf(needle, i + 1);
    }
    return false;
  });
  if (found < 0) throw new Error(`"${needle}" (#${occurrence}) is not in the document`);
  return found;
}

/** Select `needle` in the peer's editor. */
export function select(view: EditorView, needle: string, occurrence = 0): void {
  const from = find(view, needle, occurrence);
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, from + needle.length)));
}

/** Type `text` at `pos` as a person would (through the editor, with the input rules' inclusive-mark behaviour). */
export function typeAt(view: EditorView, pos: number, text: string): void {
  const tr = view.state.tr.setSelection(TextSelection.create(view.state.doc, pos));
  view.dispatch(tr.insertText(text));
}

/** The article's text with blocks separated by newlines. */
export function textOf(peer: Peer): string {
  return peer.view.state.doc.textBetween(0, peer.view.state.doc.content.size, '\n', '\ufffc');
}

/**
 * Document JSON with each text node's marks in a canonical order. ProseMirror
 * keeps marks of one type in the order they were added, which differs between
 * peers that received the same marks in another order; the marks are the same.
 */
function canonical(json: unknown): unknown {
  if (Array.isArray(json)) return mergeText(json.map(canonical));
  if (json === null || typeof json !== 'object') return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    out[key] =
      key === 'marks' && Array.isArray(value)
        ? [...value].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
        : canonical(value);
  }
  return out;
}

/**
 * Adjacent text nodes with the same marks, joined: ProseMirror splits them
 * when its two nodes hold the same marks in another order, which is the same
 * text with the same marks.
 */
function mergeText(nodes: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) {
    const prev = out[out.length - 1] as { type?: string; text?: string; marks?: unknown } | undefined;
    const cur = node as { type?: string; text?: string; marks?: unknown };
    if (prev?.type === 'text' && cur?.type === 'text' && JSON.stringify(prev.marks) === JSON.stringify(cur.marks)) {
      out[out.length - 1] = { ...prev, text: `${prev.text}${cur.text}` };
    } else out.push(node);
  }
  return out;
}

/** What a peer shows: the article as JSON and every body as JSON; equal snapshots mean converged peers. */
export function snapshot(peer: Peer): { article: unknown; bodies: unknown; fromYjs: unknown } {
  const bodies: Record<string, unknown> = {};
  peer.doc.getMap('annotations').forEach((v, k) => {
    bodies[k] = (v as Y.Map<unknown>).toJSON();
  });
  return {
    article: canonical(peer.view.state.doc.toJSON()),
    bodies,
    fromYjs: canonical(readArticle(peer.doc).toJSON()),
  };
}
