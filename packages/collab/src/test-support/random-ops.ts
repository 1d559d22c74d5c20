import { articleFromText } from '@factmark/editor';
import fc from 'fast-check';
import { TextSelection } from 'prosemirror-state';
import { canJoin, canSplit } from 'prosemirror-transform';
import { expect } from 'vitest';
import { readCorrectionsLog } from '../corrections-log.ts';
import { annotationBodies } from '../layout.ts';
import { Network, type Peer, snapshot } from './peers.ts';
import { characterIds, idKey, typedInside } from './span-oracle.ts';

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
  | { t: 'reattach'; peer: number; pick: number; at: number; len: number }
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
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('decide' as const), peer: peerIdx, pick: fc.nat(), accept: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('reattach' as const),
      peer: peerIdx,
      pick: fc.nat(),
      at: fc.nat(),
      len: fc.integer({ min: 1, max: 20 }),
    }),
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
  /** Characters typed by the run (each unique). */
  readonly typed = new Set<string>();
  /** The Yjs ids of the typed characters (a deleted character's text is collected; its id stays). */
  readonly typedIds = new Set<string>();
  /** Characters of proposed corrections (each unique): an accepted one must be in the article once at most. */
  readonly proposed = new Set<string>();
  /** Typed characters some peer deleted (by a deletion, or an acceptance replacing a span that held them). */
  readonly deleted = new Set<string>();
  /** A split or join happened in this run. */
  structural = false;
  /** The Yjs ids of the characters each annotation covered when it was made or re-attached. */
  readonly ownIds = new Map<string, Set<string>>();

  /**
   * @param inBlock keep every deletion, annotation and re-attachment inside one block, so that no
   *   operation moves text between blocks (the runs in which every invariant must hold).
   */
  constructor(
    readonly net: Network,
    readonly inBlock = false,
  ) {}

  /** Where a range of `len` text positions from `pos` ends (inside `pos`'s block when the run is in-block). */
  private endOf(peer: Peer, positions: number[], pos: number, len: number): number {
    const end = positions[Math.min(positions.length - 1, positions.indexOf(pos) + len)] as number;
    return this.inBlock ? Math.min(end, peer.view.state.doc.resolve(pos).end()) : end;
  }

  /** Record the characters annotation `id` covers on `peer` now as its own (unique characters and Yjs ids). */
  recordOwn(peer: Peer, id: string): void {
    const positions: number[] = [];
    for (const r of peer.fc.rangesOf(id)) {
      for (const ch of peer.view.state.doc.textBetween(r.from, r.to)) this.allowed.get(ch)?.add(id);
      for (let p = r.from; p < r.to; p++) positions.push(p);
    }
    const ids = this.ownIds.get(id) ?? new Set<string>();
    for (const k of characterIds(peer.view, positions)) ids.add(k);
    this.ownIds.set(id, ids);
  }

  /** Fresh characters for a proposed correction, remembered as such. */
  proposal(): string {
    const text = this.fresh(2);
    for (const ch of text) this.proposed.add(ch);
    return text;
  }

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
        for (const ch of text) {
          this.allowed.set(ch, new Set(inside));
          this.typed.add(ch);
        }
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)).insertText(text));
        for (const k of characterIds(
          view,
          Array.from(text, (_, i) => pos + i),
        ))
          this.typedIds.add(k);
        return;
      }
      case 'delete': {
        const end = this.endOf(peer, positions, pos, op.len);
        if (end <= pos) return;
        for (const ch of view.state.doc.textBetween(pos, end)) if (this.typed.has(ch)) this.deleted.add(ch);
        // Deleting across a block boundary joins the blocks: structural, like a join.
        if (view.state.doc.resolve(pos).parent !== view.state.doc.resolve(end).parent) this.structural = true;
        view.dispatch(view.state.tr.delete(pos, end));
        return;
      }
      case 'split': {
        const $pos = view.state.doc.resolve(pos);
        if ($pos.parent.type.name !== 'paragraph' || !canSplit(view.state.doc, pos)) return;
        this.structural = true;
        view.dispatch(view.state.tr.split(pos));
        return;
      }
      case 'join': {
        const $pos = view.state.doc.resolve(pos);
        const boundary = $pos.depth > 0 ? $pos.after(1) : pos;
        if (boundary >= view.state.doc.content.size || !canJoin(view.state.doc, boundary)) return;
        this.structural = true;
        view.dispatch(view.state.tr.join(boundary));
        return;
      }
      case 'annotate': {
        const end = this.endOf(peer, positions, pos, op.len);
        if (end <= pos) return;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos, end)));
        try {
          const id =
            op.kind === 'claim'
              ? peer.fc.markClaim()
              : op.kind === 'comment'
                ? peer.fc.addComment('Check this')
                : peer.fc.proposeCorrection({ proposed: this.proposal(), category: 'typo' });
          this.created.add(id);
          this.recordOwn(peer, id);
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
          for (const r of target.ranges)
            for (const ch of view.state.doc.textBetween(r.from, r.to)) if (this.typed.has(ch)) this.deleted.add(ch);
          if (target.ranges.length > 1) this.structural = true;
          peer.fc.acceptCorrection(target.id);
          for (const id of covering) this.recordOwn(peer, id);
        } else peer.fc.rejectCorrection(target.id);
        return;
      }
      case 'reattach': {
        const list = peer.fc.annotations().filter((a) => a.body);
        const target = [...list, ...peer.fc.orphans()][op.pick % Math.max(1, list.length + peer.fc.orphans().length)];
        const end = this.endOf(peer, positions, pos, op.len);
        if (!target || end <= pos) return;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos, end)));
        try {
          peer.fc.reattach(target.id);
          this.recordOwn(peer, target.id);
        } catch (error) {
          if ((error as { field?: string }).field !== 'selection') throw error;
        }
        return;
      }
    }
  }
}

