import { articleFromText } from '@factmark/editor';
import fc from 'fast-check';
import { TextSelection } from 'prosemirror-state';
import { canJoin, canSplit } from 'prosemirror-transform';
import { expect } from 'vitest';
import { annotationBodies } from '../layout.ts';
import { Network, type Peer, snapshot } from './peers.ts';

export const ARTICLE = articleFromText(
  'Drills begin at sea\n\nMore than 50,000 soldiers and 140 aircraft take part, the ministry said.\n\nThe fleet repelled malicious or malicious cyber operations.\n\nIt is the largest drill since 2015.',
);

/** One random step: an edit by a peer, or a delivery between two peers. */
export type Op =
  | { t: 'type'; peer: number; at: number; len: number }
  | { t: 'delete'; peer: number; at: number; len: number }
  | { t: 'split'; peer: number; at: number }
  | { t: 'join'; peer: number; at: number }
  | { t: 'annotate'; peer: number; at: number; len: number; kind: 'claim' | 'comment' | 'correction' }
  | { t: 'remove'; peer: number; pick: number }
  | { t: 'verdict'; peer: number; pick: number; verdict: number }
  | { t: 'decide'; peer: number; pick: number; accept: boolean }
  | { t: 'deliver'; from: number; to: number; reversed: boolean };

const peerIdx = fc.nat(4);
/** Random steps, weighted towards typing and delivery. */
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('type' as const),
      peer: peerIdx,
      at: fc.nat(),
      len: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('delete' as const),
      peer: peerIdx,
      at: fc.nat(),
      len: fc.integer({ min: 1, max: 15 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('split' as const), peer: peerIdx, at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('join' as const), peer: peerIdx, at: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('annotate' as const),
      peer: peerIdx,
      at: fc.nat(),
      len: fc.integer({ min: 1, max: 25 }),
      kind: fc.constantFrom('claim' as const, 'comment' as const, 'correction' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('remove' as const), peer: peerIdx, pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('verdict' as const), peer: peerIdx, pick: fc.nat(), verdict: fc.nat(5) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('decide' as const), peer: peerIdx, pick: fc.nat(), accept: fc.boolean() }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ t: fc.constant('deliver' as const), from: peerIdx, to: peerIdx, reversed: fc.boolean() }),
  },
);

const VERDICTS = ['True', 'Mostly true', 'Half true', 'Mostly false', 'False', null];

/** Positions inside textblocks where text can go. */
function textPositions(peer: Peer): number[] {
  const out: number[] = [];
  peer.view.state.doc.descendants((node, pos) => {
    if (node.isTextblock) {
      for (let i = 0; i <= node.content.size; i++) out.push(pos + 1 + i);
      return false;
    }
    return true;
  });
  return out;
}

export class Run {
  private next = 0x4e00;
  /** For each unique inserted character, the annotation ids allowed to cover it. */
  readonly allowed = new Map<string, Set<string>>();
  readonly created = new Set<string>();
  readonly removed = new Set<string>();

  constructor(readonly net: Network) {}

  fresh(len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCodePoint(this.next++);
    return s;
  }

