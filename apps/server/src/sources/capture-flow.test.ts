/**
 * Capture on a running server, against a local fixture site and fake archives (127.0.0.1 only): a source added
 * in the editor is captured, archived and readable as a snapshot by the document's members only; a changed URL is
 * captured again; a URL cited twice is fetched once; health checks find a page changed, moved or gone; and no
 * client, whatever its role, can write a capture record.
 */
import { type CaptureRecord, makeSource, readCapture, writeSource } from '@factmark/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type FakeArchives, startFakeArchives } from '../test-support/fake-archives.ts';
import { ApiClient, attempt, type Connection, TestServer } from '../test-support/harness.ts';
import { DRILLS_PARAGRAPHS, type SourceSite, startSourceSite } from '../test-support/source-fixtures.ts';

let site: SourceSite;
let archives: FakeArchives;
let t: TestServer;
let owner: ApiClient;
let viewer: ApiClient;
let outsider: ApiClient;
let docId: string;
let conn: Connection;

const OWNER = { id: '', name: 'Owner' };

/** Wait until the client's copy of a source's record satisfies `ok`. */
async function recordOf(sourceId: string, ok: (r: CaptureRecord) => boolean, ms = 10_000): Promise<CaptureRecord> {
  const until = Date.now() + ms;
  for (;;) {
    const record = readCapture(conn.doc, sourceId);
    if (record && ok(record)) return record;
    if (Date.now() > until) throw new Error(`no such record for ${sourceId}: ${JSON.stringify(record)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Add a source to the library as the owner, through the sync connection. */
async function addSource(id: string, path: string, title = 'Army announces large-scale drills') {
  const result = await attempt(conn, (doc) =>
    writeSource(doc, makeSource(id, { url: `${site.base}${path}`, title }, OWNER, new Date())),
  );
  expect(result).toBe('acked');
}

beforeAll(async () => {
  site = await startSourceSite();
  archives = await startFakeArchives();
  t = await new TestServer().start({
    SOURCE_CAPTURE: 'on',
    SOURCE_FETCH_ALLOW: '127.0.0.1/32',
    SOURCE_TIMEOUT_MS: '2000',
    ARCHIVE_PROVIDERS: 'wayback,perma',
    WAYBACK_URL: archives.base,
    WAYBACK_ACCESS_KEY: 'access',
    WAYBACK_SECRET_KEY: 'secret',
    WAYBACK_POLL_MS: '20',
    PERMA_API_URL: archives.base,
    PERMA_API_KEY: 'key',
  });
  owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  OWNER.id = owner.userId;
  viewer = await new ApiClient(t.base).signUp('viewer@desk.example', 'Viewer');
  outsider = await new ApiClient(t.base).signUp('outsider@desk.example', 'Outsider');
  docId = await owner.firstDocumentId();
  await owner.request('PUT', `/api/documents/${docId}/members`, { email: 'viewer@desk.example', role: 'viewer' });
  conn = await t.connect(docId, await owner.syncToken(docId));
});

afterAll(async () => {
  await t.dispose();
  await site.close();
  await archives.close();
});

describe('source capture on the server', () => {
  it('captures a new source, archives it, and lets members (only) read the snapshot', async () => {
    await addSource('drills', '/news/drills');
    const record = await recordOf('drills', (r) => r.state === 'captured' && r.archives.length === 2);
    expect(record.capture).toMatchObject({
      finalUrl: `${site.base}/news/drills`,
      status: 200,
      title: 'Army announces large-scale drills',
      published: '2026-11-30',
    });
    expect(record.archives.map((a) => a.provider)).toEqual(['Internet Archive', 'Perma.cc']);
    const hash = record.capture?.hash ?? '';
    const read = await viewer.request('GET', `/api/documents/${docId}/snapshots/${hash}`);
    expect(read.status).toBe(200);
    const snapshot = (read.body as { snapshot: { text: string; hash: string } }).snapshot;
    expect(snapshot.hash).toBe(hash);
    for (const paragraph of DRILLS_PARAGRAPHS) expect(snapshot.text).toContain(paragraph);
    expect((await outsider.request('GET', `/api/documents/${docId}/snapshots/${hash}`)).status).toBe(404);
    expect((await owner.request('GET', `/api/documents/${docId}/snapshots/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('fetches a URL cited by two sources once', async () => {
    const before = site.hits.get('/news/drills') ?? 0;
    await addSource('drills-again', '/news/drills', 'The drills story, again');
    const record = await recordOf('drills-again', (r) => r.state === 'captured');
    expect(record.capture?.hash).toBe(readCapture(conn.doc, 'drills')?.capture?.hash);
    expect(site.hits.get('/news/drills') ?? 0).toBe(before);
  });

  it('captures a changed URL again, and ends a capture that cannot succeed with its reason', async () => {
    await addSource('briefing', '/missing', 'Ministry briefing');
    const failed = await recordOf('briefing', (r) => r.state === 'failed');
    expect(failed.error).toBe('The page answered 404 Not Found.');
    const url = `${site.base}/docs/briefing.pdf`;
    await attempt(conn, (doc) => (doc.getMap('sources').get('briefing') as Y.Map<unknown>).set('url', url));
    const captured = await recordOf('briefing', (r) => r.url === url && r.state === 'captured');
    expect(captured.capture?.contentType).toBe('application/pdf');
    expect(captured.error).toBe('');
  });

  it('checks health on request: unchanged, then changed, moved and gone', async () => {
    await addSource('changing', '/changing');
    await addSource('moving', '/moving');
    await recordOf('changing', (r) => r.state === 'captured');
    await recordOf('moving', (r) => r.state === 'captured');
    const recheck = (client: ApiClient, id: string) =>
      client.request('POST', `/api/documents/${docId}/sources/${id}/recheck`);
    expect((await recheck(owner, 'changing')).status).toBe(202);
    expect((await recordOf('changing', (r) => r.check !== null && !r.checking)).check?.health).toBe('unchanged');
    site.update();
    site.move();
    await recheck(owner, 'changing');
    await recheck(owner, 'moving');
    const changed = await recordOf('changing', (r) => r.check?.health === 'changed' && !r.checking);
    expect(changed.check?.latest?.hash).not.toBe(changed.capture?.hash);
    const moved = await recordOf('moving', (r) => r.check?.health === 'moved');
    expect(moved.check?.detail).toBe(`It now leads to ${site.base}/moved-here`);
    site.remove();
    await recheck(owner, 'changing');
    const gone = await recordOf('changing', (r) => r.check?.health === 'gone');
    expect(gone.check?.detail).toBe('The page answered 410 Gone');
    // Both snapshots stay readable: the card compares the passage as captured with the page now.
    expect(
      (await viewer.request('GET', `/api/documents/${docId}/snapshots/${changed.check?.latest?.hash}`)).status,
    ).toBe(200);
    const refused = await recheck(viewer, 'changing');
    expect(refused.status).toBe(403);
    const notYet = await recheck(owner, 'nosuchsource');
    expect(notYet.status).toBe(404);
  });

  it('writes every record under one client id of the server (the state vector does not grow per capture)', () => {
    const writers = [...Y.decodeStateVector(Y.encodeStateVector(conn.doc)).keys()];
    // The demo article's creator, the owner's client and the capture writer.
    expect(writers.length).toBeLessThanOrEqual(3);
  });

  it('refuses every client that writes a capture record, even the owner', async () => {
    const forged = { ...(readCapture(conn.doc, 'drills') as CaptureRecord), state: 'captured', error: '' };
    const result = await attempt(conn, (doc) => doc.getMap('captures').set('briefing', { ...forged, url: 'x' }));
    expect(result).toMatch(/^refused: What the server found at a source is recorded by the server/);
    expect(t.rejected).toContain('server_only');
  });
});
