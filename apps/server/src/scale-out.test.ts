import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleFragment, readArticle } from '@factmark/collab';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { COLLAB_PATH } from './app.ts';
import { PostgresStore } from './storage/postgres-store.ts';
import { ApiClient, until } from './test-support/harness.ts';
import { freePort, ServerProcess } from './test-support/process.ts';

/**
 * Two server processes share PostgreSQL and Redis: clients on each see each
 * other's edits and presence; one process is killed, its clients reconnect to
 * the other, and nothing acknowledged is lost. PostgreSQL (127.0.0.1:5432,
 * database test) and Redis (127.0.0.1:6379) must be there: the test fails
 * without them, it is never skipped.
 */
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const schema = `factmark_scale_${randomBytes(6).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'factmark-scale-'));
const env = {
  DATABASE_URL: databaseUrl,
  DATABASE_SCHEMA: schema,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: schema,
  FACTMARK_SECRET: randomBytes(24).toString('hex'),
  WEB_DIST: join(dir, 'no-web'),
};
const servers: ServerProcess[] = [];

afterAll(async () => {
  for (const s of servers) await s.kill();
  const store = await PostgresStore.open(databaseUrl, schema);
  await store.dropSchema(schema);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Client {
  doc: Y.Doc;
  provider: HocuspocusProvider;
}

function connect(
  server: ServerProcess,
  id: string,
  token: string,
  doc: Y.Doc,
  user: { id: string; name: string },
): Promise<Client> {
  const websocketProvider = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${server.port}${COLLAB_PATH}`,
    WebSocketPolyfill: WebSocket,
    maxAttempts: 1,
  });
  const provider = new HocuspocusProvider({ websocketProvider, name: id, document: doc, token });
  provider.setAwarenessField('user', { ...user, color: '#000000' });
  return new Promise((resolve) => {
    provider.on('synced', () => resolve({ doc, provider }));
    provider.attach();
  });
}

const paragraph = (doc: Y.Doc) => (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;

async function acked(c: Client): Promise<void> {
  await until('the server to acknowledge', () => c.provider.unsyncedChanges === 0);
}

describe('two server processes with Redis', () => {
  it('relay edits and presence between their clients, and lose nothing when one is killed', async () => {
    // The first process creates the tables, the demo document and prints the setup link.
    const a = await new ServerProcess(await freePort(), env).start();
    servers.push(a);
    const owner = await new ApiClient(a.url).signUp('ann@desk.example', 'Ann', a.setupToken);
    const ben = await new ApiClient(a.url).signUp('ben@desk.example', 'Ben');
    const b = await new ServerProcess(await freePort(), env).start();
    servers.push(b);
    const id = await owner.firstDocumentId();
    await owner.request('PUT', `/api/documents/${id}/members`, { email: 'ben@desk.example', role: 'editor' });
    const token = await owner.syncToken(id);

    // Presence names the signed-in user (the server refuses any other name).
    const onA = await connect(a, id, token, new Y.Doc(), { id: owner.userId, name: 'Ann' });
    const onB = await connect(b, id, await ben.syncToken(id), new Y.Doc(), { id: ben.userId, name: 'Ben' });
    paragraph(onA.doc).insert(0, '[from A] ');
    await acked(onA);
    paragraph(onB.doc).insert(0, '[from B] ');
    await acked(onB);
    await until("A's edit on B", () => readArticle(onB.doc).textContent.includes('[from A]'));
    await until("B's edit on A", () => readArticle(onA.doc).textContent.includes('[from B]'));
    const names = (c: Client) =>
      [...(c.provider.awareness?.getStates().values() ?? [])].map((s) => (s as { user?: { name: string } }).user?.name);
    await until('presence across processes', () => names(onA).includes('Ben') && names(onB).includes('Ann'));

    // A dies; its client, with one more acknowledged edit, reconnects to B.
    paragraph(onA.doc).insert(0, '[A before the crash] ');
    await acked(onA);
    await a.kill('SIGKILL');
    onA.provider.destroy();
    onA.provider.configuration.websocketProvider.destroy();
    const moved = await connect(b, id, token, onA.doc, { id: owner.userId, name: 'Ann' });
    paragraph(moved.doc).insert(0, '[A on B] ');
    await acked(moved);
    await until('the moved client syncing', () => readArticle(onB.doc).textContent.includes('[A on B]'));
    for (const text of [readArticle(onB.doc).textContent, readArticle(moved.doc).textContent]) {
      for (const edit of ['[from A]', '[from B]', '[A before the crash]', '[A on B]']) expect(text).toContain(edit);
    }
    for (const c of [moved, onB]) {
      c.provider.destroy();
      c.provider.configuration.websocketProvider.destroy();
    }
    const store = await PostgresStore.open(databaseUrl, schema);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await store.loadUpdates(id)));
    await store.close();
    for (const edit of ['[from A]', '[from B]', '[A before the crash]', '[A on B]']) {
      expect(readArticle(stored).textContent).toContain(edit);
    }
  }, 60_000);
});
