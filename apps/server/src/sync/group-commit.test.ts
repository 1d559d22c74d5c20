/** Group commit: batches in order, one write in flight per document, failures refuse what waits; and the server on slow storage. */
import { articleFragment, readArticle } from '@factmark/collab';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ApiClient, TestServer } from '../test-support/harness.ts';
import { slowStore } from '../test-support/slow-store.ts';
import { type AcceptedUpdate, GroupCommit } from './group-commit.ts';

const entry = (n: number): AcceptedUpdate => ({
  update: new Uint8Array([n]),
  userId: 'u',
  userName: 'U',
  claims: [],
  bodyChanges: [],
  documentTitle: '',
  receivedAt: new Date(0).toISOString(),
});

/** A writer the test answers by hand: each call waits until the test settles it. */
function manualWriter() {
  const calls: { name: string; batch: number[]; settle: (error?: Error) => void }[] = [];
  const write = (name: string, batch: readonly AcceptedUpdate[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ name, batch: batch.map((e) => e.update[0] as number), settle: (e) => (e ? reject(e) : resolve()) });
    });
  return { calls, write };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('GroupCommit', () => {
  it('writes one batch at a time per document: what arrives meanwhile goes together in the next, in order', async () => {
    const { calls, write } = manualWriter();
    const commits = new GroupCommit(write);
    const done: number[] = [];
    const add = (doc: string, n: number) => commits.add(doc, entry(n)).then(() => done.push(n));
    add('a', 1);
    add('a', 2);
    add('a', 3);
    add('b', 10);
    await tick();
    // The first update starts a write at once; the others wait for it. Another document writes on its own.
    expect(calls.map((c) => [c.name, c.batch])).toEqual([
      ['a', [1]],
      ['b', [10]],
    ]);
    add('a', 4);
    await tick();
    expect(calls).toHaveLength(2);
    expect(commits.pending('a')).toBe(3);
    calls[0]?.settle();
    await tick();
    expect(done).toEqual([1]);
    expect(calls[2]?.batch).toEqual([2, 3, 4]);
    add('a', 5);
    calls[2]?.settle();
    calls[1]?.settle();
    await tick();
    expect(done).toEqual([1, 2, 3, 4, 10]);
    expect(calls[3]?.batch).toEqual([5]);
    calls[3]?.settle();
    await tick();
    expect(done).toEqual([1, 2, 3, 4, 10, 5]);
    expect(commits.pending('a')).toBe(0);
  });

  it('when a batch fails, refuses it and everything waiting behind it; the next update starts afresh', async () => {
    const { calls, write } = manualWriter();
    const commits = new GroupCommit(write);
    const outcome = new Map<number, string>();
    const add = (n: number) =>
      commits.add('a', entry(n)).then(
        () => outcome.set(n, 'stored'),
        (e: Error) => outcome.set(n, e.message),
      );
    add(1);
    await tick();
    add(2);
    calls[0]?.settle();
    await tick();
    add(3);
    calls[1]?.settle(new Error('disk full'));
    await tick();
    expect(Object.fromEntries(outcome)).toEqual({ 1: 'stored', 2: 'disk full', 3: 'disk full' });
    add(4);
    await tick();
    expect(calls[2]?.batch).toEqual([4]);
    calls[2]?.settle();
    await tick();
    expect(outcome.get(4)).toBe('stored');
  });
});

describe('the server on slow storage', () => {
  let t: TestServer;
  afterEach(async () => {
    await t?.dispose();
  });

  it('stores a fast typist’s edits in a few batches, each before anyone sees it, and acknowledges all of them', async () => {
    const LATENCY = 150;
    const KEYS = 40;
    let slow!: ReturnType<typeof slowStore>;
    // What the store holds, replayed as each write completes.
    const stored = new Y.Doc();
    t = await new TestServer().start({ RATE_CONNECTION_PER_SECOND: '1000' }, (store) => {
      slow = slowStore(
        new Proxy(store, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver);
            if (key !== 'appendUpdate') return typeof value === 'function' ? value.bind(target) : value;
            return async (id: string, update: Uint8Array) => {
              await store.appendUpdate(id, update);
              Y.applyUpdate(stored, update);
            };
          },
        }),
        LATENCY,
      );
      return slow.store;
    });
    const owner = await new ApiClient(t.base).signUp('o@desk.example', 'O', t.setupToken ?? undefined);
    const id = ((await owner.request('GET', '/api/documents')).body as { documents: { id: string }[] }).documents[0]!
      .id;
    const writer = await t.connect(id, await owner.syncToken(id));
    const watcher = await t.connect(id, await owner.syncToken(id));
    // The store before the test's edits (the demo document as created).
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(watcher.doc));
    const shownUnstored: string[] = [];
    watcher.doc.on('update', () => {
      const shown = readArticle(watcher.doc).textContent.match(/<\d+>/g) ?? [];
      const kept = readArticle(stored).textContent;
      for (const marker of shown) if (!kept.includes(marker)) shownUnstored.push(marker);
    });
    const appendsBefore = slow.calls.get('appendUpdate') ?? 0;
    const para = () => (articleFragment(writer.doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const started = performance.now();
    const acked = new Promise<void>((resolve) => {
      writer.provider.on('unsyncedChanges', () => {
        if (writer.provider.unsyncedChanges === 0 && readArticle(writer.doc).textContent.includes(`<${KEYS - 1}>`))
          resolve();
      });
    });
    for (let i = 0; i < KEYS; i++) {
      para().insert(0, `<${i}>`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await acked;
    const elapsed = performance.now() - started;
    const appends = (slow.calls.get('appendUpdate') ?? 0) - appendsBefore;
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < KEYS; i++) {
      expect(readArticle(stored).textContent).toContain(`<${i}>`);
      expect(readArticle(watcher.doc).textContent).toContain(`<${i}>`);
    }
    expect(shownUnstored).toEqual([]);
    // One write per storage round trip at most: 40 keys over ~0.4 s + latency take a handful, not 40.
    expect(appends).toBeLessThanOrEqual(Math.ceil((elapsed + LATENCY) / LATENCY) + 1);
    expect(appends).toBeLessThan(KEYS / 3);
    // One update at a time would take KEYS × LATENCY (6 s).
    expect(elapsed).toBeLessThan((KEYS * LATENCY) / 3);
  });
});
