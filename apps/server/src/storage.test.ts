import { annotationBodies, articleFragment, bodyJSON, bodyToYMap, newClaimBody, readArticle } from '@factmark/collab';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createServer } from './app.ts';
import { loadSecret } from './auth/secret.ts';
import { loadConfig } from './config.ts';
import { ensureDemoDocument } from './documents/demo.ts';
import { SqliteStore } from './storage/sqlite-store.ts';
import { ApiClient, attempt, TestServer, until } from './test-support/harness.ts';

const para = (doc: Y.Doc) => (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;

let t: TestServer;
afterEach(async () => {
  await t?.dispose();
});

describe('storage', () => {
  it('compacts a document in the background as updates pile up, losing none', async () => {
    t = await new TestServer().start({ COMPACT_EVERY_UPDATES: '20' });
    const owner = await new ApiClient(t.base).signUp('o@desk.example', 'O', t.setupToken ?? undefined);
    const id = await owner.firstDocumentId();
    const conn = await t.connect(id, await owner.syncToken(id));
    for (let i = 0; i < 65; i++) expect(await attempt(conn, (doc) => para(doc).insert(0, `<${i}>`))).toBe('acked');
    // Compaction merges on a worker thread: wait for the last one (five seconds at most).
    const store = await t.openStore();
    let rows = await store.countUpdates(id);
    for (let waited = 0; rows >= 25 && waited < 5_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await store.countUpdates(id);
    }
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(await store.loadUpdates(id)));
    await store.close();
    expect(rows).toBeLessThan(25);
    for (let i = 0; i < 65; i++) expect(readArticle(doc).textContent).toContain(`<${i}>`);
  });

  it('when storing fails, writes a relayed update again until it is stored (acknowledged only then), and refuses one that claims a client id (nothing applied or acknowledged), telling the client to retry', async () => {
    t = new TestServer();
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: t.dataDir,
      WEB_DIST: `${t.dataDir}/no-web`,
      SOURCE_CAPTURE: 'off',
    });
    const real = new SqliteStore(config.dataDir);
    await ensureDemoDocument(real);
    let failing = false;
    const store = new Proxy(real, {
      get(target, key, receiver) {
        if (key === 'appendUpdate' && failing) return () => Promise.reject(new Error('disk full'));
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    t.server = createServer(config, store, pino({ level: 'silent' }), { secret: await loadSecret(real, undefined) });
    t.base = await t.server.listen();
    const owner = await new ApiClient(t.base).signUp(
      'o@desk.example',
      'O',
      (await t.server.auth.setupToken()) ?? undefined,
    );
    const id = await owner.firstDocumentId();
    const watcher = await t.connect(id, await owner.syncToken(id));
    const conn = await t.connect(id, await owner.syncToken(id));
    // Both pages' presence claimed their client ids (stored at once here).
    await new Promise((r) => setTimeout(r, 100));
    failing = true;
    // Under a client id the store gives its sender: relayed at once, acknowledged once storage answers again.
    para(conn.doc).insert(0, 'KEPT ');
    await until('the colleague sees it', () => readArticle(watcher.doc).textContent.includes('KEPT '));
    await new Promise((r) => setTimeout(r, 500));
    expect(conn.provider.unsyncedChanges).toBeGreaterThan(0);
    failing = false;
    await until('acknowledged once stored', () => conn.provider.unsyncedChanges === 0, 10_000);
    const kept = new Y.Doc();
    Y.applyUpdate(kept, Y.mergeUpdates(await real.loadUpdates(id)));
    expect(readArticle(kept).textContent).toContain('KEPT ');
    // Under a client id nobody owns yet: its claim must be stored before anyone sees it.
    failing = true;
    conn.doc.clientID = 1 + Math.floor(Math.random() * 2 ** 30);
    expect(await attempt(conn, (doc) => para(doc).insert(0, 'LOST? '))).toBe(
      'refused: The server could not store your change; it will be retried',
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(readArticle(watcher.doc).textContent).not.toContain('LOST?');
    expect(await (await fetch(`${t.base}/metrics`)).text()).toContain(
      'factmark_rejected_updates_total{reason="storage_failed"} 1',
    );
    failing = false;
    // The client still has its edit; on a new connection it syncs it, and now it is stored.
    const retry = await t.connect(id, await owner.syncToken(id), conn.doc);
    await new Promise((r) => setTimeout(r, 300));
    expect(readArticle(retry.doc).textContent).toContain('LOST? ');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await real.loadUpdates(id)));
    expect(readArticle(stored).textContent).toContain('LOST? ');
  });

  it('brings bodies of earlier layouts up to date when a document loads (collaborative text, packed anchors, fixed fields in one entry), and stores that', async () => {
    t = await new TestServer().start();
    const owner = await new ApiClient(t.base).signUp('o@desk.example', 'O', t.setupToken ?? undefined);
    const id = await owner.firstDocumentId();
    // A body written the way documents were before: statement and rationale as plain strings.
    const store = await t.openStore();
    const legacy = new Y.Doc();
    Y.applyUpdate(legacy, Y.mergeUpdates(await store.loadUpdates(id)));
    const before = Y.encodeStateVector(legacy);
    const created = newClaimBody({
      id: 'legacy-claim',
      quote: 'more than 50,000',
      author: { id: 'x', name: 'X' },
      at: new Date(),
    });
    legacy.transact(() => {
      const map = bodyToYMap(created);
      annotationBodies(legacy).set('legacy-claim', map);
      // The fields no one may change, one by one.
      map.delete('fixed');
      for (const key of ['kind', 'quote', 'author', 'createdAt'] as const) map.set(key, created[key]);
      map.set('statement', 'More than 50,000 soldiers');
      map.set('rationale', 'The ministry gave 45,000.');
      // Every field stored, the anchors in three fields.
      map.set('id', 'legacy-claim');
      map.set('status', 'draft');
      map.set('anchorStart', new Uint8Array([1, 2, 3]));
      map.set('anchorEnd', new Uint8Array([4, 5]));
      map.set('anchorSv', new Uint8Array([0]));
      // Messages were plain objects in the thread.
      map.set(
        'thread',
        Y.Array.from([
          { id: 'm-old', author: { id: 'x', name: 'X' }, text: 'Which briefing?', createdAt: new Date().toISOString() },
        ]),
      );
    });
    await store.appendUpdate(id, Y.encodeStateAsUpdate(legacy, before));
    await store.close();

    const conn = await t.connect(id, await owner.syncToken(id));
    const body = annotationBodies(conn.doc).get('legacy-claim') as Y.Map<unknown>;
    expect(body.get('rationale')).toBeInstanceOf(Y.Text);
    expect(String(body.get('rationale'))).toBe('The ministry gave 45,000.');
    expect(String(body.get('statement'))).toBe('More than 50,000 soldiers');
    expect(body.has('anchorStart') || body.has('anchorEnd') || body.has('anchorSv')).toBe(false);
    expect(['kind', 'quote', 'author', 'createdAt'].filter((key) => body.has(key))).toEqual([]);
    expect(bodyJSON(body)).toMatchObject({
      id: 'legacy-claim',
      kind: 'claim',
      quote: 'more than 50,000',
      author: { id: 'x', name: 'X' },
      createdAt: created.createdAt,
      status: 'draft',
      anchorStart: new Uint8Array([1, 2, 3]),
      anchorEnd: new Uint8Array([4, 5]),
      anchorSv: new Uint8Array([0]),
    });
    // Typing in it is a text edit the server takes.
    expect(await attempt(conn, () => (body.get('rationale') as Y.Text).insert(0, 'Checked: '))).toBe('acked');
    // The old message is a message map now, its text collaborative, the rest as it was.
    const message = (body.get('thread') as Y.Array<unknown>).get(0);
    expect(message).toBeInstanceOf(Y.Map);
    expect((message as Y.Map<unknown>).get('text')).toBeInstanceOf(Y.Text);
    expect((message as Y.Map<unknown>).toJSON()).toMatchObject({
      id: 'm-old',
      author: { id: 'x' },
      text: 'Which briefing?',
    });
    // The migration was stored: a fresh load of the log has the text, with the edit.
    const reopened = await t.openStore();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await reopened.loadUpdates(id)));
    await reopened.close();
    const storedRationale = (annotationBodies(stored).get('legacy-claim') as Y.Map<unknown>).get('rationale');
    expect(storedRationale).toBeInstanceOf(Y.Text);
    expect((annotationBodies(stored).get('legacy-claim') as Y.Map<unknown>).has('anchors')).toBe(true);
    expect((annotationBodies(stored).get('legacy-claim') as Y.Map<unknown>).get('fixed')).toHaveLength(5);
    expect(String(storedRationale)).toBe('Checked: The ministry gave 45,000.');
  });
});
