/** The behaviour every capture store must have (SQLite, PostgreSQL), run by each store's test file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Snapshot } from '../storage/capture-store.ts';
import type { DocumentStore } from '../storage/store.ts';

const DOC = 'capturedoc01';
const job = (sourceId: string, url = `https://news.example/${sourceId}`) => ({
  documentId: DOC,
  sourceId,
  url,
  kind: 'capture' as const,
});
const snapshot = (hash: string, text: string): Snapshot => ({
  hash,
  contentType: 'text/html',
  title: 'Ministry briefing',
  byline: 'A. Reporter',
  published: '2026-11-30',
  text,
  raw: new TextEncoder().encode(`<p>${text}</p>`),
});

/** Run the capture contract on the stores `open` makes. */
export function captureContract(
  name: string,
  open: () => Promise<{ store: DocumentStore; dispose: () => Promise<void> }>,
) {
  describe(`${name} capture store`, () => {
    let store: DocumentStore;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
      const now = new Date().toISOString();
      await store.createDocument(
        { id: DOC, title: 'Doc', createdAt: now, updatedAt: now },
        Y.encodeStateAsUpdate(new Y.Doc()),
      );
    });
    afterEach(async () => dispose());

    it('queues a job once while it is open, and again once it is done', async () => {
      expect(await store.captures.enqueue(job('s1'), 0)).toBe(true);
      expect(await store.captures.enqueue(job('s1'), 0)).toBe(false);
      expect(await store.captures.enqueue({ ...job('s1'), kind: 'recheck' }, 0)).toBe(true);
      const claimed = await store.captures.claim(1000, 5000);
      expect(claimed).toMatchObject({ sourceId: 's1', kind: 'capture', attempts: 1 });
      expect(await store.captures.enqueue(job('s1'), 0)).toBe(false);
      await store.captures.complete(claimed?.seq ?? -1);
      expect(await store.captures.enqueue(job('s1'), 0)).toBe(true);
    });

    it('brings a job queued for later forward, and leaves one already due', async () => {
      const recheck = { ...job('s1'), kind: 'recheck' as const };
      await store.captures.enqueue(recheck, 1_000_000);
      expect(await store.captures.claim(10, 1000)).toBeNull();
      expect(await store.captures.expedite(recheck, 10)).toBe(true);
      expect(await store.captures.expedite(recheck, 10)).toBe(false);
      expect(await store.captures.expedite({ ...recheck, sourceId: 'other' }, 10)).toBe(false);
      expect((await store.captures.claim(10, 1000))?.kind).toBe('recheck');
    });

    it('hands out only due jobs, oldest first, each to one worker until its lease ends', async () => {
      await store.captures.enqueue(job('later'), 5000);
      await store.captures.enqueue(job('first'), 100);
      await store.captures.enqueue(job('second'), 200);
      expect(await store.captures.nextDue()).toBe(100);
      const [a, b] = await Promise.all([store.captures.claim(1000, 10_000), store.captures.claim(1000, 10_000)]);
      expect([a?.sourceId, b?.sourceId].sort()).toEqual(['first', 'second']);
      expect(await store.captures.claim(1000, 10_000)).toBeNull();
      // The worker that held "first" died: its job is handed out again once the lease ends, and counted.
      const again = await store.captures.claim(11_001, 10_000);
      expect(again?.sourceId).toBe('first');
      expect(again?.attempts).toBe(2);
      expect((await store.captures.openJobs(DOC)).map((j) => [j.sourceId, j.state])).toEqual([
        ['later', 'pending'],
        ['first', 'running'],
        ['second', 'running'],
      ]);
    });

    it('retries a failed job later and gives one up for good', async () => {
      await store.captures.enqueue(job('s1'), 0);
      const first = await store.captures.claim(10, 1000);
      await store.captures.retry(first?.seq ?? -1, 5000, 'news.example could not be reached');
      expect(await store.captures.claim(4999, 1000)).toBeNull();
      const second = await store.captures.claim(5000, 1000);
      expect(second?.attempts).toBe(2);
      await store.captures.fail(second?.seq ?? -1, 'gone');
      expect(await store.captures.claim(1e12, 1000)).toBeNull();
      expect(await store.captures.openJobs(DOC)).toEqual([]);
    });

    it('keeps a snapshot once per hash and finds the latest fetch of a URL', async () => {
      const url = 'https://news.example/briefing';
      const s = snapshot('ab'.repeat(32), 'The ministry said on Monday.');
      await store.captures.recordFetch(
        { url, finalUrl: url, status: 200, fetchedAt: '2026-12-01T10:00:00.000Z', hash: s.hash },
        s,
      );
      await store.captures.recordFetch(
        { url, finalUrl: `${url}?r=1`, status: 200, fetchedAt: '2026-12-02T10:00:00.000Z', hash: s.hash },
        s,
      );
      await store.captures.recordFetch(
        { url, finalUrl: url, status: 404, fetchedAt: '2026-12-03T10:00:00.000Z', hash: null },
        null,
      );
      expect(await store.captures.getSnapshot(s.hash)).toEqual(s);
      expect(await store.captures.getSnapshot('cd'.repeat(32))).toBeNull();
      expect((await store.captures.lastFetch(url, '2026-12-01T00:00:00.000Z'))?.status).toBe(404);
      expect(await store.captures.lastFetch(url, '2026-12-04T00:00:00.000Z')).toBeNull();
      expect(await store.captures.lastFetch('https://other.example/', '2000-01-01T00:00:00.000Z')).toBeNull();
    });

    it("forgets a document's jobs with the document", async () => {
      await store.captures.enqueue(job('s1'), 0);
      await store.deleteDocument(DOC);
      expect(await store.captures.claim(1e12, 1000)).toBeNull();
    });
  });
}
