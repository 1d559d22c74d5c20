import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleFragment, readArticle } from '@factmark/collab';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { COLLAB_PATH } from './app.ts';
import { SqliteStore } from './storage/sqlite-store.ts';
import { ApiClient } from './test-support/harness.ts';
import { freePort, ServerProcess } from './test-support/process.ts';

/**
 * Ten clients of two people edit one document while the server process is killed with
 * SIGKILL five times and started again; at the end every edit the server
 * acknowledged is in every client and in the database.
 */

const CLIENTS = 10;
const KILLS = 5;
const dataDir = mkdtempSync(join(tmpdir(), 'factmark-durability-'));
let server: ServerProcess;

afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Client {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  pending: string[];
  acked: Set<string>;
}

describe('durability', () => {
  it(`every acknowledged edit survives ${KILLS} SIGKILLs during a session of ${CLIENTS} clients`, async () => {
    const port = await freePort();
    // One user drives all ten clients here: lift the per-user rate limit meant for people.
    server = await new ServerProcess(port, {
      DATA_DIR: dataDir,
      WEB_DIST: join(dataDir, 'no-web'),
      RATE_USER_PER_SECOND: '100000',
    }).start();
    const owner = await new ApiClient(server.url).signUp('owner@desk.example', 'Owner', server.setupToken);
    const id = await owner.firstDocumentId();
    // Two people, so that an edit relayed and lost when the server dies comes back from a colleague's copy too.
    const editor = await new ApiClient(server.url).signUp('editor@desk.example', 'Editor');
    await owner.request('PUT', `/api/documents/${id}/members`, { email: 'editor@desk.example', role: 'editor' });
    // The signing secret lives in the database, so a token stays valid across restarts (for five minutes).
    const tokens = [await owner.syncToken(id), await editor.syncToken(id)];

    const closeReasons: string[] = [];
    /** (Re)connect a client: a new provider on the client's own Y.Doc, which keeps every local edit. */
    function connect(c: Client, i: number): Promise<void> {
      const token = tokens[i % 2] as string;
      const websocketProvider = new HocuspocusProviderWebsocket({
        url: `ws://127.0.0.1:${port}${COLLAB_PATH}`,
        WebSocketPolyfill: WebSocket,
        maxAttempts: 1,
      });
      c.provider = new HocuspocusProvider({ websocketProvider, name: id, document: c.doc, token });
      const provider = c.provider;
      provider.on('unsyncedChanges', () => {
        // The provider counts its updates until the server acknowledges them (after storing them).
        if (provider.unsyncedChanges === 0) for (const e of c.pending.splice(0)) c.acked.add(e);
      });
      provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
        if (event.reason) closeReasons.push(event.reason);
      });
      const synced = new Promise<void>((resolve) => provider.on('synced', () => resolve()));
      provider.attach();
      return synced;
    }
    function disconnect(c: Client): void {
      c.provider.destroy();
      c.provider.configuration.websocketProvider.destroy();
    }

    const clients: Client[] = Array.from({ length: CLIENTS }, () => ({
      doc: new Y.Doc(),
      provider: null as unknown as HocuspocusProvider,
      pending: [],
      acked: new Set<string>(),
    }));
    await Promise.all(clients.map((c, i) => connect(c, i)));

    let editing = true;
    let made = 0;
    const editors = clients.map(async (c, i) => {
      let n = 0;
      while (editing) {
        const edit = `[c${i}-${n++}]`;
        const text = (articleFragment(c.doc).get(1) as Y.XmlElement | undefined)?.get(0) as Y.XmlText | undefined;
        if (text) {
          c.pending.push(edit);
          // At the start: never inside another edit, so each edit stays a contiguous, searchable run.
          text.insert(0, edit);
          made++;
        }
        await new Promise((r) => setTimeout(r, 40 + Math.random() * 40));
      }
    });

    for (let k = 0; k < KILLS; k++) {
      await new Promise((r) => setTimeout(r, 800));
      // The server dies mid-session: whatever it had not acknowledged may be lost, nothing else.
      for (const c of clients) disconnect(c);
      await server.kill();
      await server.start();
      await Promise.all(clients.map((c, i) => connect(c, i)));
    }
    await new Promise((r) => setTimeout(r, 800));
    editing = false;
    await Promise.all(editors);

    // Let every client reconnect and sync what it has.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && clients.some((c) => !c.provider.isSynced || c.provider.unsyncedChanges > 0)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(closeReasons).toEqual([]);
    for (const c of clients) expect(c.provider.unsyncedChanges).toBe(0);
    await new Promise((r) => setTimeout(r, 500));

    const acked = clients.flatMap((c) => [...c.acked]);
    const texts = clients.map((c) => readArticle(c.doc).textContent);
    for (const text of texts) expect(text).toBe(texts[0]);
    for (const edit of acked) expect(texts[0]).toContain(edit);

    await server.kill();
    for (const c of clients) disconnect(c);
    const store = new SqliteStore(dataDir);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates(await store.loadUpdates(id)));
    await store.close();
    const storedText = readArticle(stored).textContent;
    for (const edit of acked) expect(storedText).toContain(edit);
    expect(acked.length).toBeGreaterThan(CLIENTS * KILLS);
    console.info(`durability: ${made} edits made, ${acked.length} acknowledged, all present after ${KILLS} SIGKILLs`);
  }, 120_000);
});
