/**
 * The server stops between relaying edits and storing them: the colleagues
 * who saw them come back with them. Each writer's lost edits are stored again
 * under their own client id (never the colleague's who brought them first),
 * what the colleague wrote alone is taken at once, what builds on the lost
 * edits once their writer is back; a copy whose colleague never comes back is
 * refused in words after the wait, keeping what it wrote alone.
 */
import { articleFragment, readArticle } from '@factmark/collab';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AccountStore } from '../auth/account-store.ts';
import type { DocumentStore } from '../storage/store.ts';
import { ApiClient, type Connection, TestServer, until } from '../test-support/harness.ts';

type Store = DocumentStore & AccountStore;

/**
 * A store whose document writes, once `losing` is set, never reach the database: they wait, and once `dead` is set
 * they (and any after them) answer without writing, as if the process had died before they landed.
 */
function losableStore(store: Store) {
  const held: (() => void)[] = [];
  const state = { losing: false, dead: false };
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (key !== 'appendUpdate') return value.bind(target);
      return (...args: Parameters<Store['appendUpdate']>) =>
        state.dead
          ? Promise.resolve()
          : state.losing
            ? new Promise<void>((resolve) => held.push(resolve))
            : store.appendUpdate(...args);
    },
  });
  return { store: wrapped, state, held };
}

const paragraph = (doc: Y.Doc, n = 1) => (articleFragment(doc).get(n) as Y.XmlElement).get(0) as Y.XmlText;
/** Text X writes where no lost edit is: the end of the last paragraph. */
const alone = (doc: Y.Doc, words: string) => {
  const last = paragraph(doc, articleFragment(doc).length - 1);
  last.insert(last.length, words);
};
const text = (doc: Y.Doc) => readArticle(doc).textContent;
/** Where `marker` starts in the first paragraph's text. */
const offsetOf = (doc: Y.Doc, marker: string) =>
  (paragraph(doc).toDelta() as { insert: string }[])
    .map((d) => d.insert)
    .join('')
    .indexOf(marker);
const has = (doc: Y.Doc, ...markers: string[]) => markers.every((m) => text(doc).includes(m));

interface Scene {
  t: TestServer;
  id: string;
  owner: ApiClient;
  editor: ApiClient;
  x: Connection;
  w: Connection;
}

let t: TestServer | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/**
 * Two people on one document (X the owner, W an editor), each with one stored edit; then the store stops writing,
 * `lost` runs (edits relayed and never stored), the server stops and starts again on what it stored.
 */
async function crashAfter(env: Record<string, string>, lost: (s: Scene) => Promise<void>): Promise<Scene> {
  let losable!: ReturnType<typeof losableStore>;
  t = await new TestServer().start(env, (store) => {
    losable = losableStore(store);
    return losable.store;
  });
  const owner = await new ApiClient(t.base).signUp('x@desk.example', 'Xenia', t.setupToken ?? undefined);
  const editor = await new ApiClient(t.base).signUp('w@desk.example', 'Walter');
  const id = await owner.firstDocumentId();
  await owner.request('PUT', `/api/documents/${id}/members`, { email: 'w@desk.example', role: 'editor' });
  const x = await t.connect(id, await owner.syncToken(id));
  const w = await t.connect(id, await editor.syncToken(id));
  paragraph(x.doc).insert(0, '[x stored] ');
  paragraph(w.doc).insert(0, '[w stored] ');
  await until('both stored edits everywhere', () => has(x.doc, '[w stored]') && has(w.doc, '[x stored]'));
  await until('both acknowledged', () => x.provider.unsyncedChanges === 0 && w.provider.unsyncedChanges === 0);
  losable.state.losing = true;
  const scene = { t, id, owner, editor, x, w };
  await lost(scene);
  // The server dies: the copies are cut off, and its last writes never land.
  for (const c of [x, w]) {
    c.provider.destroy();
    c.provider.configuration.websocketProvider.destroy();
  }
  losable.state.dead = true;
  for (const release of losable.held.splice(0)) release();
  await t.stop();
  await t.start(env);
  return scene;
}

async function storedDocument(scene: Scene): Promise<{ doc: Y.Doc; owners: Map<number, string> }> {
  const store = await scene.t.openStore();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(await store.loadUpdates(scene.id)));
  const owners = await store.clientOwners(scene.id);
  await store.close();
  return { doc, owners };
}

async function userIds(scene: Scene) {
  const me = async (c: ApiClient) =>
    ((await c.request('GET', '/api/auth/me')).body as { user: { id: string } }).user.id;
  return { x: await me(scene.owner), w: await me(scene.editor) };
}

