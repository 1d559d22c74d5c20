// @vitest-environment happy-dom
import { articleFromText } from '@factmark/editor';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BODY_LIMITS } from '../bodies.ts';
import { bodyField } from '../body-layout.ts';
import { annotationBodies } from '../layout.ts';
import type { Role } from '../policy.ts';
import { Network, type Peer, select, typeAt } from '../test-support/peers.ts';
import { addsNothing, checkUpdate, forgetTriedUpdates } from './check-update.ts';

/** The client peer (peer0) sending with `role`. */
const as = (role: Role) => ({ userId: 'peer0', role });

const ARTICLE = articleFromText(
  'Drills begin\n\nMore than 50,000 soldiers and 140 aircraft take part, the ministry said.',
);
const ALL: Role[] = ['owner', 'editor', 'commenter', 'viewer'];

let net: Network;
afterEach(() => net?.destroy());

/** The server's copy (peer 1, which receives nothing during the action) and the update `act` makes on peer 0. */
function updateOf(act: (p: Peer) => void, setUp?: (p: Peer) => void): { server: Y.Doc; update: Uint8Array } {
  net = new Network(ARTICLE, 2);
  const [client, server] = net.peers as [Peer, Peer];
  if (setUp) {
    setUp(client);
    net.deliver(client, server);
  }
  const before = Y.encodeStateVector(client.doc);
  act(client);
  return { server: server.doc, update: Y.encodeStateAsUpdate(client.doc, before) };
}

function verdicts(server: Y.Doc, update: Uint8Array) {
  // Each role's verdict on the document as it is: the update is not applied, so the trial copy forgets it.
  return Object.fromEntries(
    ALL.map((r) => {
      const verdict = checkUpdate(server, update, as(r));
      forgetTriedUpdates(server);
      return [r, verdict.ok ? 'ok' : verdict.code];
    }),
  );
}

