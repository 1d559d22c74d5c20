/**
 * A desk of honest colleagues behind a server: an owner, an editor, a
 * commenter and a viewer, each with an editor bound to their own Y.Doc, doing
 * what their role lets them do through the real binding. Every update they
 * make goes to the server in order; the server hands what it accepted to the
 * others when a delivery step says so, so peers work on stale copies as they do
 * over a network.
 */
import { articleFromText } from '@factmark/editor';
import fc from 'fast-check';
import { TextSelection } from 'prosemirror-state';
import { canJoin, canSplit } from 'prosemirror-transform';
import * as Y from 'yjs';
import type { ClaimStatus } from '../bodies.ts';
import { may, type Role } from '../policy.ts';
import { Network, type Peer } from './peers.ts';

export const DESK_ARTICLE = articleFromText(
  'Drills begin at sea\n\nMore than 50,000 soldiers and 140 aircraft take part, the ministry said on Monday.\n\nThe fleet repelled malicious or malicious cyber operations, according to the Defense Ministry. Russian.\n\nIt is the largest drill in the region since 2015.',
);

/** The desk's people, peer by peer: user id = the peer's name. */
export const DESK_ROLES: readonly Role[] = ['owner', 'editor', 'commenter', 'viewer'];

/** One honest step: a peer acts, or a peer receives what the server relayed to it. */
export type DeskOp =
  | { t: 'act'; peer: number; what: number; at: number; len: number; pick: number }
  | { t: 'receive'; peer: number };

export const deskOpArb: fc.Arbitrary<DeskOp> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('act' as const),
      peer: fc.nat(3),
      what: fc.nat(14),
      at: fc.nat(),
      len: fc.integer({ min: 1, max: 20 }),
      pick: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('receive' as const), peer: fc.nat(3) }) },
);

/**
 * The server's side: judge one update from `userId` with `role`, sent from `sender`'s copy; true when it is accepted
 * (and applied), false when refused, or the server's copy to reload when the refusal is the designed answer to a
 * conflict (then the sender's page loads the server's copy afresh, as the app does).
 */
export type Server = (
  update: Uint8Array,
  userId: string,
  role: Role,
  sender: Y.Doc,
) => boolean | { reload: Uint8Array };

const VERDICTS = ['True', 'Mostly true', 'Half true', 'Mostly false', 'False', null];
const STATUSES: ClaimStatus[] = ['draft', 'in_review', 'checked', 'published'];

function textPositions(peer: Peer): number[] {
  const out: number[] = [];
  peer.view.state.doc.descendants((node, pos) => {
    if (node.isTextblock && node.type.name !== 'title') {
      for (let i = 0; i <= node.content.size; i++) out.push(pos + 1 + i);
      return false;
    }
    return true;
  });
  return out;
}

/** Move a claim along review (a colleague marks it checked, anyone publishes it then), or back to draft. */
function moveAlongReview(peer: Peer, role: Role, pick: number): void {
  const { fc: api } = peer;
  const candidates = api
    .annotations()
    .filter((a) => a.body?.kind === 'claim' && (may(role, 'editArticle') || a.body.author.id === peer.name))
    .filter((a) => !(a.body?.kind === 'claim' && a.body.status === 'in_review' && a.body.verdictBy?.id === peer.name));
  const claim = candidates[pick % Math.max(1, candidates.length)];
  if (claim?.body?.kind !== 'claim' || !may(role, 'judge', claim.body.author.id === peer.name)) return;
  // A claim without a verdict gets one first (it needs one before it is checked).
  if (claim.body.verdict === null) {
    api.setVerdict(claim.id, VERDICTS[pick % 5] as string);
    return;
  }
  const next = (pick >> 3) % 5 === 0 ? 0 : STATUSES.indexOf(claim.body.status) + 1;
  api.setStatus(claim.id, STATUSES[next % STATUSES.length] as ClaimStatus);
}

/** A desk of four colleagues; `server` judges every update they send. */
export class Desk {
  readonly net: Network;
  private readonly inbox: Uint8Array[][];
  private outbox: Uint8Array[][];
  /** Updates the server refused although an honest client sent them. */
  readonly refusedHonest: string[] = [];
  /** Pages that loaded the server's copy afresh after a refusal the server gives by design. */
  reloads = 0;
  /** The document every peer starts from (the server must start from it too). */
  readonly seed: Uint8Array;

  constructor(private readonly server: Server) {
    this.net = new Network(DESK_ARTICLE, DESK_ROLES.length, undefined, (i) => may(DESK_ROLES[i], 'change', false));
    this.seed = Y.encodeStateAsUpdate((this.net.peers[0] as Peer).doc);
    this.inbox = this.net.peers.map(() => []);
    this.outbox = this.net.peers.map(() => []);
    for (const [i, peer] of this.net.peers.entries()) this.collect(peer, i);
  }

