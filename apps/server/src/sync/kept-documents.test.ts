import { trialCopyBuilt } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import type { Hocuspocus } from '@hocuspocus/server';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { loadConfig } from '../config.ts';
import { ApiClient, attempt, TestServer, until } from '../test-support/harness.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.dispose();
});

/** A server keeping documents `seconds` (at most `max`), its owner, and a way to count its documents' loads. */
async function serverKeeping(seconds: string, max = '10', maxBytes = String(32 * 1024 * 1024)) {
  const t = await new TestServer().start({
    KEEP_DOCUMENT_SECONDS: seconds,
    KEEP_DOCUMENTS_MAX: max,
    KEEP_DOCUMENTS_MAX_BYTES: maxBytes,
  });
  servers.push(t);
  const owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  const hocuspocus: Hocuspocus = t.server.hocuspocus;
  const loads: string[] = [];
  hocuspocus.configuration.extensions.push({
    async afterLoadDocument({ documentName }) {
      loads.push(documentName);
    },
  });
  const create = async (text: string) => {
    const created = await owner.request('POST', '/api/documents', { article: articleFromText(text).toJSON() });
    return (created.body as { document: { id: string } }).document.id;
  };
  const open = async (id: string) => t.connect(id, await owner.syncToken(id));
  return { t, owner, hocuspocus, loads, create, open };
}

/** Leave: the client goes, and the server has handled its going. */
async function leave(hocuspocus: Hocuspocus, id: string, connection: { provider: { destroy(): void } }) {
  connection.provider.destroy();
  await until(
    'the server to see the client go',
    () => (hocuspocus.documents.get(id)?.getConnectionsCount() ?? 0) === 0,
  );
}

const paragraphText = (doc: Y.Doc) => doc.getXmlFragment('article').toString();

describe('documents kept in memory after their last connection closed', () => {
  it('serves the next open from memory, with every change, and lets it go once its time is up', async () => {
    const { hocuspocus, loads, create, open } = await serverKeeping('1');
    const id = await create('More than 50,000 soldiers took part, the ministry said on Monday.');
    loads.length = 0;
    const first = await open(id);
    const paragraph = first.doc
      .getXmlFragment('article')
      .toArray()
      .find((node) => (node as Y.XmlElement).nodeName === 'paragraph') as Y.XmlElement;
    expect(await attempt(first, () => (paragraph.get(0) as Y.XmlText).insert(0, 'Reportedly, '))).toBe('acked');
    await leave(hocuspocus, id, first);
    expect(hocuspocus.documents.has(id)).toBe(true);

    const second = await open(id);
    expect(loads).toEqual([id]);
    expect(paragraphText(second.doc)).toContain('Reportedly, More than 50,000 soldiers');
    await leave(hocuspocus, id, second);
    // Its time counts from the last one leaving; then it goes, and the next open loads what was stored.
    await until('the kept document to go', () => !hocuspocus.documents.has(id), 3_000);
    const third = await open(id);
    expect(loads).toEqual([id, id]);
    expect(paragraphText(third.doc)).toContain('Reportedly, More than 50,000 soldiers');
  });

  it("builds the gate's trial copy again for the next reader when changes made meanwhile let it go", async () => {
    const { t, hocuspocus, create, open } = await serverKeeping('60');
    const id = await create('More than 50,000 soldiers took part, the ministry said on Monday.');
    const first = await open(id);
    const kept = hocuspocus.documents.get(id);
    await until('the trial copy', () => !!kept && trialCopyBuilt(kept));
    await leave(hocuspocus, id, first);
    // A revision of more than a megabyte made on the server while nobody is connected: the copy falls too far behind.
    const long = Array.from(
      { length: 8_000 },
      (_, i) =>
        `Paragraph ${i}: the ministry said on Monday that more than ${i} aircraft and 50,000 soldiers took part in drills near the border, according to the Defense Ministry.`,
    );
    await t.server.documents.revise(id, articleFromText(long.join('\n\n')), { id: 'factmark-cli', name: 'CLI' });
    expect(hocuspocus.documents.get(id)).toBe(kept);
    expect(trialCopyBuilt(kept as never)).toBe(false);
    // The next reader's first edit does not wait for a whole copy of the document: it is built once they are in.
    await open(id);
    await until('the trial copy built again', () => trialCopyBuilt(kept as never));
  });

  it('keeps at most the number allowed, letting the one kept longest go first', async () => {
    const { hocuspocus, create, open } = await serverKeeping('60', '2');
    const ids = [
      await create('The ministry said on Monday.'),
      await create('According to the Defense Ministry.'),
      await create('Malicious or malicious cyber operations.'),
    ];
    for (const id of ids) await leave(hocuspocus, id, await open(id));
    await until('the oldest kept document to go', () => !hocuspocus.documents.has(ids[0] as string));
    expect(ids.map((id) => hocuspocus.documents.has(id))).toEqual([false, true, true]);
  });

  it('keeps no more bytes than allowed: the ones kept longest go, and a document larger than that is not kept', async () => {
    // Each of these short documents is a few kilobytes of state; 12 KB hold two.
    const { hocuspocus, create, open } = await serverKeeping('60', '10', String(12 * 1024));
    const sentence = (i: number) => `Sentence ${i}: the ministry said on Monday that ${i} aircraft took part.`;
    const small = (n: number) => Array.from({ length: n }, (_, i) => sentence(i)).join('\n\n');
    const ids = [await create(small(40)), await create(small(40)), await create(small(40))];
    for (const id of ids) await leave(hocuspocus, id, await open(id));
    await until('the oldest kept document to go', () => !hocuspocus.documents.has(ids[0] as string));
    expect(ids.map((id) => hocuspocus.documents.has(id))).toEqual([false, true, true]);
    const large = await create(small(400));
    await leave(hocuspocus, large, await open(large));
    await until('the large document to go', () => !hocuspocus.documents.has(large));
    expect(ids.slice(1).map((id) => hocuspocus.documents.has(id))).toEqual([true, true]);
  });

  it('does not keep a deleted document, nor any with keeping off', async () => {
    const { hocuspocus, owner, create, open } = await serverKeeping('60');
    const id = await create('More than 140 aircraft took part.');
    const connection = await open(id);
    expect((await owner.request('DELETE', `/api/documents/${id}`)).status).toBe(204);
    await until('the deleted document to go', () => !hocuspocus.documents.has(id));
    expect(connection.closes.map((c) => c.reason)).toContain('The document was deleted');

    const off = await serverKeeping('0');
    const other = await off.create('The ministry said on Monday.');
    await leave(off.hocuspocus, other, await off.open(other));
    await until('the document to go with keeping off', () => !off.hocuspocus.documents.has(other));
  });

  it('is off with several processes (REDIS_URL), 60 s for at most 10 and 32 MiB by default', () => {
    expect(loadConfig({}).keepDocuments).toEqual({ seconds: 60, max: 10, maxBytes: 32 * 1024 * 1024 });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).keepDocuments.seconds).toBe(0);
    expect(loadConfig({ KEEP_DOCUMENT_SECONDS: '0' }).keepDocuments.seconds).toBe(0);
    expect(() => loadConfig({ KEEP_DOCUMENTS_MAX: '0' })).toThrow(/KEEP_DOCUMENTS_MAX must be a positive integer/);
  });
});
