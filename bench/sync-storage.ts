/**
 * Sync on slow storage: 50 clients on one document, 200 ms injected into every
 * write of the store, ten of them typing; Factmark's server against bare
 * Hocuspocus with its own database extension at the same latency. Each server
 * runs on a worker thread of its own (`sync-storage-server.ts`), the clients on
 * this one.
 */
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import { type Figure, medianOf, quantile } from './stats.ts';
import { connect, latencyFigures, roundsNote, seedOf, type Target } from './sync.ts';
import type { ServerReady, ServerRequest } from './sync-storage-server.ts';

/** Milliseconds every store write waits. */
const LATENCY = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long after every client has connected the typing starts. */
const SETTLE_MS = 1_000;

interface Measured {
  target: Target;
  /** Start times (performance.now() of this thread) of the store's writes. */
  writes: () => Promise<number[]>;
}

/**
 * A server of `sync-storage-server.ts` on a worker thread of its own: Factmark's (SQLite, every write of a document's
 * log `LATENCY` late) or the bare baseline serving `seed`.
 */
async function serverOnWorker(kind: ServerRequest['kind'], seed?: Uint8Array): Promise<Measured> {
  const request: ServerRequest = { kind, latency: LATENCY, ...(seed ? { seed } : {}) };
  const worker = new Worker(new URL('./sync-storage-worker.mjs', import.meta.url), { workerData: request });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(message[key] as T);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const ready = await next<ServerReady>('ready');
  return {
    target: {
      ...ready,
      stop: async () => {
        const stopped = next('stopped');
        worker.postMessage('stop');
        await stopped;
        await worker.terminate();
      },
    },
    writes: async () => {
      const writes = next<number[]>('writes');
      worker.postMessage('writes');
      // Times since 1970 on the worker; this thread's performance.now() runs from its own origin.
      return (await writes).map((at) => at - performance.timeOrigin);
    },
  };
}

const paragraph = (doc: Y.Doc) => (doc.getXmlFragment('article').get(1) as Y.XmlElement).get(0) as Y.XmlText;

/**
 * `clients` connect; `typists` of them type a key every 200 ms (five a second,
 * each) for `seconds`. Every key is timed from the typist's insertion to its
 * arrival at each other client (read from the update's own ids, so every key
 * counts once per receiver). Store writes are counted over the same time.
 */
async function measure(m: Measured, clients: number, typists: number, seconds: number) {
  const peers = await Promise.all(Array.from({ length: clients }, () => connect(m.target)));
  // People start typing a moment after their page opens (on Factmark's server, the claim of each page's client id,
  // made as its presence arrives, is stored by then): the figure is the typing, on both servers alike.
  await sleep(SETTLE_MS);
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  for (const p of peers) {
    p.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== p.provider) return;
      const now = performance.now();
      const meta = Y.parseUpdateMeta(update);
      for (const [client, from] of meta.from) {
        const to = meta.to.get(client) ?? from;
        for (let clock = from; clock < to; clock++) {
          const at = sent.get(`${client}:${clock}`);
          if (at !== undefined) latencies.push(now - at);
        }
      }
    });
  }
  const writesBefore = (await m.writes()).length;
  const started = performance.now();
  const typing = peers.slice(0, typists).map(async (p, i) => {
    await sleep((200 * i) / typists);
    for (let k = 0; k < seconds * 5; k++) {
      sent.set(`${p.doc.clientID}:${Y.getState(p.doc.store, p.doc.clientID)}`, performance.now());
      paragraph(p.doc).insert(0, 'x');
      await sleep(200);
    }
  });
  await Promise.all(typing);
  const expected = sent.size * (clients - 1);
  const deadline = performance.now() + 30_000;
  while (latencies.length < expected && performance.now() < deadline) await sleep(50);
  const elapsed = (performance.now() - started) / 1000;
  const writes = (await m.writes()).slice(writesBefore);
  const perWindow = new Map<number, number>();
  for (const at of writes) {
    const window = Math.floor((at - started) / 1000);
    perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
  }
  for (const p of peers) {
    p.provider.destroy();
    p.provider.configuration.websocketProvider.destroy();
  }
  return {
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    missing: expected - latencies.length,
    writesPerSecond: writes.length / elapsed,
    maxWritesPerSecond: Math.max(0, ...perWindow.values()),
    keysPerSecond: sent.size / elapsed,
  };
}

/** Three rounds (one with `--quick`), each on fresh servers, the baseline first. */
const ROUNDS = 3;

/**
 * 50 clients (10 with `--quick`), ten typing five keys a second each (three
 * with `--quick`), 200 ms on every store write: edit-to-visible at the others
 * and store writes per second, against bare Hocuspocus with its database
 * extension at the same latency, in the same run; each figure the median of
 * three rounds, with its spread.
 */
export async function benchSlowStorage(quick: boolean): Promise<Figure[]> {
  const clients = quick ? 10 : 50;
  const typists = quick ? 3 : 10;
  const seconds = quick ? 4 : 10;
  const runs: { f: Awaited<ReturnType<typeof measure>>; b: Awaited<ReturnType<typeof measure>> }[] = [];
  for (let round = 0; round < (quick ? 1 : ROUNDS); round++) {
    const ours = await serverOnWorker('factmark');
    const base = await serverOnWorker('bare', await seedOf(ours.target));
    const b = await measure(base, clients, typists, seconds);
    await base.target.stop();
    const f = await measure(ours, clients, typists, seconds);
    await ours.target.stop();
    if (f.missing > 0 || b.missing > 0)
      throw new Error(`Keys never arrived: ${f.missing} on Factmark's server, ${b.missing} on bare Hocuspocus`);
    runs.push({ f, b });
  }
  const suite = `sync, ${clients} clients, ${LATENCY} ms storage`;
  const round = (n: number) => Math.round(n * 10) / 10;
  const of = (side: 'f' | 'b', key: 'writesPerSecond' | 'keysPerSecond') => medianOf(runs.map((r) => r[side][key]));
  const typed = `${typists} typing, ${Math.round(of('f', 'keysPerSecond').median)} keys/s in all`;
  const rounds = roundsNote(runs.length);
  const busiest = Math.max(...runs.map((r) => r.f.maxWritesPerSecond));
  return [
    ...latencyFigures(suite, runs, round, { p50Note: typed, target: true }),
    {
      suite,
      name: `store writes per second, mean (baseline: its debounced whole-document stores; ${rounds})`,
      value: round(of('f', 'writesPerSecond').median),
      unit: '/s',
      baseline: round(of('b', 'writesPerSecond').median),
    },
    {
      suite,
      name: `store writes in the busiest second (of ${runs.length === 1 ? 'the round' : `all ${runs.length} rounds`})`,
      value: busiest,
      unit: '/s',
      baseline: Math.max(...runs.map((r) => r.b.maxWritesPerSecond)),
      target: `≤ ${Math.round(2000 / LATENCY)} (two a round trip)`,
      pass: busiest <= 2000 / LATENCY,
    },
  ];
}
