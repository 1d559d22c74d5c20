/**
 * The servers of the slow-storage suite, each on a worker thread of its own (`sync-storage.ts` starts them): the 50
 * clients' work and garbage stay on the main thread, so the figure is the server's, as it is in production where the
 * clients are browsers elsewhere. Started with `workerData` `{ kind, latency, seed }`; it posts the target to connect
 * to, and answers `'writes'` (the start of every delayed store write, in ms since 1970) and `'stop'`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Database } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import { type SlowStore, slowStore } from '../apps/server/src/test-support/slow-store.ts';
import { factmark } from './sync.ts';

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

/** Factmark's server (`factmark` of the sync suite) with every write of a document's log `latency` late. */
async function factmarkOnSlowStore(latency: number) {
  let slow!: SlowStore;
  const { stop, ...ready } = await factmark((store) => {
    slow = slowStore(store, latency);
    return slow.store;
  });
  return { ready, writes: () => slow.started.map((s) => epoch(s.at)), stop };
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
    ? await factmarkOnSlowStore(request.latency)
    : await bare(request.latency, request.seed ?? new Uint8Array());
port.on('message', async (message: 'writes' | 'stop') => {
  if (message === 'writes') port.postMessage({ writes: running.writes() });
  else {
    await running.stop();
    port.postMessage({ stopped: true });
  }
});
port.postMessage({ ready: running.ready satisfies ServerReady });