describe('a restart between relaying and storing', () => {
  it("takes the colleague's own work at once and what builds on the lost edit once its writer is back", async () => {
    const scene = await crashAfter({}, async ({ x, w }) => {
      paragraph(w.doc).insert(0, '[w lost] ');
      await until('X sees the lost edit', () => has(x.doc, '[w lost]'));
      alone(x.doc, ' [x alone]');
      // Right after W's lost words: it builds on them.
      paragraph(x.doc).insert(offsetOf(x.doc, '[w lost]') + '[w lost]'.length, '[x after]');
      await until('W sees both', () => has(w.doc, '[x alone]', '[x after]'));
    });
    const { t: server, id } = scene;
    // X comes back first, with W's lost edit in its copy.
    const x = await server.connect(id, await scene.owner.syncToken(id), scene.x.doc);
    const observer = await server.connect(id, await scene.owner.syncToken(id));
    await until('what X wrote alone reaches others at once', () => has(observer.doc, '[x alone]'));
    expect(has(observer.doc, '[w lost]')).toBe(false);
    expect(has(observer.doc, '[x after]')).toBe(false);
    const w = await server.connect(id, await scene.editor.syncToken(id), scene.w.doc);
    await until('everything, once W is back', () => has(observer.doc, '[w lost]', '[x after]', '[x alone]'));
    await until('all acknowledged', () => x.provider.unsyncedChanges === 0 && w.provider.unsyncedChanges === 0);
    expect(server.rejected).toEqual([]);
    expect(x.closes).toEqual([]);
    expect(text(observer.doc)).toBe(text(x.doc));
    expect(text(w.doc)).toBe(text(x.doc));
    const stored = await storedDocument(scene);
    expect(text(stored.doc)).toBe(text(x.doc));
    const users = await userIds(scene);
    expect(stored.owners.get(w.doc.clientID)).toBe(users.w);
    expect(stored.owners.get(x.doc.clientID)).toBe(users.x);
  });

  it('both come back at once, each holding the other’s lost edits: both are stored, each under its writer', async () => {
    const scene = await crashAfter({}, async ({ x, w }) => {
      paragraph(w.doc).insert(0, '[w lost] ');
      paragraph(x.doc).insert(0, '[x lost] ');
      await until('both see both', () => has(x.doc, '[w lost]') && has(w.doc, '[x lost]'));
      paragraph(x.doc).insert(offsetOf(x.doc, '[w lost]') + '[w lost]'.length, '[x on w]');
      paragraph(w.doc).insert(offsetOf(w.doc, '[x lost]') + '[x lost]'.length, '[w on x]');
      await until('both see everything', () => has(x.doc, '[w on x]') && has(w.doc, '[x on w]'));
    });
    const { t: server, id } = scene;
    const [x, w] = await Promise.all([
      server.connect(id, await scene.owner.syncToken(id), scene.x.doc),
      server.connect(id, await scene.editor.syncToken(id), scene.w.doc),
    ]);
    await until('all acknowledged', () => x.provider.unsyncedChanges === 0 && w.provider.unsyncedChanges === 0);
    const all = ['[w lost]', '[x lost]', '[x on w]', '[w on x]'];
    let stored = await storedDocument(scene);
    for (let tries = 0; tries < 50 && !has(stored.doc, ...all); tries++) {
      await new Promise((r) => setTimeout(r, 100));
      stored = await storedDocument(scene);
    }
    expect(all.filter((m) => !has(stored.doc, m))).toEqual([]);
    expect(server.rejected).toEqual([]);
    expect(text(w.doc)).toBe(text(x.doc));
    expect(text(stored.doc)).toBe(text(x.doc));
    const users = await userIds(scene);
    expect(stored.owners.get(w.doc.clientID)).toBe(users.w);
    expect(stored.owners.get(x.doc.clientID)).toBe(users.x);
  });

  it('refuses, in words, a copy whose colleague does not come back, after storing what it wrote alone', async () => {
    const scene = await crashAfter({ ORPHANS_WAIT_MS: '400' }, async ({ x, w }) => {
      paragraph(w.doc).insert(0, '[w lost] ');
      await until('X sees the lost edit', () => has(x.doc, '[w lost]'));
      alone(x.doc, ' [x alone]');
    });
    const { t: server, id } = scene;
    const x = await server.connect(id, await scene.owner.syncToken(id), scene.x.doc);
    await until('a close', () => x.closes.length > 0, 3_000);
    expect(x.closes[0]?.reason).toBe(
      "Your copy holds a colleague's change the server lost, and their copy has not sent it again",
    );
    expect(server.rejected).toEqual(['client_id']);
    const stored = await storedDocument(scene);
    expect(has(stored.doc, '[x alone]')).toBe(true);
    expect(has(stored.doc, '[w lost]')).toBe(false);
    expect(Y.getState(stored.doc.store, scene.w.doc.clientID)).toBeLessThan(
      Y.getState(scene.w.doc.store, scene.w.doc.clientID),
    );
  });
});
