/** Documents loaded before their page connects: for whoever may read them, once, and let go if nobody comes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { articleFromText } from '@factmark/editor';
import { Hocuspocus } from '@hocuspocus/server';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, TestServer, until } from '../test-support/harness.ts';
import { documentWarmer } from './warm-documents.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.dispose();
});

/** Long enough for a load the server would have started to have finished. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/** A server with a built web app (a page of its own), keeping nothing, its owner, a reader and an outsider. */
async function serverWithPages() {
  const t = new TestServer();
  const web = join(t.dataDir, 'web');
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Factmark</title>');
  await t.start({ WEB_DIST: web, KEEP_DOCUMENT_SECONDS: '0' });
  servers.push(t);
  const owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  const reader = await new ApiClient(t.base).signUp('reader@desk.example', 'Reader');
  const outsider = await new ApiClient(t.base).signUp('outsider@desk.example', 'Outsider');
  const loads: string[] = [];
  t.server.hocuspocus.configuration.extensions.push({
    async afterLoadDocument({ documentName }) {
      loads.push(documentName);
    },
  });
  const create = async (text: string) => {
    const created = await owner.request('POST', '/api/documents', { article: articleFromText(text).toJSON() });
    const id = (created.body as { document: { id: string } }).document.id;
    const shared = await owner.request('PUT', `/api/documents/${id}/members`, {
      email: 'reader@desk.example',
      role: 'viewer',
    });
    expect(shared.status).toBe(200);
    return id;
  };
  return { t, owner, reader, outsider, loads, create, loaded: (id: string) => t.server.hocuspocus.documents.has(id) };
}

describe('documents loaded before their page connects', () => {
  it('loads a document when someone who may read it asks for its sync access, and serves the connection from that copy', async () => {
    const { t, reader, loads, create, loaded } = await serverWithPages();
    const id = await create('More than 50,000 soldiers and 140 aircraft took part, the ministry said on Monday.');
    expect(loaded(id)).toBe(false);
    const token = await reader.syncToken(id);
    await until('the document to be loaded', () => loaded(id));
    const connection = await t.connect(id, token);
    expect(connection.doc.getXmlFragment('article').toString()).toContain('140 aircraft');
    // One load: the connection found the document in memory.
    expect(loads).toEqual([id]);
    // Its connection holds it now, not the warming: once it leaves, the document goes (nothing is kept here).
    connection.provider.destroy();
    await until('the document to go with its connection', () => !loaded(id), 3_000);
  });

  it("loads nothing for a document's page, whose app files this thread serves next", async () => {
    const { owner, reader, loads, create, loaded } = await serverWithPages();
    const id = await create('The ministry said on Monday that 140 aircraft took part.');
    // Whoever asks: a reader, the owner, someone signed out, an address that is no document.
    for (const client of [reader, owner, new ApiClient(owner.base)]) {
      const page = await client.text(`/d/${id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<title>Factmark</title>');
    }
    expect((await owner.text('/d/not-a-document')).status).toBe(200);
    await settle();
    expect(loaded(id)).toBe(false);
    expect(loads).toEqual([]);
  });

  it('loads nothing for anyone who may not read the document', async () => {
    const { owner, outsider, loads, create, loaded } = await serverWithPages();
    const id = await create('The ministry said on Monday.');
    expect((await outsider.request('GET', `/api/documents/${id}/sync-token`)).status).toBe(404);
    expect((await new ApiClient(owner.base).request('GET', `/api/documents/${id}/sync-token`)).status).toBe(401);
    await settle();
    expect(loaded(id)).toBe(false);
    expect(loads).toEqual([]);

    await owner.syncToken(id);
    await until('the document to be loaded', () => loaded(id));
  });
});

describe('documentWarmer', () => {
  it('loads a document once however often it is asked, and lets it go when nobody connects within the hold', async () => {
    const loads: string[] = [];
    const hocuspocus = new Hocuspocus({
      quiet: true,
      extensions: [
        {
          async onLoadDocument({ documentName }) {
            loads.push(documentName);
            await new Promise((resolve) => setTimeout(resolve, 20));
          },
        },
      ],
    });
    const { warm } = documentWarmer(() => hocuspocus, pino({ level: 'silent' }), 100);
    warm('a');
    warm('a');
    await until('the document to be loaded', () => hocuspocus.documents.has('a'));
    warm('a');
    expect(loads).toEqual(['a']);
    await until('the document to go', () => !hocuspocus.documents.has('a'), 2_000);
    // Asked again after it went: loaded again.
    warm('a');
    await until('the document to be loaded again', () => hocuspocus.documents.has('a'));
    expect(loads).toEqual(['a', 'a']);
  });
});
