/**
 * The servers of the slow-storage suite, each on a worker thread of its own (`sync-storage.ts` starts them): the 50
 * clients' work and garbage stay on the main thread, so the figure is the server's, as it is in production where the
 * clients are browsers elsewhere. Started with `workerData` `{ kind, latency, seed }`; it posts the target to connect
 * to, and answers `'writes'` (the start of every delayed store write, in ms since 1970) and `'stop'`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import { ApiClient, TestServer } from '../apps/server/src/test-support/harness.ts';
import { type SlowStore, slowStore } from '../apps/server/src/test-support/slow-store.ts';

/** What the suite asks for. */
export interface ServerRequest {
  kind: 'factmark' | 'bare';
  /** Milliseconds every store write waits. */
  latency: number;
  /** The bare server's document (the one Factmark's server serves, as one update). */
  seed?: Uint8Array;
}

/** What the worker posts once listening: where to connect, and as what. */
export interface ServerReady {
  url: string;
  name: string;
  token: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Times in ms since 1970, comparable across threads. */
const epoch = (at: number) => performance.timeOrigin + at;

/** Factmark's server on SQLite with every write of a document's log late; rate limits lifted (one user drives every client). */
async function factmark(latency: number) {
  let slow!: SlowStore;
  const t = await new TestServer().start(
    { RATE_USER_PER_SECOND: '10000000', RATE_CONNECTION_PER_SECOND: '10000000' },
    (store) => {
      slow = slowStore(store, latency);
      return slow.store;
    },
  );
  const owner = await new ApiClient(t.base).signUp('bench@desk.example', 'Bench', t.setupToken ?? undefined);
  const id = ((await owner.request('GET', '/api/documents')).body as { documents: { id: string }[] }).documents[0]!.id;
  return {
    ready: { url: `${t.base.replace('http', 'ws')}/collab`, name: id, token: await owner.syncToken(id) },
    writes: () => slow.started.map((s) => epoch(s.at)),
    stop: () => t.dispose(),
  };
}

/**
 * The baseline: Hocuspocus with `@hocuspocus/extension-database` (as its documentation sets it up), whose fetch and
 * store wait `latency`; Hocuspocus stores the whole document after 2 s without changes, or every 10 s at most.
 */
async function bare(latency: number, seed: Uint8Array) {
  const writes: number[] = [];
  const server = new Server({
    quiet: true,
    extensions: [
      new Database({
        fetch: async () => {
          await sleep(latency);
          return seed;
        },
        store: async () => {
          writes.push(epoch(performance.now()));
          await sleep(latency);
        },
      }),
    ],
  });
  await server.listen(0);
  return {
    ready: { url: `ws://127.0.0.1:${server.address.port}`, name: 'bench', token: 'none' },
    writes: () => writes,
    stop: () => server.destroy(),
  };
}

const request = workerData as ServerRequest;
const port = parentPort;
if (!port) throw new Error('sync-storage-server.ts runs as a worker of sync-storage.ts');
const running =
  request.kind === 'factmark'
    ? await factmark(request.latency)
    : await bare(request.latency, request.seed ?? new Uint8Array());
port.on('message', async (message: 'writes' | 'stop') => {
  if (message === 'writes') port.postMessage({ writes: running.writes() });
  else {
    await running.stop();
    port.postMessage({ stopped: true });
  }
});
port.postMessage({ ready: running.ready satisfies ServerReady });
