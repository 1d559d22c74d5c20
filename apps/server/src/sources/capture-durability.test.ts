/**
 * Capture jobs survive a SIGKILL of the server: one source is captured before the kill, another's fetch is in
 * flight when the process dies. After a restart the second finishes, and the first is not fetched again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CaptureRecord, makeSource, readCapture, writeSource } from '@factmark/collab';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { COLLAB_PATH } from '../app.ts';
import { SqliteStore } from '../storage/sqlite-store.ts';
import { ApiClient, until } from '../test-support/harness.ts';
import { freePort, ServerProcess } from '../test-support/process.ts';
import { type SourceSite, startSourceSite } from '../test-support/source-fixtures.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'factmark-capture-'));
let server: ServerProcess;
let site: SourceSite;
const providers: HocuspocusProvider[] = [];

/** Close every client (before the server goes: a provider left open would try to reconnect). */
function closeClients(): void {
  for (const p of providers.splice(0)) {
    p.destroy();
    p.configuration.websocketProvider.destroy();
  }
}

afterAll(async () => {
  closeClients();
  await server?.kill();
  await site?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A synced client of the document, on a fresh Y.Doc. */
async function connect(port: number, id: string, token: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${port}${COLLAB_PATH}`,
    WebSocketPolyfill: WebSocket,
    maxAttempts: 1,
  });
  const provider = new HocuspocusProvider({ websocketProvider, name: id, document: doc, token });
  providers.push(provider);
  await new Promise<void>((resolve) => {
    provider.on('synced', () => resolve());
    provider.attach();
  });
  return doc;
}

const captured = (doc: Y.Doc, sourceId: string) => {
  const record = readCapture(doc, sourceId);
  return record?.state === 'captured' ? (record as CaptureRecord) : null;
};

describe('capture durability', () => {
  it('finishes a capture whose fetch was in flight at a SIGKILL, and fetches nothing it had already captured', async () => {
    site = await startSourceSite();
    const port = await freePort();
    server = await new ServerProcess(port, {
      DATA_DIR: dataDir,
      WEB_DIST: join(dataDir, 'no-web'),
      SOURCE_CAPTURE: 'on',
      SOURCE_FETCH_ALLOW: '127.0.0.1/32',
      // A short fetch time makes a short lease: a job whose worker died is taken again within seconds.
      SOURCE_TIMEOUT_MS: '1500',
    }).start();
    const owner = await new ApiClient(server.url).signUp('owner@desk.example', 'Owner', server.setupToken);
    const id = await owner.firstDocumentId();
    const token = await owner.syncToken(id);
    const by = { id: owner.userId, name: 'Owner' };
    const doc = await connect(port, id, token);
    doc.transact(() =>
      writeSource(doc, makeSource('done', { url: `${site.base}/news/drills`, title: 'Drills' }, by, new Date())),
    );
    await until('the first capture', () => captured(doc, 'done'), 20_000);
    doc.transact(() =>
      writeSource(doc, makeSource('inflight', { url: `${site.base}/held`, title: 'Held page' }, by, new Date())),
    );
    await until('the held fetch', () => site.hits.get('/held') === 1, 20_000);

    const before = captured(doc, 'done')?.capture?.hash;
    closeClients();
    await server.kill('SIGKILL');
    site.release();
    await server.start();
    const after = await connect(port, id, token);
    const record = await until('the capture after the restart', () => captured(after, 'inflight'), 20_000);
    expect(record.capture?.title).toBe('Army announces large-scale drills');
    expect(site.hits.get('/held')).toBe(2);
    expect(site.hits.get('/news/drills')).toBe(1);
    expect(captured(after, 'done')?.capture?.hash).toBe(before);

    // Nothing is left in the queue but the health checks scheduled for tomorrow.
    closeClients();
    await server.kill('SIGTERM');
    const store = new SqliteStore(dataDir);
    const open = await store.captures.openJobs(id);
    await store.close();
    expect(open.map((j) => [j.sourceId, j.kind, j.state])).toEqual([
      ['done', 'recheck', 'pending'],
      ['inflight', 'recheck', 'pending'],
    ]);
    expect(Math.min(...open.map((j) => j.runAfter))).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  }, 60_000);
});