  apply(op: Op): void {
    if (op.t === 'deliver') {
      const from = this.net.peers[op.from % this.net.peers.length] as Peer;
      const to = this.net.peers[op.to % this.net.peers.length] as Peer;
      if (from !== to) this.net.deliver(from, to, op.reversed);
      return;
    }
    const peer = this.net.peers[op.peer % this.net.peers.length] as Peer;
    const view = peer.view;
    const positions = textPositions(peer);
    const pos = positions[
      op.t === 'remove' || op.t === 'verdict' || op.t === 'decide' ? 0 : op.at % positions.length
    ] as number;
    switch (op.t) {
      case 'type': {
        const text = this.fresh(op.len);
        const inside = peer.fc
          .annotations()
          .filter((a) => a.ranges.some((r) => r.from < pos && pos < r.to))
          .map((a) => a.id);
        for (const ch of text) this.allowed.set(ch, new Set(inside));
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)).insertText(text));
        return;
      }
      case 'delete': {
        const end = positions[Math.min(positions.length - 1, positions.indexOf(pos) + op.len)] as number;
        if (end > pos) view.dispatch(view.state.tr.delete(pos, end));
        return;
      }
      case 'split': {
        const $pos = view.state.doc.resolve(pos);
        if ($pos.parent.type.name !== 'paragraph' || !canSplit(view.state.doc, pos)) return;
        view.dispatch(view.state.tr.split(pos));
        return;
      }
      case 'join': {
        const $pos = view.state.doc.resolve(pos);
        const boundary = $pos.depth > 0 ? $pos.after(1) : pos;
        if (boundary >= view.state.doc.content.size || !canJoin(view.state.doc, boundary)) return;
        view.dispatch(view.state.tr.join(boundary));
        return;
      }
      case 'annotate': {
        const end = positions[Math.min(positions.length - 1, positions.indexOf(pos) + op.len)] as number;
        if (end <= pos) return;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos, end)));
        try {
          const id =
            op.kind === 'claim'
              ? peer.fc.markClaim()
              : op.kind === 'comment'
                ? peer.fc.addComment('Check this')
                : peer.fc.proposeCorrection({ proposed: this.fresh(2), category: 'typo' });
          this.created.add(id);
          // Unique characters already inside the new span may stay covered.
          for (const r of peer.fc.rangesOf(id)) {
            for (const ch of view.state.doc.textBetween(r.from, r.to)) this.allowed.get(ch)?.add(id);
          }
        } catch (error) {
          if ((error as { field?: string }).field !== 'selection') throw error;
        }
        return;
      }
      case 'remove': {
        const list = peer.fc.annotations();
        const target = list[op.pick % Math.max(1, list.length)];
        if (!target) return;
        peer.fc.remove(target.id);
        this.removed.add(target.id);
        return;
      }
      case 'verdict': {
        const claims = peer.fc.annotations().filter((a) => a.kind === 'claim' && a.body);
        const target = claims[op.pick % Math.max(1, claims.length)];
        if (target) peer.fc.setVerdict(target.id, VERDICTS[op.verdict] ?? null);
        return;
      }
      case 'decide': {
        const open = peer.fc.annotations().filter((a) => a.body?.kind === 'correction' && a.body.state === 'proposed');
        const target = open[op.pick % Math.max(1, open.length)];
        if (target?.body?.kind !== 'correction') return;
        if (op.accept) {
          const first = target.ranges[0];
          const covering = first ? peer.fc.at(first.from).map((a) => a.id) : [];
          for (const ch of target.body.proposed) for (const id of covering) this.allowed.get(ch)?.add(id);
          peer.fc.acceptCorrection(target.id);
        } else peer.fc.rejectCorrection(target.id);
        return;
      }
    }
  }
}

/** Run `ops` on `peerCount` peers, deliver everything, and assert the invariants. */
export async function check(peerCount: number, ops: Op[], clientIds?: number[]): Promise<void> {
  const net = new Network(ARTICLE, peerCount, clientIds);
  const run = new Run(net);
  try {
    for (const op of ops) {
      run.apply(op);
      if (op.t === 'deliver') await Promise.resolve();
    }
    await net.settle();
    const [first, ...rest] = net.peers as [Peer, ...Peer[]];
    // Peers agree on the Yjs state and on what their editors show. (The two may differ by an empty
    // paragraph: when concurrent deletions leave no block after the title, ProseMirror fills one in
    // to fit the schema, and it reaches Yjs with the next edit.)
    const expected = snapshot(first);
    for (const p of rest) expect(snapshot(p)).toEqual(expected);
    for (const p of net.peers) {
      for (const a of p.fc.annotations()) {
        const covered = [...a.ranges.map((r) => p.view.state.doc.textBetween(r.from, r.to)).join('')];
        for (const ch of [covered[0], covered[covered.length - 1]]) {
          const allowed = ch === undefined ? undefined : run.allowed.get(ch);
          if (allowed && !allowed.has(a.id)) {
            throw new Error(`${a.kind} ${a.id} grew over "${ch}", typed at its edge (covers "${a.text}")`);
          }
        }
      }
      const bodies = annotationBodies(p.doc);
      for (const id of run.created) {
        if (!run.removed.has(id)) expect(bodies.has(id), `body ${id} disappeared without a remove`).toBe(true);
      }
    }
  } finally {
    net.destroy();
  }
}
