/**
 * The gate on a live server, against what a commenter sent by hand used to
 * get through: text slipped into the article, a deletion waiting for an
 * editor's next edit, formatting removed, a body signed as someone else, a
 * presence announced under an editor's client id to write as them, and a
 * fast commenter cut off. Each refused change leaves the stored document as it
 * was; the burst is stored in full.
 */
import { annotationBodies, articleFragment, bodyToYMap, newClaimBody, readArticle } from '@factmark/collab';
import { craftUpdate } from '@factmark/collab/test-support/crafted-update';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COLLAB_PATH } from '../app.ts';
import { ApiClient, attempt, type Connection, TestServer, until } from '../test-support/harness.ts';
import { MSG, message, RawClient, syncUpdate } from '../test-support/raw-client.ts';

let t: TestServer;
let owner: ApiClient;
let editor: ApiClient;
let commenter: ApiClient;
let id = '';

const paragraph = (doc: Y.Doc) => (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;

beforeAll(async () => {
  // A copy holding a colleague's items the server lacks waits this long for their copy before it is refused.
  t = await new TestServer().start({ ORPHANS_WAIT_MS: '300' });
  owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  editor = await new ApiClient(t.base).signUp('ed@desk.example', 'Ed');
  commenter = await new ApiClient(t.base).signUp('carla@desk.example', 'Carla');
  id = await owner.firstDocumentId();
  await owner.request('PUT', `/api/documents/${id}/members`, { email: 'ed@desk.example', role: 'editor' });
  await owner.request('PUT', `/api/documents/${id}/members`, { email: 'carla@desk.example', role: 'commenter' });
});

afterAll(async () => {
  await t?.dispose();
});

/** Send `update` as the commenter on a raw socket; the close reason, or null when the server took it. */
async function sendAsCommenter(update: Uint8Array): Promise<string | null> {
  const raw = await RawClient.open(`${t.base.replace('http', 'ws')}${COLLAB_PATH}`);
  await raw.auth(id, await commenter.syncToken(id));
  raw.send(syncUpdate(id, update));
  await raw.until(() => raw.closes.length > 0, 1_500);
  raw.close();
  return raw.closes[0] ?? null;
}

async function storedText(): Promise<string> {
  const conn = await t.connect(id, await owner.syncToken(id));
  return readArticle(conn.doc).textContent;
}

describe('the gate on a live server', () => {
  let ed: Connection;

  it('refuses text slipped into the article under a reused clock range naming the annotations map', async () => {
    ed = await t.connect(id, await editor.syncToken(id));
    expect(await attempt(ed, (doc) => paragraph(doc).insert(0, 'Ed typed this. '))).toBe('acked');
    const client = ed.doc.clientID;
    const last = Y.getState(ed.doc.store, client);
    const reason = await sendAsCommenter(
      craftUpdate([
        { client, clock: last - 1, parent: 'annotations', parentSub: null, content: { string: 'QINJECTED' } },
      ]),
    );
    expect(reason).toMatch(/id that belongs to a colleague/);
    expect(await storedText()).not.toContain('INJECTED');
  });

  it("refuses a deletion of an editor's next edit, which the editor then makes and keeps", async () => {
    const client = ed.doc.clientID;
    const reason = await sendAsCommenter(craftUpdate([], [[client, Y.getState(ed.doc.store, client), 1000]]));
    expect(reason).toMatch(/colleague/);
    expect(await attempt(ed, (doc) => paragraph(doc).insert(0, 'Next edit. '))).toBe('acked');
    expect(await storedText()).toContain('Next edit. ');
  });

  it('refuses removing bold from the article', async () => {
    expect(await attempt(ed, (doc) => paragraph(doc).format(0, 4, { strong: {} }))).toBe('acked');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(ed.doc));
    const sv = Y.encodeStateVector(copy);
    paragraph(copy).format(0, 4, { strong: null });
    expect(await sendAsCommenter(Y.encodeStateAsUpdate(copy, sv))).toBe("Commenters cannot change the article's text");
  });

  it("refuses a commenter's body signed as the owner", async () => {
    const conn = await t.connect(id, await commenter.syncToken(id));
    const answer = await attempt(conn, (doc) => {
      paragraph(doc).format(0, 4, { 'claim--AAAAAAAA': { id: 'forgedbyCarla000' } });
      annotationBodies(doc).set(
        'forgedbyCarla000',
        bodyToYMap(
          newClaimBody({
            id: 'forgedbyCarla000',
            quote: 'Next',
            author: { id: owner.userId, name: 'Owner' },
            at: new Date(),
          }),
        ),
      );
    });
    expect(answer).toBe('refused: The author of the claim on “Next” must name you, the person making the change');
  });

  it("claims nothing with a presence announced under a colleague's client id: writing under it stays refused", async () => {
    // The editor writes from a page whose presence this server never heard: the id is theirs by that edit alone.
    const page = new Y.Doc();
    Y.applyUpdate(page, Y.encodeStateAsUpdate(ed.doc));
    const before = Y.encodeStateVector(page);
    paragraph(page).insert(0, 'Quiet page. ');
    const edRaw = await RawClient.open(`${t.base.replace('http', 'ws')}${COLLAB_PATH}`);
    await edRaw.auth(id, await editor.syncToken(id));
    edRaw.send(syncUpdate(id, Y.encodeStateAsUpdate(page, before)));
    await until('the quiet edit stored', async () => (await storedText()).includes('Quiet page. '));
    edRaw.close();
    // The commenter announces a presence under that id, then writes under it, as the id's next items.
    const raw = await RawClient.open(`${t.base.replace('http', 'ws')}${COLLAB_PATH}`);
    await raw.auth(id, await commenter.syncToken(id));
    raw.send(
      message(id, MSG.Awareness, (e) => {
        const entries = encoding.createEncoder();
        encoding.writeVarUint(entries, 1);
        encoding.writeVarUint(entries, page.clientID);
        encoding.writeVarUint(entries, 1);
        encoding.writeVarString(entries, '{}');
        encoding.writeVarUint8Array(e, encoding.toUint8Array(entries));
      }),
    );
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(page));
    // Set after the copy: Yjs gives a doc a new id when an update brings items under its own.
    forged.clientID = page.clientID;
    const sv = Y.encodeStateVector(forged);
    paragraph(forged).insert(0, 'FORGED ');
    raw.send(syncUpdate(id, Y.encodeStateAsUpdate(forged, sv)));
    await raw.until(() => raw.closes.length > 0, 3_000);
    raw.close();
    expect(raw.closes[0]).toMatch(/colleague/);
    expect(await storedText()).not.toContain('FORGED');
  });

  it("stores a commenter's burst of 1,000 updates in full, without closing the connection", async () => {
    const conn = await t.connect(id, await commenter.syncToken(id));
    const me = { id: commenter.userId, name: 'Carla' };
    expect(
      await attempt(conn, (doc) => {
        paragraph(doc).format(5, 4, { 'claim--BBBBBBBB': { id: 'carlasclaim00000' } });
        annotationBodies(doc).set(
          'carlasclaim00000',
          bodyToYMap(newClaimBody({ id: 'carlasclaim00000', quote: 'edit', author: me, at: new Date() })),
        );
      }),
    ).toBe('acked');
    const thread = () =>
      (annotationBodies(conn.doc).get('carlasclaim00000') as Y.Map<unknown>).get('thread') as Y.Array<unknown>;
    let closed = false;
    conn.provider.on('close', () => {
      closed = true;
    });
    for (let i = 0; i < 1000; i++) {
      // One update each: a transaction per reply.
      conn.doc.transact(() =>
        thread().push([{ id: `m${i}`, author: me, text: `Note ${i}`, createdAt: new Date().toISOString() }]),
      );
    }
    const deadline = Date.now() + 60_000;
    while (conn.provider.unsyncedChanges > 0 && !closed && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    expect(conn.provider.unsyncedChanges).toBe(0);
    const store = await t.openStore();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await store.loadUpdates(id)));
    await store.close();
    expect(
      ((annotationBodies(stored).get('carlasclaim00000') as Y.Map<unknown>).get('thread') as Y.Array<unknown>).length,
    ).toBe(1000);
  }, 90_000);
});
