// @vitest-environment happy-dom
/**
 * The gate against an oracle it shares no reading with. Honest colleagues of
 * every role work through the real binding on stale copies (every update they
 * send must be accepted, and the oracle must find it allowed); then hostile
 * updates from every role, built struct by struct, are judged by both: the
 * gate may never accept what the oracle calls unauthorized.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBody } from '../body-layout.ts';
import { annotationBodies, articleFragment } from '../layout.ts';
import type { Role } from '../policy.ts';
import { DESK_ROLES, Desk, type DeskOp, deskOpArb } from '../test-support/desk.ts';
import { oracle, type World } from '../test-support/gate-oracle.ts';
import { hostileUpdate, recipeArb } from '../test-support/hostile.ts';
import { flushMicrotasks } from '../test-support/peers.ts';
import { checkUpdate, forgetTriedUpdates } from './check-update.ts';

const NOW = Date.UTC(2026, 0, 2);
const HOSTILE_RUNS = Number(process.env.FACTMARK_GATE_CASES ?? 20_000);
const HONEST_RUNS = Number(process.env.FACTMARK_GATE_HONEST_RUNS ?? 60);
const WORLDS = 6;

/** The editor changes a claim's verdict on a copy that has not heard the owner mark it checked (3,000 desks found it). */
const CHECKED_MEANWHILE: DeskOp[] = [
  { t: 'act', peer: 1, what: 4, at: 870317649, len: 1, pick: 0 },
  { t: 'act', peer: 1, what: 13, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 0 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 13, at: 0, len: 1, pick: 12194088 },
  { t: 'receive', peer: 0 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 13, at: 0, len: 1, pick: 3763768 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 1, what: 8, at: 0, len: 1, pick: 2058571 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 0 },
];

