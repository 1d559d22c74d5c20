/**
 * Capture records: read back as written, stale ones (a URL the source no longer has) left out, and no client of any
 * role may write, change or delete one (the server writes them outside the gate).
 */
import { articleFromText } from '@factmark/editor';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type CaptureRecord, capturingRecord, readCaptures, snapshotHashes, writeCapture } from './captures.ts';
import { checkUpdate, forgetTriedUpdates } from './gate/check-update.ts';
import { captureRecords, encodeNewArticle } from './layout.ts';
import type { Role } from './policy.ts';
import { makeSource, writeSource } from './sources.ts';

const URL_A = 'https://news.example/drills';
const HASH = 'a'.repeat(64);

function captured(url: string): CaptureRecord {
  return {
    ...capturingRecord(url, new Date('2026-12-01T10:00:00Z')),
    state: 'captured',
    capture: {
      hash: HASH,
      finalUrl: url,
      status: 200,
      contentType: 'text/html',
      fetchedAt: '2026-12-01T10:00:01.000Z',
      title: 'Army announces large-scale drills',
      byline: '',
      published: '2026-11-30',
      textLength: 400,
    },
  };
}

/** A server document with one source and its record, written by the server. */
function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, encodeNewArticle(articleFromText('Drills\n\nMore than 50,000 soldiers.')));
  writeSource(doc, makeSource('s1', { url: URL_A, title: 'Drills' }, { id: 'u1', name: 'Ana' }, new Date()));
  writeCapture(doc, 's1', captured(URL_A));
  return doc;
}

/** What a client of `role` sends when it does `act` to its copy. */
function attemptAs(server: Y.Doc, role: Role, act: (doc: Y.Doc) => void) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(copy);
  act(copy);
  const verdict = checkUpdate(server, Y.encodeStateAsUpdate(copy, before), { userId: 'u1', role });
  forgetTriedUpdates(server);
  return verdict;
}

describe('capture records', () => {
  it('reads records back, leaving out invalid ones and those of a URL the source no longer has', () => {
    const doc = serverDoc();
    captureRecords(doc).set('broken', { url: URL_A, state: 'done' });
    expect([...readCaptures(doc).keys()]).toEqual(['s1']);
    expect(readCaptures(doc, new Map([['s1', URL_A]])).get('s1')?.capture?.hash).toBe(HASH);
    expect(readCaptures(doc, new Map([['s1', 'https://news.example/other']])).size).toBe(0);
    expect([...snapshotHashes(doc)]).toEqual([HASH]);
    expect(() => writeCapture(doc, 's2', { ...captured(URL_A), state: 'done' } as unknown as CaptureRecord)).toThrow();
  });

  it.each(['owner', 'editor', 'commenter'] as const)('refuses a %s who adds, changes or deletes a record', (role) => {
    const doc = serverDoc();
    const attempts: ((copy: Y.Doc) => void)[] = [
      (copy) => captureRecords(copy).set('s2', captured('https://news.example/forged')),
      (copy) => captureRecords(copy).set('s1', { ...captured(URL_A), state: 'failed', error: 'forged' }),
      (copy) => captureRecords(copy).delete('s1'),
      (copy) => captureRecords(copy).set('s1', new Y.Map()),
    ];
    for (const act of attempts) {
      const verdict = attemptAs(doc, role, act);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.code).toBe('server_only');
    }
    // What the role may do still passes: a new source.
    const fine = attemptAs(doc, role, (copy) =>
      writeSource(copy, makeSource('s3', { url: URL_A, title: 'Again' }, { id: 'u1', name: 'Ana' }, new Date())),
    );
    expect(fine.ok).toBe(true);
  });

  it('refuses a viewer as read-only', () => {
    const verdict = attemptAs(serverDoc(), 'viewer', (copy) => captureRecords(copy).delete('s1'));
    expect(verdict.ok).toBe(false);
  });
});
