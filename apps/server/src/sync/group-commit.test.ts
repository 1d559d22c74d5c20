/** Group commit: batches in order, one write in flight per document, failures refuse what waits; and the server on slow storage. */
import { articleFragment, readArticle } from '@factmark/collab';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentGone, type UpdateRecords } from '../storage/store.ts';
import { ApiClient, TestServer, until } from '../test-support/harness.ts';
import { TIPLINE_CLAIM } from '../test-support/hypothesis.ts';
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

/** Adds numbered updates to document 'a' of `commits`, noting how each ended: 'stored', or `refused` of its error. */
function outcomes(commits: GroupCommit, refused: (err: Error) => string) {
  const outcome = new Map<number, string>();
  const entries = new Map<number, AcceptedUpdate>();
  const add = (n: number) => {
    const e = entry(n);
    entries.set(n, e);
    commits.add('a', e).then(
      () => outcome.set(n, 'stored'),
      (err: Error) => outcome.set(n, refused(err)),
    );
    return e;
  };
  return { add, outcome, entries };
}

describe('GroupCommit with relayed updates', () => {
  it('writes a failed batch’s relayed updates again (with what arrived meanwhile) and refuses only the others', async () => {
    const { calls, write } = manualWriter();
    const commits = new GroupCommit(write, 5);
    const { add, outcome, entries } = outcomes(commits, (err) => err.message);
    expect(commits.relay(add(1))).toBe(true);
    await tick();
    expect(commits.relay(add(2))).toBe(true);
    add(3); // not relayed: it waits for its write (it claims a client id)
    calls[0]?.settle(new Error('disk full'));
    await tick();
    // 1 is in every copy already: kept. 2 as well; 3 is refused and may not be applied any more.
    expect(outcome.get(3)).toBe('disk full');
    expect(outcome.has(1)).toBe(false);
    expect(outcome.has(2)).toBe(false);
    expect(commits.relay(entries.get(3) as AcceptedUpdate)).toBe(false);
    add(4);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls[1]?.batch).toEqual([1, 2, 4]);
    let drained = false;
    void commits.drained().then(() => {
      drained = true;
    });
    calls[1]?.settle(new Error('still down'));
    await new Promise((r) => setTimeout(r, 30));
    // 4 was not relayed: refused this time; 1 and 2 are tried a third time.
    expect(outcome.get(4)).toBe('still down');
    expect(calls[2]?.batch).toEqual([1, 2]);
    expect(drained).toBe(false);
    calls[2]?.settle();
    await tick();
    expect(Object.fromEntries(outcome)).toEqual({ 1: 'stored', 2: 'stored', 3: 'disk full', 4: 'still down' });
    expect(drained).toBe(true);
    expect(commits.pending('a')).toBe(0);
  });

  it('refuses a deleted document’s updates, relayed ones too, instead of writing them again for ever', async () => {
    const { calls, write } = manualWriter();
    const commits = new GroupCommit(write, 5);
    const { add, outcome } = outcomes(commits, (err) => err.name);
    expect(commits.relay(add(1))).toBe(true);
    await tick();
    expect(commits.relay(add(2))).toBe(true);
    add(3);
    const drained = commits.drained(1_000).then(() => commits.pending('a'));
    calls[0]?.settle(new DocumentGone('a'));
    await new Promise((r) => setTimeout(r, 30));
    expect(Object.fromEntries(outcome)).toEqual({ 1: 'DocumentGone', 2: 'DocumentGone', 3: 'DocumentGone' });
    // Not tried again: a server closing does not wait for it.
    expect(calls).toHaveLength(1);
    expect(await drained).toBe(0);
    // The next document of that name (none can be: ids are not reused) or a later update starts afresh.
    add(4);
    await tick();
    expect(calls[1]?.batch).toEqual([4]);
  });
});

/**
 * A server whose document-log writes answer `latency` ms late, its first administrator signed in, their demo
 * document's id, and how many update writes the store has started.
 */
async function ownerOnSlowStorage(latency: number) {
  let slow!: ReturnType<typeof slowStore>;
  const server = await new TestServer().start({}, (store) => {
    slow = slowStore(store, latency);
    return slow.store;
  });
  const owner = await new ApiClient(server.base).signUp('o@desk.example', 'O', server.setupToken ?? undefined);
  const id = await owner.firstDocumentId();
  const appends = () => slow.started.filter((s) => s.method === 'appendUpdate').length;
  return { server, owner, id, appends };
}

