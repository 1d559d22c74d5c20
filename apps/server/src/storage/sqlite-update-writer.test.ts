/** The SQLite store's update writer: updates stored off the main thread, in order, durable when answered. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textUpdate } from '../test-support/store-contract.ts';
import { SqliteStore } from './sqlite-store.ts';
import { SqliteUpdateWriter } from './sqlite-update-writer.ts';
import { DocumentGone } from './store.ts';

const DOC = 'wwwwwwwwwwww';
const meta = {
  id: DOC,
  title: 'Wire copy',
  createdAt: '2026-12-06T00:00:00.000Z',
  updatedAt: '2026-12-06T00:00:00.000Z',
};

describe('the SQLite store’s update writer', () => {
  let dir: string;
  let store: SqliteStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'factmark-writer-'));
    store = new SqliteStore(dir);
    await store.createDocument(meta, textUpdate(1, 'The ministry said on Monday'));
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the updates in the order they were given, every one on disk once answered', async () => {
    const updates = Array.from({ length: 200 }, (_, i) => textUpdate(10 + i, `${i}`));
    // Given all at once, not one after another's answer.
    await Promise.all(updates.map((u) => store.appendUpdate(DOC, u)));
    await store.close();
    // Another process's view of the file: what a restart would load.
    const again = new SqliteStore(dir);
    try {
      expect((await again.loadUpdates(DOC)).slice(1)).toEqual(updates);
    } finally {
      await again.close();
    }
    store = new SqliteStore(dir);
  });

  it('keeps this thread free while a commit waits: another connection holds the write lock, timers still run', async () => {
    const blocker = new Database(join(dir, 'factmark.sqlite'));
    blocker.exec('BEGIN IMMEDIATE');
    let stored = false;
    const appended = store.appendUpdate(DOC, textUpdate(2, 'more than 50,000 soldiers')).then(() => {
      stored = true;
    });
    // On this thread, the append would wait for the lock inside SQLite and no timer could fire until it gave up.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stored).toBe(false);
    blocker.exec('COMMIT');
    blocker.close();
    await appended;
    expect(await store.loadUpdates(DOC)).toHaveLength(2);
  });

  it('refuses an update for a document that is not there as gone (the reason crosses the thread), and stores the next', async () => {
    const refused = store.appendUpdate('nosuchdocument', textUpdate(3, 'x'));
    await expect(refused).rejects.toBeInstanceOf(DocumentGone);
    await expect(refused).rejects.toMatchObject({ documentId: 'nosuchdocument' });
    await store.appendUpdate(DOC, textUpdate(4, 'and 140 aircraft'));
    expect(await store.loadUpdates(DOC)).toHaveLength(2);
  });

  it('writes what it was given before it closes', async () => {
    const pending = [5, 6, 7].map((c) => store.appendUpdate(DOC, textUpdate(c, `${c}`)));
    await store.close();
    await Promise.all(pending);
    store = new SqliteStore(dir);
    expect(await store.loadUpdates(DOC)).toHaveLength(4);
    await store.close();
    await expect(store.appendUpdate(DOC, textUpdate(8, 'late'))).rejects.toThrow('The store is closed');
    store = new SqliteStore(dir);
  });

  it('refuses what waits when its thread stops, and starts a new thread for the next update', async () => {
    // A directory where the database file should be: the thread cannot open it and stops.
    const writer = new SqliteUpdateWriter(dir);
    await expect(writer.append(DOC, textUpdate(9, 'x'), {}, false)).rejects.toThrow();
    await expect(writer.append(DOC, textUpdate(9, 'x'), {}, false)).rejects.toThrow();
    await writer.close();
  });
});

describe('a process that stores updates and closes its store', () => {
  it('exits once the store is closed, every update on disk, without waiting on an idle thread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'factmark-writer-exit-'));
    try {
      // Nothing else keeps this process alive: closing must not leave it waiting on a thread it does not hold.
      const script = `
        import { SqliteStore } from ${JSON.stringify(join(import.meta.dirname, 'sqlite-store.ts'))};
        const store = new SqliteStore(${JSON.stringify(dir)});
        await store.createDocument(${JSON.stringify(meta)}, new Uint8Array([0, 0]));
        await store.appendUpdate(${JSON.stringify(DOC)}, new Uint8Array([0, 0]));
        await store.close();
        const again = new SqliteStore(${JSON.stringify(dir)});
        console.log('stored', (await again.loadUpdates(${JSON.stringify(DOC)})).length);
        await again.close();
      `;
      const file = join(dir, 'store-and-close.mts');
      writeFileSync(file, script);
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
        cwd: join(import.meta.dirname, '../..'),
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('stored 2');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