  /** Queue what `peer` (at index `i`) writes for the server. */
  private collect(peer: Peer, i: number): void {
    peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'server') this.outbox[i]?.push(update);
    });
  }

  /** Send each peer's updates to the server, in order; relay the accepted ones to the others' inboxes. */
  flush(): void {
    this.net.peers.forEach((peer, i) => {
      const updates = this.outbox[i] ?? [];
      this.outbox[i] = [];
      for (const update of updates) {
        const role = DESK_ROLES[i] as Role;
        const judged = this.server(update, peer.name, role, peer.doc);
        if (judged === false) {
          this.refusedHonest.push(`${role} ${peer.name}`);
          continue;
        }
        if (judged !== true) {
          // The page starts again on the server's copy, under a new client id; what it had not had accepted goes.
          this.reloads++;
          const fresh = this.net.reload(i, judged.reload, 5000 + 10 * this.reloads + i);
          this.inbox[i] = [];
          this.outbox[i] = [];
          this.collect(fresh, i);
          return;
        }
        this.inbox.forEach((box, j) => {
          if (j !== i) box.push(update);
        });
      }
    });
  }

  apply(op: DeskOp): void {
    const i = op.peer % this.net.peers.length;
    const peer = this.net.peers[i] as Peer;
    if (op.t === 'receive') {
      const box = this.inbox[i] ?? [];
      this.inbox[i] = [];
      for (const update of box) Y.applyUpdate(peer.doc, update, 'server');
      return;
    }
    try {
      this.act(peer, DESK_ROLES[i] as Role, op);
    } catch (error) {
      // The command API refuses what the UI would not offer (a stale selection, a decided correction).
      if (!(error as { field?: string }).field) throw error;
    }
  }

  private act(peer: Peer, role: Role, op: Extract<DeskOp, { t: 'act' }>): void {
    const { view, fc: api } = peer;
    const positions = textPositions(peer);
    const pos = positions[op.at % positions.length] as number;
    const end = positions[Math.min(positions.length - 1, (op.at % positions.length) + op.len)] as number;
    const mine = api.annotations().filter((a) => a.body?.author.id === peer.name);
    const all = api.annotations().filter((a) => a.body);
    const pick = <T>(list: T[]) => list[op.pick % Math.max(1, list.length)];
    const select = () => view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos, end)));
    const editing = may(role, 'editArticle');
    switch (op.what % 15) {
      case 0:
        if (editing)
          view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)).insertText('xy'));
        return;
      case 1:
        if (editing && end > pos) view.dispatch(view.state.tr.delete(pos, end));
        return;
      case 2: {
        if (editing && canSplit(view.state.doc, pos)) view.dispatch(view.state.tr.split(pos));
        return;
      }
      case 3: {
        const $pos = view.state.doc.resolve(pos);
        const boundary = $pos.depth > 0 ? $pos.after(1) : pos;
        if (editing && boundary < view.state.doc.content.size && canJoin(view.state.doc, boundary))
          view.dispatch(view.state.tr.join(boundary));
        return;
      }
      case 4:
      case 5:
        if (!may(role, 'annotate') || end <= pos) return;
        select();
        api.markClaim();
        return;
      case 6:
        if (!may(role, 'annotate') || end <= pos) return;
        select();
        if (op.pick % 2) api.addComment('Which ministry?');
        else api.proposeCorrection({ proposed: 'malicious', category: 'mistranslation', rationale: 'doubled' });
        return;
      case 7: {
        const target = pick(may(role, 'change') && editing ? all : mine);
        if (target && may(role, 'change', target.body?.author.id === peer.name)) api.remove(target.id);
        return;
      }
      case 8: {
        const claim = pick((editing ? all : mine).filter((a) => a.kind === 'claim'));
        if (claim && may(role, 'judge', claim.body?.author.id === peer.name))
          api.setVerdict(claim.id, VERDICTS[op.pick % VERDICTS.length] ?? null);
        return;
      }
      case 9: {
        const target = pick(all);
        if (target && may(role, 'annotate')) api.reply(target.id, 'Source, please');
        return;
      }
      case 10: {
        const comment = pick(all.filter((a) => a.body?.kind === 'comment'));
        if (comment?.body?.kind !== 'comment' || !may(role, 'annotate')) return;
        if (comment.body.resolved) api.reopen(comment.id);
        else api.resolve(comment.id);
        return;
      }
      case 11: {
        const open = pick(all.filter((a) => a.body?.kind === 'correction' && a.body.state === 'proposed'));
        if (!open || !may(role, 'decideCorrection')) return;
        if (op.pick % 2) api.acceptCorrection(open.id);
        else api.rejectCorrection(open.id);
        return;
      }
      case 12: {
        if (!may(role, 'annotate')) return;
        const id = api.addSource({ url: 'https://example.org/report', title: 'Ministry report' });
        const claim = pick((editing ? all : mine).filter((a) => a.kind === 'claim'));
        if (claim && may(role, 'change', claim.body?.author.id === peer.name)) api.addSourceToClaim(claim.id, id);
        return;
      }
      case 13:
        moveAlongReview(peer, role, op.pick);
        return;
      default: {
        const target = pick(mine);
        if (target && may(role, 'annotate') && end > pos) {
          select();
          api.reattach(target.id);
        }
      }
    }
  }

  destroy(): void {
    this.net.destroy();
  }
}
