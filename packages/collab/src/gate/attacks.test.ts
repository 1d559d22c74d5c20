// @vitest-environment happy-dom
/**
 * The attacks the gate used to let through (each accepted by the gate that
 * predicted from an update's bytes where Yjs would put it), written as a
 * commenter who crafts Yjs updates by hand.
 */
import { articleFromText, articleSchema } from '@factmark/editor';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { messageToYMap } from '../bodies.ts';
import { annotationBodies, articleFragment, readArticle } from '../layout.ts';
import { craftUpdate } from '../test-support/crafted-update.ts';
import { Network, type Peer, select, typeAt } from '../test-support/peers.ts';
import { checkUpdate, forgetTriedUpdates, type GateVerdict } from './check-update.ts';

const ARTICLE = articleFromText(
  'Drills begin\n\nMore than 50,000 soldiers and 140 aircraft take part, the ministry said on Monday.',
);
const EDITOR = 1000;
const MALLORY = { userId: 'mallory', role: 'commenter' as const };

let net: Network;
afterEach(() => net?.destroy());

/** An editor's document on the server (peer1), with a claim, a comment and a bold word by the editor (peer0). */
function desk() {
  net = new Network(ARTICLE, 2);
  const [editor, server] = net.peers as [Peer, Peer];
  select(editor.view, '140 aircraft');
  const claim = editor.fc.markClaim();
  select(editor.view, 'the ministry said');
  const comment = editor.fc.addComment('Which ministry?');
  select(editor.view, 'Monday');
  editor.view.dispatch(
    editor.view.state.tr.addMark(
      editor.view.state.selection.from,
      editor.view.state.selection.to,
      articleSchema.marks.strong.create(),
    ),
  );
  select(editor.view, 'soldiers');
  editor.view.dispatch(
    editor.view.state.tr.addMark(
      editor.view.state.selection.from,
      editor.view.state.selection.to,
      articleSchema.marks.link.create({ href: 'https://example.org/drills' }),
    ),
  );
  // The editor's last item is article text.
  typeAt(editor.view, editor.view.state.doc.content.size - 1, ' More to come');
  net.deliver(editor, server);
  return { editor, server: server.doc, claim, comment };
}