/** A colleague checks a verdict on a copy that has not heard the owner change it (2,000 desks found it). */
const VERDICT_CHANGED_MEANWHILE: DeskOp[] = [
  { t: 'act', peer: 2, what: 4, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 2, what: 8, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 0 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 13, at: 0, len: 1, pick: 191610368 },
  { t: 'receive', peer: 0 },
  { t: 'receive', peer: 0 },
  { t: 'receive', peer: 0 },
  { t: 'receive', peer: 0 },
  { t: 'receive', peer: 1 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 8, at: 0, len: 1, pick: 3558187 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 1, what: 13, at: 0, len: 1, pick: 445090288 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
];

/** The owner marks a verdict checked on a copy that has not heard a colleague change it (6,000 desks found it). */
const CHECKED_WHILE_CHANGED: DeskOp[] = [
  { t: 'act', peer: 0, what: 4, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 1 },
  { t: 'act', peer: 1, what: 13, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 0 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 13, at: 0, len: 1, pick: 1591808 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 1, what: 8, at: 0, len: 1, pick: 103 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'receive', peer: 1 },
  { t: 'receive', peer: 1 },
  { t: 'act', peer: 0, what: 0, at: 0, len: 1, pick: 0 },
  { t: 'act', peer: 0, what: 13, at: 0, len: 1, pick: 6939928 },
  { t: 'receive', peer: 0 },
];

/** The server's side of a desk: the gate, then the document and who owns which client id. */
class Server {
  readonly doc = new Y.Doc();
  readonly owners = new Map<number, string>();
  honest = 0;
  /** Refusals given by design to a verdict and a check made at once, each on a copy without the other. */
  reloads = 0;

  constructor(seed: Uint8Array) {
    Y.applyUpdate(this.doc, seed);
    for (const client of this.doc.store.clients.keys()) this.owners.set(client, 'server');
  }

  receive = (update: Uint8Array, userId: string, role: Role, sender: Y.Doc): boolean | { reload: Uint8Array } => {
    const world: World = { base: Y.encodeStateAsUpdate(this.doc), owners: this.owners, nextEdits: [], now: NOW };
    const judged = oracle(world, update, userId, role);
    const verdict = checkUpdate(this.doc, update, { userId, role }, { owners: this.owners, now: NOW });
    this.honest++;
    // A verdict changed on a copy that had not heard a colleague check the claim, or a check made on a copy that had
    // not heard the verdict change: both agree it may not stand as it merges (a checked claim with another verdict,
    // or a check of another verdict), and the page starts again on the server's copy.
    const conflict = [
      'changes a checked verdict',
      'keeps a check of another verdict',
      'checks another verdict',
      'checks its own verdict',
    ];
    if (!verdict.ok && verdict.code === 'second_review' && conflict.some((c) => judged.unauthorized?.startsWith(c))) {
      if (!this.reviewedConcurrently(update, sender)) throw new Error('A verdict or a check at odds on purpose');
      this.reloads++;
      return { reload: Y.encodeStateAsUpdate(this.doc) };
    }
    if (judged.unauthorized) throw new Error(`The oracle refuses an honest ${role}'s update: ${judged.unauthorized}`);
    if (!verdict.ok) throw new Error(`The gate refuses an honest ${role}'s update: ${verdict.code}: ${verdict.reason}`);
    Y.applyUpdate(this.doc, update, 'client');
    for (const client of verdict.claims) this.owners.set(client, userId);
    return true;
  };

  /**
   * True when every claim whose verdict, status or check `update` changes was, in the sender's copy, what made the change
   * honest: a new verdict on a claim it saw unchecked, or a check of the verdict it saw, which the server's copy no
   * longer has.
   */
  private reviewedConcurrently(update: Uint8Array, sender: Y.Doc): boolean {
    const after = new Y.Doc();
    Y.applyUpdate(after, Y.encodeStateAsUpdate(this.doc));
    Y.applyUpdate(after, update);
    const claim = (doc: Y.Doc, id: string) => {
      const read = readBody(doc, id);
      return read?.ok && read.body.kind === 'claim' ? read.body : null;
    };
    const changed = [...annotationBodies(after).keys()].filter((id) => {
      const was = claim(this.doc, id);
      const now = claim(after, id);
      return (
        was &&
        now &&
        (was.verdict !== now.verdict ||
          was.status !== now.status ||
          JSON.stringify(was.checkedBy) !== JSON.stringify(now.checkedBy))
      );
    });
    return (
      changed.length > 0 &&
      changed.every((id) => {
        const seen = claim(sender, id);
        const server = claim(this.doc, id);
        if (!seen || !server) return false;
        const sawUnchecked = seen.checkedBy === null && seen.status !== 'checked' && seen.status !== 'published';
        const checkedWhatItSaw = seen.checkedBy?.verdict === seen.verdict && server.verdict !== seen.verdict;
        return sawUnchecked || checkedWhatItSaw;
      })
    );
  }

  /** The document as it is now, with each colleague's next edit made on it. */
  world(): World {
    const base = Y.encodeStateAsUpdate(this.doc);
    const nextEdits = DESK_ROLES.map((_, i) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, base);
      // Set after loading: Yjs picks a new id when an update it receives already holds its own.
      doc.clientID = 1000 + i;
      const sv = Y.encodeStateVector(doc);
      const marker = `NEXT${i}`;
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(marker)]);
      const fragment = articleFragment(doc);
      fragment.insert(fragment.length, [paragraph]);
      return { client: 1000 + i, update: Y.encodeStateAsUpdate(doc, sv), marker };
    });
    return { base, owners: new Map(this.owners), nextEdits, now: NOW };
  }
}

async function runDesk(ops: DeskOp[]): Promise<{ server: Server; refused: string[] }> {
  let server: Server | null = null;
  const desk = new Desk((update, userId, role, sender) => (server as Server).receive(update, userId, role, sender));
  server = new Server(desk.seed);
  try {
    for (const op of ops) {
      desk.apply(op);
      desk.flush();
      await flushMicrotasks();
      desk.flush();
    }
    for (let i = 0; i < DESK_ROLES.length; i++) desk.apply({ t: 'receive', peer: i });
    await flushMicrotasks();
    desk.flush();
    return { server, refused: desk.refusedHonest };
  } finally {
    desk.destroy();
  }
}