/** What a run's end state breaks, if anything (thrown with the reason). */
function checkPeer(run: Run, p: Peer): void {
  const text = p.view.state.doc.textBetween(0, p.view.state.doc.content.size, '\n');
  for (const a of p.fc.annotations()) {
    const covered: { ch: string; pos: number }[] = [];
    for (const r of a.ranges)
      for (let pos = r.from; pos < r.to; pos++) covered.push({ ch: p.view.state.doc.textBetween(pos, pos + 1), pos });
    const nowIds = characterIds(
      p.view,
      covered.filter((c) => !run.typed.has(c.ch)).map((c) => c.pos),
    );
    const created = run.ownIds.get(a.id) ?? new Set<string>();
    const own = (client: number, clock: number) =>
      created.has(idKey(client, clock)) || nowIds.has(idKey(client, clock));
    for (const edge of [covered[0], covered[covered.length - 1]]) {
      if (!edge || !run.typed.has(edge.ch) || run.allowed.get(edge.ch)?.has(a.id)) continue;
      const typed = (ch: string, client: number, clock: number) =>
        run.typed.has(ch) || run.typedIds.has(idKey(client, clock));
      if (typedInside(p.view, edge.pos, typed, own)) continue;
      // A split or join re-creates the characters it moves under new ids: the oracle cannot follow them, and
      // neither can the anchors. Such runs count it (EDGES); every other run must keep its edges.
      if (run.structural) EDGES.broken.add(run);
      else throw new Error(`${a.kind} ${a.id} grew over "${edge.ch}", typed at its edge (covers "${a.text}")`);
    }
  }
  expect(p.fc.invalid(), 'no mark without a body').toEqual([]);
  const bodies = annotationBodies(p.doc);
  for (const id of run.created) {
    if (!run.removed.has(id)) expect(bodies.has(id), `body ${id} disappeared without a remove`).toBe(true);
  }
  const logged = new Map<string, number>();
  for (const e of readCorrectionsLog(p.doc)) logged.set(e.correctionId, (logged.get(e.correctionId) ?? 0) + 1);
  for (const [id, n] of logged) expect(n, `correction ${id} logged ${n} times`).toBe(1);
  const broken = [...textProblems(run, text), ...doubledProposals(run, text)];
  // y-prosemirror re-creates the text a split or join moves: text typed concurrently into the moved part can be
  // lost or doubled (docs/data-model.md). Runs with a split or join count it (TEXT_INTEGRITY); others must keep it.
  if (run.structural) {
    if (broken.length > 0) TEXT_INTEGRITY.broken++;
  } else expect(broken).toEqual([]);
}

/** Runs with a split, join or cross-block deletion in which a span's edge was typed text from outside it. */
export const EDGES = { broken: new Set<Run>() };

/** Runs whose article lost or doubled typed text although a split or join happened in them, out of such runs. */
export const TEXT_INTEGRITY = { runs: 0, broken: 0 };

/** Typed characters the article holds twice, or lost although nobody deleted them. */
function textProblems(run: Run, text: string): string[] {
  const out: string[] = [];
  for (const ch of run.typed) {
    const count = text.split(ch).length - 1;
    if (count > 1) out.push(`typed "${ch}" is in the article ${count} times`);
    else if (count === 0 && !run.deleted.has(ch)) out.push(`typed "${ch}" was lost`);
  }
  return out;
}

/** Proposed words the article holds twice: a correction accepted at once by two peers, replaced twice. */
function doubledProposals(run: Run, text: string): string[] {
  return [...run.proposed]
    .filter((ch) => text.split(ch).length - 1 > 1)
    .map((ch) => `proposed "${ch}" is in the article twice`);
}

/** Steps that never move text between blocks: no split or join (deletions and spans are kept in-block by the run). */
export const inBlockOpArb: fc.Arbitrary<Op> = opArb.filter((op) => op.t !== 'split' && op.t !== 'join');

/** Run `ops` on `peerCount` peers, deliver everything, and assert the invariants. */
export async function check(peerCount: number, ops: Op[], clientIds?: number[], inBlock = false): Promise<void> {
  const net = new Network(ARTICLE, peerCount, clientIds);
  const run = new Run(net, inBlock);
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
    if (run.structural) TEXT_INTEGRITY.runs++;
    const before = TEXT_INTEGRITY.broken;
    for (const p of net.peers) checkPeer(run, p);
    // Counted once per run, not per peer.
    if (TEXT_INTEGRITY.broken > before) TEXT_INTEGRITY.broken = before + 1;
  } finally {
    net.destroy();
  }
}