/** A commenter's own copy of the server document, and the update of what `act` does to it. */
function asCommenter(server: Y.Doc, act: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 5000;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(doc);
  act(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

function gate(server: Y.Doc, update: Uint8Array, owners = new Map<number, string>()): GateVerdict {
  const verdict = checkUpdate(server, update, MALLORY, { owners });
  forgetTriedUpdates(server);
  return verdict;
}

const body = (doc: Y.Doc, id: string) => annotationBodies(doc).get(id) as Y.Map<unknown>;

describe('the gate refuses what a commenter may not write, however the update is made', () => {
  it('text slipped into the article by reusing a known clock range and naming the annotations map', () => {
    const { server } = desk();
    const last = Y.getState(server.store, EDITOR);
    const update = craftUpdate([
      { client: EDITOR, clock: last - 1, parent: 'annotations', parentSub: null, content: { string: 'QINJECTED' } },
    ]);
    // Yjs itself puts the unknown tail into the article, after the editor's last item.
    const probe = new Y.Doc();
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(probe, update);
    expect(readArticle(probe).textContent).toContain('INJECTED');
    // Yjs links it after the editor's text while its parent pointer still names the annotations map.
    expect(gate(server, update)).toMatchObject({ ok: false, code: 'malformed' });
    expect(gate(server, update, new Map([[EDITOR, 'peer0']]))).toMatchObject({ ok: false, code: 'client_id' });
    // Placed by its neighbour alone (no parent named), the text lands in the article, where a commenter may not write.
    const byNeighbour = craftUpdate([
      { client: 4242, clock: 0, origin: [EDITOR, last - 1], content: { string: 'INJECTED' } },
    ]);
    expect(gate(server, byNeighbour)).toMatchObject({ ok: false, code: 'article_text' });
  });

  it("a delete set over an editor's future clocks (it would remove their next edit)", () => {
    const { server } = desk();
    const update = craftUpdate([], [[EDITOR, Y.getState(server.store, EDITOR), 1000]]);
    expect(gate(server, update)).toMatchObject({ ok: false, code: 'out_of_sync' });
    expect(gate(server, update, new Map([[EDITOR, 'peer0']]))).toMatchObject({ ok: false, code: 'client_id' });
    // With their own (unowned) client, a commenter still cannot leave a deletion pending.
    expect(gate(server, craftUpdate([], [[7777, 0, 5]]))).toMatchObject({ ok: false, code: 'out_of_sync' });
  });

  it('removing bold, or deleting the start marker of a link', () => {
    const { server } = desk();
    const unbold = asCommenter(server, (doc) => {
      const text = (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
      text.format(0, text.length, { strong: null });
    });
    expect(gate(server, unbold)).toMatchObject({ ok: false, code: 'article_text' });
    let linkStart: Y.Item | null = null;
    for (
      let item = ((articleFragment(server).get(1) as Y.XmlElement).get(0) as Y.XmlText)._start;
      item;
      item = item.right
    ) {
      if (!item.deleted && item.content instanceof Y.ContentFormat && item.content.key === 'link') linkStart ??= item;
    }
    expect(linkStart).not.toBeNull();
    const unlink = craftUpdate([], [[linkStart!.id.client, linkStart!.id.clock, 1]]);
    expect(gate(server, unlink)).toMatchObject({ ok: false, code: 'article_text' });
  });

  it("extending someone else's claim over more words, under any mark key", () => {
    const { server, claim } = desk();
    // Every key y-prosemirror reads as a claim: plain, or with any 8-character hash.
    for (const key of ['claim', 'claim--forged12', 'claim--AAAAAAAA']) {
      const update = asCommenter(server, (doc) => {
        const text = (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
        text.format(0, 9, { [key]: { id: claim } });
      });
      expect(gate(server, update)).toMatchObject({ ok: false, code: 'not_yours' });
    }
  });

  it("rewriting an editor's message, or signing as the owner", () => {
    const { server, claim, comment } = desk();
    // In place (a message's text is collaborative text), or by replacing the message with a plain copy.
    const thread = (doc: Y.Doc) => body(doc, comment).get('thread') as Y.Array<Y.Map<unknown>>;
    const rewrites = [
      (doc: Y.Doc) => (thread(doc).get(0).get('text') as Y.Text).insert(0, 'Nothing to see. '),
      (doc: Y.Doc) => {
        const first = thread(doc).get(0).toJSON();
        doc.transact(() => {
          thread(doc).delete(0, 1);
          thread(doc).insert(0, [{ ...first, text: 'Nothing to see' } as never]);
        });
      },
    ];
    for (const rewrite of rewrites)
      expect(gate(server, asCommenter(server, rewrite))).toMatchObject({ ok: false, code: 'not_yours' });
    const owner = { id: 'peer0', name: 'peer0' };
    const forged = [
      (doc: Y.Doc) => body(doc, comment).set('author', { id: 'mallory', name: 'Mallory' }),
      (doc: Y.Doc) => {
        body(doc, comment).set('resolved', true);
        body(doc, comment).set('resolvedBy', owner);
        body(doc, comment).set('resolvedAt', new Date().toISOString());
      },
      (doc: Y.Doc) =>
        (body(doc, claim).get('thread') as Y.Array<unknown>).push([
          { id: 'm1', author: owner, text: 'Approved', createdAt: new Date().toISOString() },
        ]),
      (doc: Y.Doc) => {
        (body(doc, claim).get('thread') as Y.Array<unknown>).push([
          { id: 'm2', author: { id: 'mallory', name: 'Mallory' }, text: 'Later', createdAt: '2099-01-01T00:00:00Z' },
        ]);
      },
    ];
    for (const act of forged)
      expect(gate(server, asCommenter(server, act))).toMatchObject({ ok: false, code: 'identity' });
  });

  it('a message edited by its author only as text: no formatting, no new fields, same author and time', () => {
    const { server, comment } = desk();
    const owners = new Map([[5000, 'mallory']]);
    const mine = { id: 'm-mallory', author: { id: 'mallory', name: 'Mallory' }, createdAt: new Date().toISOString() };
    const post = asCommenter(server, (doc) =>
      (body(doc, comment).get('thread') as Y.Array<unknown>).push([
        messageToYMap({ ...mine, text: 'Ask the wire desk' }),
      ]),
    );
    expect(gate(server, post, owners)).toMatchObject({ ok: true });
    Y.applyUpdate(server, post);
    const message = (doc: Y.Doc) => (body(doc, comment).get('thread') as Y.Array<Y.Map<unknown>>).get(1);
    const text = (doc: Y.Doc) => message(doc).get('text') as Y.Text;
    const edit = asCommenter(server, (doc) =>
      doc.transact(() => {
        text(doc).insert(0, 'Please ');
        message(doc).set('editedAt', new Date().toISOString());
      }),
    );
    expect(gate(server, edit, owners)).toMatchObject({ ok: true });
    const refused: [string, (doc: Y.Doc) => void][] = [
      ['unknown_type', (doc) => text(doc).format(0, 3, { bold: true })],
      ['unknown_type', (doc) => text(doc).insertEmbed(0, { image: 'https://evil.example/x.png' })],
      ['unknown_type', (doc) => message(doc).set('html', '<img src=x onerror=alert(1)>')],
      ['unknown_type', (doc) => message(doc).set('text', 'plain text instead of collaborative text')],
      ['identity', (doc) => message(doc).set('author', { id: 'peer0', name: 'peer0' })],
      ['identity', (doc) => message(doc).set('createdAt', '2020-01-01T00:00:00.000Z')],
      ['identity', (doc) => message(doc).set('editedAt', '2099-01-01T00:00:00.000Z')],
    ];
    for (const [code, act] of refused)
      expect(gate(server, asCommenter(server, act), owners)).toMatchObject({ ok: false, code });
  });

  it('a correction set to accepted with no text change and no log entry, even by an editor', () => {
    const { editor, server } = desk();
    select(editor.view, 'on Monday');
    const correction = editor.fc.proposeCorrection({ proposed: 'on Tuesday', category: 'factual_error' });
    net.deliver(editor, net.peers[1] as Peer);
    const update = asCommenter(server, (doc) => {
      const map = body(doc, correction);
      map.set('state', 'accepted');
      map.set('decidedBy', { id: 'peer0', name: 'peer0' });
      map.set('decidedAt', new Date().toISOString());
    });
    expect(gate(server, update)).toMatchObject({ ok: false, code: 'decision' });
    const asEditor = checkUpdate(server, update, { userId: 'peer0', role: 'editor' });
    forgetTriedUpdates(server);
    expect(asEditor).toMatchObject({ ok: false, code: 'decision' });
    // The whole decision, made through the editor, passes.
    const sv = Y.encodeStateVector(editor.doc);
    editor.fc.acceptCorrection(correction);
    const whole = Y.encodeStateAsUpdate(editor.doc, sv);
    expect(checkUpdate(server, whole, { userId: 'peer0', role: 'editor' })).toMatchObject({ ok: true });
  });

  it('an update in another encoding, or with bytes appended, is refused, never taken as a no-op', () => {
    const { editor, server } = desk();
    const sv = Y.encodeStateVector(editor.doc);
    typeAt(editor.view, 3, 'more ');
    const owner = { userId: 'peer0', role: 'owner' as const };
    const v1 = Y.encodeStateAsUpdate(editor.doc, sv);
    for (const update of [Y.encodeStateAsUpdateV2(editor.doc, sv), new Uint8Array([...v1, 0, 7])]) {
      expect(checkUpdate(server, update, owner)).toMatchObject({ ok: false, code: 'malformed' });
      forgetTriedUpdates(server);
    }
    expect(checkUpdate(server, v1, owner)).toMatchObject({ ok: true, changes: true });
  });

  it('subdocuments, embeds and unknown marks are refused for every role', () => {
    const { server } = desk();
    const owner = { userId: 'peer0', role: 'owner' as const };
    const attacks = [
      craftUpdate([{ client: 9, clock: 0, parent: 'annotations', parentSub: 'x', content: { doc: 'guid' } }]),
      craftUpdate([{ client: 9, clock: 0, parent: 'sources', parentSub: 'x', content: { embed: { a: 1 } } }]),
      craftUpdate([
        { client: 9, clock: 0, parent: 'settings', parentSub: 'ratingScale', content: { binary: new Uint8Array(3) } },
      ]),
      asCommenter(server, (doc) => {
        const text = (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
        text.format(0, 4, { script: { src: 'x' } });
      }),
      asCommenter(server, (doc) => {
        const text = (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
        text.format(0, 4, { link: { href: 'javascript:alert(1)', title: null } });
      }),
    ];
    for (const update of attacks) {
      const verdict = checkUpdate(server, update, owner);
      forgetTriedUpdates(server);
      expect(verdict).toMatchObject({ ok: false, code: 'unknown_type' });
    }
  });

  it('the fixed fields, however they are stored: the packed entry rewritten, one shadowed by a field of its own, or an entry that does not read', () => {
    const { server, claim } = desk();
    const write = (key: string, value: unknown) =>
      gate(
        server,
        asCommenter(server, (doc) => body(doc, claim).set(key, value)),
      );
    const fixed = body(server, claim).get('fixed') as unknown[];
    expect(fixed).toEqual(['claim', '140 aircraft', 'peer0', 'peer0', expect.any(Number)]);
    const time = fixed[4] as number;
    const changed = [
      ['quote', ['claim', '14 aircraft', 'peer0', 'peer0', time]],
      ['author', ['claim', '140 aircraft', 'mallory', 'peer0', time]],
      ['author', ['claim', '140 aircraft', 'peer0', 'Mallory', time]],
      ['createdAt', ['claim', '140 aircraft', 'peer0', 'peer0', time + 1]],
      ['createdAt', ['claim', '140 aircraft', 'peer0', 'peer0', new Date(time).toISOString().replace('Z', '+00:00')]],
      ['kind', ['comment', '140 aircraft', 'peer0', 'peer0', time]],
    ] as const;
    for (const [field, value] of changed)
      expect(write('fixed', value)).toMatchObject({
        ok: false,
        code: 'identity',
        reason: expect.stringContaining(`The ${field} of`),
      });
    // A field of its own beside the packed entry is what readers see: a change, refused.
    expect(write('quote', '14 aircraft')).toMatchObject({ ok: false, code: 'identity' });
    // An entry that does not read leaves the body without its kind, quote, author and time.
    const broken = [
      'claim',
      ['claim', '140 aircraft', 'peer0', 'peer0'],
      ['claim', '140 aircraft', 'peer0', 'peer0', 1.5],
    ];
    for (const value of broken) expect(write('fixed', value)).toMatchObject({ ok: false, code: 'invalid_body' });
    const removed = gate(
      server,
      asCommenter(server, (doc) => body(doc, claim).delete('fixed')),
    );
    expect(removed).toMatchObject({ ok: false, code: 'invalid_body' });
    // The same entry written again changes nothing anyone reads.
    expect(write('fixed', [...fixed])).toMatchObject({ ok: true });
  });

  it('still lets a commenter do what the role allows', () => {
    const { editor, server, claim, comment } = desk();
    const own = asCommenter(server, (doc) => {
      const text = (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
      doc.transact(() => {
        text.format(0, 9, { 'claim--ownHash1': { id: 'mallorysclaim' } });
        const now = new Date().toISOString();
        const me = { id: 'mallory', name: 'Mallory' };
        const map = new Y.Map<unknown>();
        for (const [k, v] of Object.entries({
          id: 'mallorysclaim',
          kind: 'claim',
          quote: 'More than',
          statement: 'More than',
          verdict: 'False',
          rationale: '',
          status: 'draft',
          assignee: null,
          author: me,
          createdAt: now,
          updatedAt: now,
          updatedBy: me,
        }))
          map.set(k, v);
        map.set('thread', new Y.Array());
        map.set('sourceIds', new Y.Array());
        annotationBodies(doc).set('mallorysclaim', map);
      });
    });
    expect(gate(server, own)).toMatchObject({ ok: true, changes: true });
    // …but not a field a claim does not have, on her own claim or in one she creates (the schema would drop it).
    Y.applyUpdate(server, own);
    const stray = asCommenter(server, (doc) => body(doc, 'mallorysclaim').set('checkedByBoss', { id: 'owner' }));
    expect(gate(server, stray)).toMatchObject({ ok: false, code: 'invalid_body' });
    // …nor claim that a new claim of hers was filed through the API (only the server stamps that).
    const filed = asCommenter(server, (doc) => {
      const copy = new Y.Map<unknown>();
      for (const [k, v] of body(doc, 'mallorysclaim').entries())
        copy.set(k, k === 'thread' || k === 'sourceIds' ? new Y.Array() : k === 'id' ? 'mallorysfiled' : v);
      copy.set('filedVia', { token: 'The CMS', by: { id: 'mallory', name: 'Mallory' }, at: new Date().toISOString() });
      annotationBodies(doc).set('mallorysfiled', copy);
    });
    expect(gate(server, filed)).toMatchObject({
      ok: false,
      code: 'identity',
      reason: expect.stringContaining('filed through the API'),
    });
    const me = { id: 'mallory', name: 'Mallory' };
    const reply = asCommenter(server, (doc) =>
      (body(doc, claim).get('thread') as Y.Array<unknown>).push([
        { id: 'r1', author: me, text: 'Source?', createdAt: new Date().toISOString() },
      ]),
    );
    expect(gate(server, reply)).toMatchObject({ ok: true });
    const resolve = asCommenter(server, (doc) =>
      doc.transact(() => {
        body(doc, comment).set('resolved', true);
        body(doc, comment).set('resolvedBy', me);
        body(doc, comment).set('resolvedAt', new Date().toISOString());
      }),
    );
    expect(gate(server, resolve)).toMatchObject({ ok: true });
    const verdict = asCommenter(server, (doc) => body(doc, claim).set('verdict', 'True'));
    expect(gate(server, verdict)).toMatchObject({ ok: false, code: 'not_yours' });
    expect(editor.fc.annotations()).toHaveLength(2);
  });
});