describe('the update gate against the oracle', () => {
  it(`accepts every honest update of every role (${HONEST_RUNS} desks)`, async () => {
    let updates = 0;
    let reloads = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(deskOpArb, { minLength: 20, maxLength: 50 }), async (ops) => {
        const { server, refused } = await runDesk(ops);
        updates += server.honest;
        reloads += server.reloads;
        expect(refused).toEqual([]);
      }),
      {
        numRuns: HONEST_RUNS,
        // Found by long runs: a verdict changed, or a check made, on a copy that has not heard the other.
        examples: [[CHECKED_MEANWHILE], [VERDICT_CHANGED_MEANWHILE], [CHECKED_WHILE_CHANGED]],
      },
    );
    console.info(
      `gate differential: ${updates} honest updates from ${HONEST_RUNS} desks, 0 refused but ${reloads} by design ` +
        '(a verdict and a colleague’s check made at once, each on a copy without the other: the second page reloads)',
    );
    expect(reloads).toBeGreaterThan(0);
    expect(updates).toBeGreaterThan(HONEST_RUNS * 3);
  }, 300_000);

  it(`never accepts what the oracle calls unauthorized (${HOSTILE_RUNS} hostile updates)`, async () => {
    const worlds: { world: World; server: Y.Doc }[] = [];
    for (let w = 0; w < WORLDS; w++) {
      const [ops] = fc.sample(fc.array(deskOpArb, { minLength: 60, maxLength: 60 }), { seed: 100 + w, numRuns: 1 });
      const { server } = await runDesk(ops ?? []);
      worlds.push({ world: server.world(), server: server.doc });
    }
    const reasons = new Map<string, number>();
    let unauthorized = 0;
    let acceptedChanges = 0;
    fc.assert(
      fc.property(fc.nat(WORLDS - 1), fc.nat(3), recipeArb, (w, s, recipe) => {
        const { world, server } = worlds[w] as (typeof worlds)[number];
        const userId = `peer${s}`;
        const role = DESK_ROLES[s] as Role;
        const update = hostileUpdate(world.base, recipe, userId, 1000 + s, NOW);
        const verdict = checkUpdate(server, update, { userId, role }, { owners: world.owners, now: NOW });
        if (verdict.ok) forgetTriedUpdates(server);
        const judged = oracle(world, update, userId, role);
        const key = verdict.ok ? (verdict.changes ? 'accepted' : 'accepted, no change') : verdict.code;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
        if (judged.unauthorized) unauthorized++;
        if (verdict.ok && verdict.changes) acceptedChanges++;
        if (verdict.ok && judged.unauthorized) {
          throw new Error(
            `The gate accepted from a ${role} what ${judged.unauthorized} (recipe ${JSON.stringify(recipe)})`,
          );
        }
        // What a role may do, done through the plain Yjs API, passes unless a body is invalid.
        if (recipe.kind % 11 === 9 && judged.changed && !judged.unauthorized && !verdict.ok) {
          expect(verdict.code).toBe('invalid_body');
        }
      }),
      // GATE_SEED replays a failing run (fast-check prints its seed).
      { numRuns: HOSTILE_RUNS, ...(process.env.GATE_SEED ? { seed: Number(process.env.GATE_SEED) } : {}) },
    );
    console.info(
      `gate differential: ${HOSTILE_RUNS} hostile updates, ${unauthorized} unauthorized per the oracle, 0 accepted; ` +
        `${acceptedChanges} allowed changes accepted; verdicts ${JSON.stringify(Object.fromEntries(reasons))}`,
    );
    expect(unauthorized).toBeGreaterThan(HOSTILE_RUNS / 4);
    expect(acceptedChanges).toBeGreaterThan(HOSTILE_RUNS / 50);
  }, 600_000);

  // Found by the property above (shrunk; about one CI run in ten went red): an owner accepts a correction whose
  // replacement y-prosemirror writes with formatting it creates and removes in the same transaction. Yjs collects
  // that content before encoding the update, so the server integrates part of the acceptance's clock range as
  // garbage; the gate used to count only items and refused the honest acceptance's log entry.
  it('takes an acceptance whose update arrives with content its sender created and removed at once', async () => {
    const act = (peer: number, what: number, at = 0, len = 1, pick = 0) =>
      ({ t: 'act', peer, what, at, len, pick }) as DeskOp;
    const receive = (peer: number) => ({ t: 'receive', peer }) as DeskOp;
    const typing = Array.from({ length: 3 }, () => act(0, 0));
    const ops: DeskOp[] = [
      act(0, 2, 1),
      receive(1),
      act(1, 3),
      act(0, 0),
      act(0, 6, 3, 2),
      receive(1),
      ...typing,
      act(0, 11, 0, 1, 9),
      act(0, 0),
      receive(0),
      ...typing,
      act(0, 0),
      act(0, 0),
      receive(0),
      act(0, 0),
      receive(0),
      receive(0),
      act(0, 0),
      act(0, 0),
    ];
    const { refused } = await runDesk(ops);
    expect(refused).toEqual([]);
  });
});
