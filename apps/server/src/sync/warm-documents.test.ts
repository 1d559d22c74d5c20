import { articleFromText } from '@factmark/editor';
import { Hocuspocus } from '@hocuspocus/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient, TestServer } from '../test-support/harness.ts';
import { DocumentWarmer } from './warm-documents.ts';

/** Documents loaded ahead of their sockets: who warms what, and that every hold ends. */

let t: TestServer;
let owner: ApiClient;
let outsider: ApiClient;
let anonymous: ApiClient;

const loaded = (id: string) => t.server.hocuspocus.documents.has(id);

/** A new document of the owner's, not loaded (nobody has opened it since it was made). */
async function newDocument(title: string): Promise<string> {
  const article = articleFromText(`${title}\n\nMore than 50,000 soldiers took part, the ministry said on Monday.`);
  const res = await owner.request('POST', '/api/documents', { article: article.toJSON() });
  expect(res.status).toBe(201);
  const id = (res.body as { document: { id: string } }).document.id;
  await vi.waitFor(() => expect(loaded(id)).toBe(false));
  return id;
}

beforeAll(async () => {
  t = await new TestServer().start();
  owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  outsider = await new ApiClient(t.base).signUp('outsider@desk.example', 'Outsider');
  anonymous = new ApiClient(t.base);
});

afterAll(async () => {
  await t?.dispose();
});

describe("a document's page", () => {
  it("loads the document for a reader while the page's scripts download", async () => {
    const id = await newDocument('Warm for its reader');
    await owner.text(`/d/${id}`);
    await vi.waitFor(() => expect(loaded(id)).toBe(true));
  });

  it('loads nothing for someone signed out, for someone who may not read it, or for a page that is no document', async () => {
    const id = await newDocument('Not for everyone');
    await anonymous.text(`/d/${id}`);
    await outsider.text(`/d/${id}`);
    await owner.text(`/d/${id}/webhooks`);
    await owner.text('/d/not-a-document-id');
    // Warming runs after the answer: give it the time it takes a reader's (the first test waits for much less).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(loaded(id)).toBe(false);
    expect(t.server.hocuspocus.documents.has('not-a-document-id')).toBe(false);
  });

  it('hands the document over to its socket: loaded while the socket is there, let go when it leaves', async () => {
    const id = await newDocument('Handed over');
    await owner.text(`/d/${id}`);
    await vi.waitFor(() => expect(loaded(id)).toBe(true));
    const connection = await t.connect(id, await owner.syncToken(id));
    expect(connection.doc.getXmlFragment('article').length).toBeGreaterThan(0);
    connection.provider.destroy();
    connection.provider.configuration.websocketProvider.destroy();
    // Without the hand-over, the warm hold would keep the document loaded for another fifteen seconds.
    await vi.waitFor(() => expect(loaded(id)).toBe(false), { timeout: 3_000 });
  });

  it('lets a deleted document go at once', async () => {
    const id = await newDocument('Deleted while warm');
    await owner.text(`/d/${id}`);
    await vi.waitFor(() => expect(loaded(id)).toBe(true));
    expect((await owner.request('DELETE', `/api/documents/${id}`)).status).toBe(204);
    await vi.waitFor(() => expect(loaded(id)).toBe(false), { timeout: 3_000 });
  });
});

describe('DocumentWarmer', () => {
  it('lets a document go when its socket does not come, and loads it once however often it is asked', async () => {
    let loads = 0;
    const hocuspocus: Hocuspocus = new Hocuspocus({
      quiet: true,
      extensions: [
        {
          async onLoadDocument({ document }) {
            loads++;
            document.getText('t').insert(0, 'stored');
          },
        },
      ],
    });
    const warmer = new DocumentWarmer(() => hocuspocus, pino({ level: 'silent' }), 100);
    warmer.warm('a');
    warmer.warm('a');
    await vi.waitFor(() => expect(hocuspocus.documents.get('a')?.getText('t').toString()).toBe('stored'));
    warmer.warm('a');
    expect(loads).toBe(1);
    expect(warmer.holding('a')).toBe(true);
    await vi.waitFor(() => expect(hocuspocus.documents.has('a')).toBe(false), { timeout: 2_000 });
    expect(warmer.holding('a')).toBe(false);
    // A document that fails to load is no hold: its socket loads it again.
    const failing: Hocuspocus = new Hocuspocus({
      quiet: true,
      extensions: [
        {
          async onLoadDocument() {
            throw new Error('storage down');
          },
        },
      ],
    });
    const cold = new DocumentWarmer(() => failing, pino({ level: 'silent' }), 60_000);
    cold.warm('b');
    await vi.waitFor(() => expect(cold.holding('b')).toBe(false));
    expect(failing.documents.has('b')).toBe(false);
  });
});