describe('update gate', () => {
  it('lets commenters annotate (marks are formatting) but not viewers', () => {
    const { server, update } = updateOf((p) => {
      select(p.view, '140 aircraft');
      p.fc.markClaim();
    });
    const verdict = checkUpdate(server, update, as('commenter'));
    expect(verdict.ok && verdict.bodyChanges.map((c) => c.before)).toEqual([null]);
    forgetTriedUpdates(server);
    expect(verdicts(server, update)).toEqual({ owner: 'ok', editor: 'ok', commenter: 'ok', viewer: 'read_only' });
  });

  it('refuses a commenter typing or deleting text, and allows editors', () => {
    const typed = updateOf((p) => typeAt(p.view, 20, 'XYZ'));
    expect(verdicts(typed.server, typed.update)).toEqual({
      owner: 'ok',
      editor: 'ok',
      commenter: 'article_text',
      viewer: 'read_only',
    });
    const deleted = updateOf((p) => p.view.dispatch(p.view.state.tr.delete(20, 25)));
    expect(verdicts(deleted.server, deleted.update).commenter).toBe('article_text');
    const split = updateOf((p) => p.view.dispatch(p.view.state.tr.split(30)));
    expect(verdicts(split.server, split.update).commenter).toBe('article_text');
  });

  it('lets a commenter change bodies and reply, remove an annotation, but not accept a correction', () => {
    let claim = '';
    const verdict = updateOf(
      (p) => p.fc.setVerdict(claim, 'False'),
      (p) => {
        select(p.view, '140 aircraft');
        claim = p.fc.markClaim();
      },
    );
    const judged = checkUpdate(verdict.server, verdict.update, as('editor'));
    expect(judged.ok && judged.bodyChanges.map((c) => c.id)).toEqual([claim]);
    forgetTriedUpdates(verdict.server);
    expect(verdicts(verdict.server, verdict.update).commenter).toBe('ok');
    const reply = updateOf(
      (p) => p.fc.reply(claim, 'Which source?'),
      (p) => {
        select(p.view, '140 aircraft');
        claim = p.fc.markClaim();
      },
    );
    expect(verdicts(reply.server, reply.update).commenter).toBe('ok');
    const removal = updateOf(
      (p) => p.fc.remove(claim),
      (p) => {
        select(p.view, '140 aircraft');
        claim = p.fc.markClaim();
      },
    );
    expect(verdicts(removal.server, removal.update).commenter).toBe('ok');
    let correction = '';
    const accept = updateOf(
      (p) => p.fc.acceptCorrection(correction),
      (p) => {
        select(p.view, 'the ministry said');
        correction = p.fc.proposeCorrection({ proposed: 'the Defence Ministry said', category: 'mistranslation' });
      },
    );
    expect(verdicts(accept.server, accept.update)).toEqual({
      owner: 'ok',
      editor: 'ok',
      commenter: 'article_text',
      viewer: 'read_only',
    });
  });

  it('refuses an invalid body or source for every role, and anything outside the layout', () => {
    let claim = '';
    const bad = updateOf(
      (p) => p.doc.transact(() => (annotationBodies(p.doc).get(claim) as Y.Map<unknown>).set('verdict', 42)),
      (p) => {
        select(p.view, '140 aircraft');
        claim = p.fc.markClaim();
      },
    );
    expect(verdicts(bad.server, bad.update)).toEqual({
      owner: 'invalid_body',
      editor: 'invalid_body',
      commenter: 'invalid_body',
      viewer: 'read_only',
    });
    const source = updateOf((p) => {
      const map = new Y.Map<unknown>();
      map.set('url', 'javascript:alert(1)');
      p.doc.getMap('sources').set('s1', map);
    });
    expect(verdicts(source.server, source.update).editor).toBe('invalid_body');
    const stray = updateOf((p) => p.doc.getMap('secret').set('x', 1));
    expect(verdicts(stray.server, stray.update).owner).toBe('unknown_type');
  });

  it('calls bytes that are not an update malformed, and an update the server already has harmless', () => {
    const { server, update } = updateOf((p) => typeAt(p.view, 20, 'X'));
    expect(checkUpdate(server, new Uint8Array([1, 2, 3, 250, 255, 7]), as('owner'))).toMatchObject({
      ok: false,
      code: 'malformed',
    });
    Y.applyUpdate(server, update);
    const harmless = { ok: true, changes: false, bodyChanges: [], claims: [] };
    expect(checkUpdate(server, update, as('viewer'))).toEqual(harmless);
    // A caller's wrong word that it adds something (the check it saves is not made) changes no verdict.
    expect(checkUpdate(server, update, as('viewer'), { addsSomething: true })).toEqual(harmless);
    expect(checkUpdate(server, Y.encodeStateAsUpdate(server), as('viewer'), { addsSomething: true })).toEqual(harmless);
  });

  it('tells an update that adds nothing (a sync with nothing new) from one that adds, deletes or is not whole', () => {
    const { server, update } = updateOf((p) => typeAt(p.view, 20, 'X'));
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    expect(addsNothing(server, empty)).toBe(true);
    expect(addsNothing(server, update)).toBe(false);
    Y.applyUpdate(server, update);
    expect(addsNothing(server, update)).toBe(true);
    // Bytes appended, or the same update in encoding v2: not an update the gate lets through unread.
    expect(addsNothing(server, new Uint8Array([...empty, 0]))).toBe(false);
    expect(addsNothing(server, Y.convertUpdateFormatV1ToV2(empty))).toBe(false);
    expect(checkUpdate(server, new Uint8Array([...empty, 0]), as('owner'))).toMatchObject({ code: 'malformed' });
    // A deletion of text the server has: the client's reply (no new struct, its whole delete set) adds something
    // until the server has deleted it too.
    const deleting = updateOf((p) => p.view.dispatch(p.view.state.tr.delete(20, 22)));
    const reply = Y.encodeStateAsUpdate(net.peers[0]!.doc, Y.encodeStateVector(net.peers[0]!.doc));
    expect(Y.decodeUpdate(reply).structs).toHaveLength(0);
    expect(addsNothing(deleting.server, reply)).toBe(false);
    Y.applyUpdate(deleting.server, deleting.update);
    expect(addsNothing(deleting.server, reply)).toBe(true);
  });

  it("judges a colleague's id only where the update writes what the server lacks under it", () => {
    net = new Network(ARTICLE, 3);
    const [client, server, colleague] = net.peers as [Peer, Peer, Peer];
    const before = Y.encodeStateVector(client.doc);
    typeAt(colleague.view, 5, 'abc');
    net.deliver(colleague, client);
    typeAt(client.view, 12, 'xyz');
    // The client's own typing, with the colleague's it holds since `before` (a reply to an older state vector).
    const update = Y.encodeStateAsUpdate(client.doc, before);
    const owners = new Map([[colleague.doc.clientID, 'peer2']]);
    const judge = () => {
      const verdict = checkUpdate(server.doc, update, as('editor'), { owners });
      forgetTriedUpdates(server.doc);
      return verdict.ok ? 'ok' : verdict.code;
    };
    // The server lacks the colleague's typing: the update writes under their id.
    expect(judge()).toBe('client_id');
    // Once the server holds it, the same update only repeats it there: what it adds is the client's own.
    net.deliver(colleague, server);
    expect(judge()).toBe('ok');
  });

  it('lets an editor send items that refer to content the server lacks (Yjs holds them), but not a commenter', () => {
    net = new Network(ARTICLE, 2);
    const [client, server] = net.peers as [Peer, Peer];
    const text = () => (client.doc.getXmlFragment('article').get(1) as Y.XmlElement).get(0) as Y.XmlText;
    text().insert(0, 'X');
    const before = Y.encodeStateVector(client.doc);
    text().insert(1, 'Y');
    const second = Y.encodeStateAsUpdate(client.doc, before);
    expect(verdicts(server.doc, second)).toEqual({
      owner: 'ok',
      editor: 'ok',
      commenter: 'out_of_sync',
      viewer: 'read_only',
    });
  });

  describe('the copy updates are tried on', () => {
    /** A client and a server document, in sync, with a claim on "140 aircraft"; `send` gates and applies a client change. */
    function setUp() {
      net = new Network(ARTICLE, 2);
      const [client, server] = net.peers as [Peer, Peer];
      select(client.view, '140 aircraft');
      const claim = client.fc.markClaim();
      net.deliver(client, server);
      const send = (act: () => void, role: Role = 'editor') => {
        const before = Y.encodeStateVector(client.doc);
        act();
        const update = Y.encodeStateAsUpdate(client.doc, before);
        const verdict = checkUpdate(server.doc, update, as(role));
        if (verdict.ok) Y.applyUpdate(server.doc, update);
        // Whatever the server did not take, the client forgets (as a refused client reloads the server's copy).
        else net.deliver(client, server);
        return verdict;
      };
      return { client, server, claim, send };
    }

    it("follows changes the document gets from elsewhere (the server's own, other instances)", () => {
      const { client, server, claim, send } = setUp();
      expect(send(() => client.fc.setRationale(claim, 'First look'))).toMatchObject({ ok: true });
      // The server changes the body itself, then the client changes another field: the body as it is after
      // both is what the gate validates and reports.
      server.doc.transact(() => (annotationBodies(server.doc).get(claim) as Y.Map<unknown>).set('statement', 'B'));
      Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(server.doc, Y.encodeStateVector(client.doc)));
      const verdict = send(() => client.fc.setVerdict(claim, 'False'));
      expect(verdict.ok).toBe(true);
      if (!verdict.ok) return;
      expect(verdict.bodyChanges[0]?.before).toMatchObject({ statement: 'B', rationale: 'First look', verdict: null });
      expect(verdict.bodyChanges[0]?.after).toMatchObject({
        statement: 'B',
        rationale: 'First look',
        verdict: 'False',
      });
    });

    it('forgets a refused update: the next update is judged on the document as it is', () => {
      const { client, server, claim } = setUp();
      const serverBody = () => annotationBodies(server.doc).get(claim) as Y.Map<unknown>;
      const clientBody = () => annotationBodies(client.doc).get(claim) as Y.Map<unknown>;
      // A refused update sets the verdict to a number...
      let before = Y.encodeStateVector(client.doc);
      client.doc.transact(() => clientBody().set('verdict', 42));
      expect(checkUpdate(server.doc, Y.encodeStateAsUpdate(client.doc, before), as('editor'))).toMatchObject({
        ok: false,
        code: 'invalid_body',
      });
      // ...and an update from another client, built on the server's state, sets the rationale: the verdict
      // the gate reports is still the server's (null), not the refused 42.
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(server.doc));
      before = Y.encodeStateVector(other);
      other.transact(() => (annotationBodies(other).get(claim) as Y.Map<unknown>).set('rationale', 'Checked'));
      const verdict = checkUpdate(server.doc, Y.encodeStateAsUpdate(other, before), as('editor'));
      expect(verdict).toMatchObject({ ok: true });
      if (verdict.ok) expect(verdict.bodyChanges[0]?.after).toMatchObject({ verdict: null, rationale: 'Checked' });
      expect(bodyField(serverBody(), 'verdict')).toBe(null);
    });

    it('forgetTriedUpdates drops an accepted update the document did not apply', () => {
      const { client, server, claim } = setUp();
      const before = Y.encodeStateVector(client.doc);
      client.fc.setRationale(claim, 'Not stored');
      expect(checkUpdate(server.doc, Y.encodeStateAsUpdate(client.doc, before), as('editor')).ok).toBe(true);
      // Storing it failed: the server does not apply it.
      forgetTriedUpdates(server.doc);
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(server.doc));
      const sv = Y.encodeStateVector(other);
      other.transact(() => (annotationBodies(other).get(claim) as Y.Map<unknown>).set('statement', 'S'));
      const verdict = checkUpdate(server.doc, Y.encodeStateAsUpdate(other, sv), as('editor'));
      expect(verdict.ok && verdict.bodyChanges[0]?.after?.rationale).toBe('');
    });
  });
});