describe('the server on slow storage', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  it('relays a fast typist’s edits at once, each under a client id the store already gives them, stores them in a few batches and acknowledges each once stored', async () => {
    const LATENCY = 150;
    const KEYS = 40;
    let slow!: ReturnType<typeof slowStore>;
    // What the store holds, replayed as each write completes, and the client ids it records owners of.
    const stored = new Y.Doc();
    const claimsStored = new Set<number>();
    t = await new TestServer().start({ RATE_CONNECTION_PER_SECOND: '1000' }, (store) => {
      slow = slowStore(
        new Proxy(store, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver);
            if (key !== 'appendUpdate') return typeof value === 'function' ? value.bind(target) : value;
            return async (id: string, update: Uint8Array, alongside?: UpdateRecords) => {
              await store.appendUpdate(id, update, alongside);
              Y.applyUpdate(stored, update);
              for (const claim of alongside?.claims ?? []) for (const c of claim.clients) claimsStored.add(c);
            };
          },
        }),
        LATENCY,
      );
      return slow.store;
    });
    const owner = await new ApiClient(t.base).signUp('o@desk.example', 'O', t.setupToken ?? undefined);
    const id = await owner.firstDocumentId();
    const writer = await t.connect(id, await owner.syncToken(id));
    const watcher = await t.connect(id, await owner.syncToken(id));
    // The store before the test's edits (the demo document as created).
    Y.applyUpdate(stored, Y.encodeStateAsUpdate(watcher.doc));
    const typed = new Map<string, { at: number; client: number }>();
    const shownAfter = new Map<string, number>();
    const shownUnstored = new Set<string>();
    const shownBeforeClaim: string[] = [];
    watcher.doc.on('update', () => {
      const kept = readArticle(stored).textContent;
      for (const marker of readArticle(watcher.doc).textContent.match(/<\d+>/g) ?? []) {
        const key = typed.get(marker);
        if (shownAfter.has(marker) || !key) continue;
        shownAfter.set(marker, performance.now() - key.at);
        if (!kept.includes(marker)) shownUnstored.add(marker);
        if (!claimsStored.has(key.client)) shownBeforeClaim.push(marker);
      }
    });
    // Whenever the writer's provider counts nothing unacknowledged, everything it typed is stored.
    const ackedUnstored: string[] = [];
    writer.provider.on('unsyncedChanges', () => {
      if (writer.provider.unsyncedChanges !== 0) return;
      const kept = readArticle(stored).textContent;
      for (const marker of typed.keys()) if (!kept.includes(marker)) ackedUnstored.push(marker);
    });
    // The writer's presence claimed its client id as it connected.
    await until('the writer’s client id stored as theirs', () => claimsStored.has(writer.doc.clientID));
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
      // Halfway, the page writes under a client id no presence announced: its first key claims it.
      if (i === KEYS / 2) writer.doc.clientID = 1 + Math.floor(Math.random() * 2 ** 30);
      typed.set(`<${i}>`, { at: performance.now(), client: writer.doc.clientID });
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
    expect(ackedUnstored).toEqual([]);
    expect(shownBeforeClaim).toEqual([]);
    // Under the announced id every key is relayed without waiting for storage, the first included.
    for (let i = 0; i < KEYS / 2; i++) expect(shownAfter.get(`<${i}>`)).toBeLessThan(LATENCY / 2);
    expect(shownUnstored.size).toBeGreaterThan(5);
    // The first key under the new id waits for its claim to be stored; those typed after it is stored do not.
    const first = `<${KEYS / 2}>`;
    expect(shownUnstored.has(first)).toBe(false);
    expect(shownAfter.get(first)).toBeGreaterThanOrEqual(LATENCY);
    const firstShown = (typed.get(first)?.at ?? 0) + (shownAfter.get(first) ?? 0);
    const later = [...shownAfter].filter(([m]) => (typed.get(m)?.at ?? 0) > firstShown + 20);
    for (const [, after] of later) expect(after).toBeLessThan(LATENCY / 2);
    // One write per storage round trip at most: 40 keys over ~0.4 s + latency take a handful, not 40.
    expect(appends).toBeLessThanOrEqual(Math.ceil((elapsed + LATENCY) / LATENCY) + 1);
    expect(appends).toBeLessThan(KEYS / 3);
    // One update at a time would take KEYS × LATENCY (6 s).
    expect(elapsed).toBeLessThan((KEYS * LATENCY) / 3);
  });

  it('drops the updates of a document deleted while they wait to be stored: the server still stops at once', async () => {
    const LATENCY = 300;
    const { server, owner, id, appends } = await ownerOnSlowStorage(LATENCY);
    t = server;
    const writer = await server.connect(id, await owner.syncToken(id));
    await until('the writer’s client id claimed', () => appends() > 0);
    const para = (articleFragment(writer.doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    const before = appends();
    para.insert(0, 'more than 50,000 soldiers ');
    await until('the edit on its way to the store', () => appends() > before);
    // Deleted while the edit's write waits out the latency: the write then finds no document.
    expect((await owner.request('DELETE', `/api/documents/${id}`)).status).toBe(204);
    await new Promise((r) => setTimeout(r, LATENCY * 2));
    const stopping = performance.now();
    t = undefined;
    await server.dispose();
    // Retrying the write for ever kept the server waiting for its 10 s flush limit.
    expect(performance.now() - stopping).toBeLessThan(3_000);
    expect(appends() - before).toBe(1);
    // The page hears why, in words it can show: not that the change will be retried.
    expect(writer.closes.map((c) => c.reason)).toContain('The document was deleted');
    expect(writer.closes.map((c) => c.reason).join()).not.toMatch(/could not store/);
  });

  it('answers an API change to a document deleted while it was stored as not found, in words, not as a failure', async () => {
    const { server, owner, id, appends } = await ownerOnSlowStorage(300);
    t = server;
    const before = appends();
    const filing = owner.request('POST', `/api/documents/${id}/annotations/import`, TIPLINE_CLAIM);
    await until('the claim’s write waiting in the store', () => appends() > before);
    expect((await owner.request('DELETE', `/api/documents/${id}`)).status).toBe(204);
    const filed = await filing;
    expect(filed.status).toBe(404);
    expect(filed.body).toEqual({ error: { code: 'not_found', message: 'The document was deleted' } });
    // The change's own connection to it ended: the server does not keep the deleted document in memory.
    await until('the deleted document to go', () => !server.server.hocuspocus.documents.has(id), 2_000);
  });
});
