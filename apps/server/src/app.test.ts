import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotationBodies, articleFragment, readArticle, readTitle } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { COLLAB_PATH, createServer, type FactmarkServer } from './app.ts';
import { loadConfig } from './config.ts';
import { DEMO_TITLE, demoArticle } from './demo-article.ts';
import { ensureDemoDocument } from './documents.ts';
import { SqliteStore } from './storage/sqlite-store.ts';

let dataDir: string;
let server: FactmarkServer;
let base: string;
const providers: HocuspocusProvider[] = [];

async function start(): Promise<void> {
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, WEB_DIST: join(dataDir, 'no-web') });
  const store = new SqliteStore(config.dataDir);
  await ensureDemoDocument(store);
  server = createServer(config, store, pino({ level: 'silent' }));
  base = await server.listen();
}

function connect(name: string): Promise<{ doc: Y.Doc; provider: HocuspocusProvider }> {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({
    url: `${base.replace('http', 'ws')}${COLLAB_PATH}`,
    WebSocketPolyfill: WebSocket,
    maxAttempts: 1,
  });
  return new Promise((resolve, reject) => {
    const provider: HocuspocusProvider = new HocuspocusProvider({
      websocketProvider,
      name,
      document: doc,
      onSynced: () => {
        resolve({ doc, provider });
      },
      onAuthenticationFailed: ({ reason }) => reject(new Error(reason)),
      onClose: ({ event }) => reject(new Error(`closed: ${event.code} ${event.reason}`)),
    });
    providers.push(provider);
    provider.attach();
  });
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'factmark-server-'));
  await start();
});

afterEach(async () => {
  for (const p of providers.splice(0)) {
    p.destroy();
    p.configuration.websocketProvider.destroy();
  }
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('HTTP API', () => {
  it('creates the demo document on first start, and only then', async () => {
    const res = await fetch(`${base}/api/documents`);
    const { documents } = (await res.json()) as { documents: { id: string; title: string }[] };
    expect(documents).toHaveLength(1);
    expect(documents[0]?.title).toBe(DEMO_TITLE);
    await server.close();
    await start();
    const again = (await (await fetch(`${base}/api/documents`)).json()) as { documents: unknown[] };
    expect(again.documents).toHaveLength(1);
  });

  it('creates a document from ProseMirror JSON and refuses one that does not fit the schema', async () => {
    const article = articleFromText('A title\n\nSome body text.').toJSON();
    const ok = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ article }),
    });
    expect(ok.status).toBe(201);
    const { document } = (await ok.json()) as { document: { id: string; title: string } };
    expect(document.title).toBe('A title');
    const got = await fetch(`${base}/api/documents/${document.id}`);
    expect(got.status).toBe(200);

    const bad = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ article: { type: 'doc', content: [{ type: 'paragraph' }] } }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_article');

    const missing = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 5 }),
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('invalid_body');

    const notFound = await fetch(`${base}/api/documents/AAAAAAAAAAAA`);
    expect(notFound.status).toBe(404);
  });
});

describe('Yjs sync', () => {
  it('serves the stored article, relays edits between clients and keeps them across a restart', async () => {
    const { documents } = (await (await fetch(`${base}/api/documents`)).json()) as { documents: { id: string }[] };
    const id = documents[0]!.id;
    const a = await connect(id);
    const b = await connect(id);
    expect(readArticle(a.doc).eq(demoArticle())).toBe(true);

    const received = new Promise<void>((resolve) => {
      annotationBodies(b.doc).observe(() => resolve());
    });
    a.doc.transact(() => {
      const body = new Y.Map<unknown>();
      body.set('id', 'x');
      annotationBodies(a.doc).set('x', body);
      const title = articleFragment(a.doc).get(0) as Y.XmlElement;
      (title.get(0) as Y.XmlText).insert(0, 'UPDATED: ');
    });
    await received;
    expect(readTitle(b.doc)).toBe(`UPDATED: ${DEMO_TITLE}`);

    // Let the server write, then restart it on the same data directory.
    await new Promise((r) => setTimeout(r, 100));
    for (const p of providers.splice(0)) {
      p.destroy();
      p.configuration.websocketProvider.destroy();
    }
    await server.close();
    await start();
    const c = await connect(id);
    expect(readTitle(c.doc)).toBe(`UPDATED: ${DEMO_TITLE}`);
    expect(annotationBodies(c.doc).has('x')).toBe(true);
    const list = (await (await fetch(`${base}/api/documents`)).json()) as { documents: { title: string }[] };
    expect(list.documents[0]?.title).toBe(`UPDATED: ${DEMO_TITLE}`);
  });

  it('refuses to sync a document that was never created', async () => {
    await expect(connect('AAAAAAAAAAAA')).rejects.toThrow();
  });
});