describe('update gate: acceptances name only their own text (issue 15)', () => {
  it("accepts an acceptance whose log entry names the text it wrote, and refuses one naming a colleague's", () => {
    const honest = updateOf(
      (p) => {
        const id = p.fc.annotations()[0]?.id as string;
        p.fc.acceptCorrection(id);
      },
      (p) => {
        select(p.view, '140 aircraft');
        p.fc.proposeCorrection({ proposed: '120 aircraft', category: 'factual_error' });
      },
    );
    const entry = new Y.Doc();
    Y.applyUpdate(entry, Y.encodeStateAsUpdate(honest.server));
    Y.applyUpdate(entry, honest.update);
    const written = (entry.getArray('correctionsLog').get(0) as { replaced?: { client: number } }).replaced;
    expect(written?.client).toBeGreaterThan(0);
    expect(checkUpdate(honest.server, honest.update, as('editor')).ok).toBe(true);
    forgetTriedUpdates(honest.server);

    // The same decision, with its entry naming the text the document already had (the article's own words).
    const forged = updateOf(
      (p) => {
        const id = p.fc.annotations()[0]?.id as string;
        const body = annotationBodies(p.doc).get(id) as Y.Map<unknown>;
        const seedClient = [...Y.decodeStateVector(Y.encodeStateVector(p.doc)).keys()].find(
          (c) => c !== p.doc.clientID,
        );
        p.doc.transact(() => {
          body.set('state', 'rejected');
          body.set('decidedBy', { id: 'peer0', name: 'peer0' });
          body.set('decidedAt', new Date().toISOString());
          p.doc.getArray('correctionsLog').push([
            {
              correctionId: id,
              decision: 'rejected',
              original: '140 aircraft',
              proposed: '120 aircraft',
              category: 'factual_error',
              decidedBy: { id: 'peer0', name: 'peer0' },
              decidedAt: new Date().toISOString(),
              replaced: { client: seedClient, from: 0, to: 10 },
            },
          ]);
        });
      },
      (p) => {
        select(p.view, '140 aircraft');
        p.fc.proposeCorrection({ proposed: '120 aircraft', category: 'factual_error' });
      },
    );
    const verdict = checkUpdate(forged.server, forged.update, as('editor'));
    expect(verdict.ok ? 'ok' : verdict.code).toBe('corrections_log');
  });

  it("lets an editor give a rejected correction a colleague's concurrent acceptance from the log, and nothing else", () => {
    const acceptedAt = new Date(Date.now() - 60_000).toISOString();
    const setUp = (p: Peer) => {
      select(p.view, '140 aircraft');
      const id = p.fc.proposeCorrection({ proposed: '120 aircraft', category: 'factual_error' });
      const body = annotationBodies(p.doc).get(id) as Y.Map<unknown>;
      const entry = (decision: string, who: string, at: string) => ({
        correctionId: id,
        decision,
        original: '140 aircraft',
        proposed: '120 aircraft',
        category: 'factual_error',
        decidedBy: { id: who, name: who },
        decidedAt: at,
      });
      // Two colleagues decided at once: the body kept the rejection, the log holds both.
      p.doc.transact(() => {
        body.set('state', 'rejected');
        body.set('decidedBy', { id: 'peer5', name: 'peer5' });
        body.set('decidedAt', acceptedAt);
        p.doc
          .getArray('correctionsLog')
          .push([entry('accepted', 'peer7', acceptedAt), entry('rejected', 'peer5', acceptedAt)]);
      });
    };
    const giveWay = (who: string, at: string) =>
      updateOf((p) => {
        const body = annotationBodies(p.doc).get(p.fc.annotations()[0]?.id as string) as Y.Map<unknown>;
        p.doc.transact(() => {
          body.set('state', 'accepted');
          body.set('decidedBy', { id: who, name: who });
          body.set('decidedAt', at);
        });
      }, setUp);
    const repair = giveWay('peer7', acceptedAt);
    expect(verdicts(repair.server, repair.update)).toEqual({
      owner: 'ok',
      editor: 'ok',
      commenter: 'decision',
      viewer: 'read_only',
    });
    // An acceptance the log does not hold (another person, or another time) needs a log entry of its own.
    for (const [who, at] of [
      ['peer5', acceptedAt],
      ['peer7', new Date().toISOString()],
    ] as const) {
      const forged = giveWay(who, at);
      const verdict = checkUpdate(forged.server, forged.update, as('editor'));
      expect(verdict.ok ? 'ok' : verdict.code).toBe('decision');
    }
  });

  describe('collaborative text fields', () => {
    /** A claim by peer0 (delivered to the server), and the update `act` makes to it. */
    const claimUpdate = (act: (p: Peer, claim: string) => void) => {
      let claim = '';
      return updateOf(
        (p) => act(p, claim),
        (p) => {
          select(p.view, '140 aircraft');
          claim = p.fc.markClaim();
        },
      );
    };
    const rationaleOf = (p: Peer, claim: string) => annotationBodies(p.doc).get(claim)?.get('rationale') as Y.Text;

    it('takes typing in a rationale from who may judge the claim, and refuses it from a viewer', () => {
      const { server, update } = claimUpdate((p, claim) =>
        p.fc.editText(claim, 'rationale', 'Ministry figures', { caret: 16 }),
      );
      expect(verdicts(server, update)).toEqual({ owner: 'ok', editor: 'ok', commenter: 'ok', viewer: 'read_only' });
      const verdict = checkUpdate(server, update, as('editor'));
      expect(verdict.ok && verdict.bodyChanges[0]?.after?.rationale).toBe('Ministry figures');
    });

    it("refuses a commenter typing in a colleague's rationale", () => {
      const { server, update } = claimUpdate((p, claim) => p.fc.editText(claim, 'rationale', 'Mine now'));
      // The claim is peer0's; the sender is someone else, a commenter.
      const verdict = checkUpdate(server, update, { userId: 'someone-else', role: 'commenter' });
      expect(verdict).toMatchObject({ ok: false, code: 'not_yours' });
    });

    it('refuses text over the field limit, formatting inside a field, and text under a field that is not prose', () => {
      const long = claimUpdate((p, claim) =>
        p.doc.transact(() => rationaleOf(p, claim).insert(0, 'x'.repeat(BODY_LIMITS.rationale + 1))),
      );
      expect(checkUpdate(long.server, long.update, as('owner'))).toMatchObject({ ok: false, code: 'invalid_body' });
      forgetTriedUpdates(long.server);
      const bold = claimUpdate((p, claim) =>
        p.doc.transact(() => rationaleOf(p, claim).insert(0, 'Bold', { bold: true })),
      );
      expect(checkUpdate(bold.server, bold.update, as('owner'))).toMatchObject({ ok: false, code: 'unknown_type' });
      forgetTriedUpdates(bold.server);
      const misplaced = claimUpdate((p, claim) =>
        p.doc.transact(() => annotationBodies(p.doc).get(claim)?.set('status', new Y.Text('checked'))),
      );
      expect(checkUpdate(misplaced.server, misplaced.update, as('owner'))).toMatchObject({
        ok: false,
        code: 'unknown_type',
      });
    });

    it('merges two colleagues typing in one rationale at once, keeping both texts', () => {
      net = new Network(ARTICLE, 2);
      const [a, b] = net.peers as [Peer, Peer];
      select(a.view, '140 aircraft');
      const claim = a.fc.markClaim();
      net.deliver(a, b);
      a.fc.editText(claim, 'rationale', 'Ministry figures.', { caret: 17 });
      b.fc.editText(claim, 'rationale', 'Satellite images.', { caret: 17 });
      net.deliver(a, b);
      net.deliver(b, a);
      const merged = rationaleOf(a, claim).toString();
      expect(merged).toBe(rationaleOf(b, claim).toString());
      expect(merged).toContain('Ministry figures.');
      expect(merged).toContain('Satellite images.');
      // Then each edits inside the merged text: both edits survive.
      a.fc.editText(claim, 'rationale', merged.replace('Ministry', 'Defence ministry'));
      b.fc.editText(claim, 'rationale', merged.replace('images', 'photographs'));
      net.deliver(a, b);
      net.deliver(b, a);
      expect(rationaleOf(a, claim).toString()).toContain('Defence ministry figures.');
      expect(rationaleOf(a, claim).toString()).toContain('Satellite photographs.');
      expect(rationaleOf(a, claim).toString()).toBe(rationaleOf(b, claim).toString());
    });
  });
});
