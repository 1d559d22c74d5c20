import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Server } from '@hocuspocus/server';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { ApiClient, TestServer } from '../apps/server/src/test-support/harness.ts';
import { type Figure, medianOf, quantile } from './stats.ts';

export interface Target {
  url: string;
  name: string;
  token: string;
  stop: () => Promise<void>;
}

/**
 * Factmark's server (auth, the gate, storage in SQLite; `wrapStore` may wrap its store, to make it slow), rate limits
 * lifted: one user drives every client. The target is the demo document, with its owner's sync token.
 */
export async function factmark(wrapStore?: Parameters<TestServer['start']>[1]): Promise<Target> {
  const t = await new TestServer().start(
    { RATE_USER_PER_SECOND: '10000000', RATE_CONNECTION_PER_SECOND: '10000000' },
    wrapStore,
  );
  const owner = await new ApiClient(t.base).signUp('bench@desk.example', 'Bench', t.setupToken ?? undefined);
  const id = await owner.firstDocumentId();
  return {
    url: `${t.base.replace('http', 'ws')}/collab`,
    name: id,
    token: await owner.syncToken(id),
    stop: () => t.dispose(),
  };
}

/** The baseline: a bare Hocuspocus server, no authentication, validation or storage, seeded with the same article. */
async function bare(seed: Uint8Array): Promise<Target> {
  const server = new Server({
    quiet: true,
    async onLoadDocument({ document }) {
      Y.applyUpdate(document, seed);
    },
  });
  await server.listen(0);
  return { url: `ws://127.0.0.1:${server.address.port}`, name: 'bench', token: 'none', stop: () => server.destroy() };
}

export function connect(target: Target): Promise<{ doc: Y.Doc; provider: HocuspocusProvider }> {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({
    url: target.url,
    WebSocketPolyfill: WebSocket,
    maxAttempts: 1,
  });
  const provider = new HocuspocusProvider({ websocketProvider, name: target.name, document: doc, token: target.token });
  return new Promise((resolve) => {
    provider.on('synced', () => resolve({ doc, provider }));
    provider.attach();
  });
}

const paragraph = (doc: Y.Doc) => (doc.getXmlFragment('article').get(1) as Y.XmlElement).get(0) as Y.XmlText;

/** How long an edit may take to reach every client before the suite stops with an error (not waiting for ever). */
const ARRIVAL_DEADLINE_MS = 30_000;

/** `all`, or an error naming `what` when it has not settled within {@link ARRIVAL_DEADLINE_MS}. */
async function arrived(all: Promise<unknown>, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Sync: ${what} did not reach every client within ${ARRIVAL_DEADLINE_MS / 1000} s`)),
      ARRIVAL_DEADLINE_MS,
    );
  });
  try {
    await Promise.race([all, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Edit-to-visible latency at the other clients, and updates per second with everyone writing. */
async function measure(target: Target, clients: number, edits: number) {
  const peers = await Promise.all(Array.from({ length: clients + 1 }, () => connect(target)));
  const [writer, ...readers] = peers as [(typeof peers)[0], ...typeof peers];
  const latencies: number[] = [];
  for (let r = 0; r < edits; r++) {
    const marker = `<${r}:${Math.random().toString(36).slice(2, 8)}>`;
    const started = performance.now();
    const seen = readers.map(
      (p) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (paragraph(p.doc).toString().includes(marker)) {
              latencies.push(performance.now() - started);
              p.doc.off('update', check);
              resolve();
            }
          };
          p.doc.on('update', check);
        }),
    );
    paragraph(writer.doc).insert(0, marker);
    await arrived(Promise.all(seen), `edit ${r + 1} of ${edits}`);
  }
  // Throughput: every peer writes `burst` edits at once; time until every peer holds all of them.
  const burst = 20;
  const total = peers.length * burst;
  const started = performance.now();
  const done = peers.map(
    (p) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if ((paragraph(p.doc).toString().match(/\[t\]/g) ?? []).length >= total) {
            p.doc.off('update', check);
            resolve();
          }
        };
        p.doc.on('update', check);
      }),
  );
  for (const p of peers) for (let i = 0; i < burst; i++) paragraph(p.doc).insert(0, '[t]');
  await arrived(Promise.all(done), `the burst of ${total} edits`);
  const perSecond = total / ((performance.now() - started) / 1000);
  for (const p of peers) {
    p.provider.destroy();
    p.provider.configuration.websocketProvider.destroy();
  }
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), perSecond };
}

/** The document `target` serves, as one update (what the bare baseline is seeded with). */
export async function seedOf(target: Target): Promise<Uint8Array> {
  const c = await connect(target);
  const state = Y.encodeStateAsUpdate(c.doc);
  c.provider.destroy();
  c.provider.configuration.websocketProvider.destroy();
  return state;
}

/** The edit-to-visible latencies of one round: ours (`f`) and the baseline's (`b`). */
export interface LatencyRound {
  f: { p50: number; p99: number };
  b: { p50: number; p99: number };
}

/** How the rounds of a figure are told: "one round", or "median of n". */
export function roundsNote(count: number): string {
  return count === 1 ? 'one round' : `median of ${count}`;
}

/**
 * Edit-to-visible p50 and p99 over `runs` (one per round): each the median of its rounds next to the baseline's,
 * with both spreads, rounded by `round`; `p50Note` joins the p50's name, and `target` (≤ 1.2× the baseline at p99)
 * applies when asked.
 */
export function latencyFigures(
  suite: string,
  runs: readonly LatencyRound[],
  round: (n: number) => number,
  options: { p50Note?: string; target?: boolean } = {},
): Figure[] {
  const figure = (key: 'p50' | 'p99', note?: string): Figure => {
    const ours = medianOf(runs.map((r) => r.f[key]));
    const bare = medianOf(runs.map((r) => r.b[key]));
    const rounds = `${roundsNote(runs.length)}, spread ${round(ours.spread)} / ${round(bare.spread)} ms`;
    return {
      suite,
      name: `edit visible at the others, ${key} (${note ? `${note}; ` : ''}${rounds})`,
      value: round(ours.median),
      unit: 'ms',
      baseline: round(bare.median),
      ratio: round(ours.median / bare.median),
      ...(key === 'p99' && options.target ? { target: '≤ 1.2× baseline', pass: ours.median <= 1.2 * bare.median } : {}),
    };
  };
  return [figure('p50', options.p50Note), figure('p99')];
}

/** Rounds of each size (one with `--quick`), each on fresh servers, the baseline first. */
const ROUNDS = 3;

/**
 * Sync through the server on loopback, for 1, 10 and 50 receiving clients:
 * edit-to-visible latency and updates per second, next to a bare Hocuspocus
 * server measured the same way in the same run; each figure the median of
 * three rounds, with its spread.
 */
export async function benchSync(quick: boolean): Promise<Figure[]> {
  const figures: Figure[] = [];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  for (const clients of quick ? [1, 10] : [1, 10, 50]) {
    const runs: { f: Awaited<ReturnType<typeof measure>>; b: Awaited<ReturnType<typeof measure>> }[] = [];
    for (let r = 0; r < (quick ? 1 : ROUNDS); r++) {
      const ours = await factmark();
      const base = await bare(await seedOf(ours));
      // Edits one after another, each seen by every client. The clients of one edit wait together (behind the same
      // pause of the process, if any), so the p99 of 60 edits × 50 clients was the worst edit or two; 300 make it
      // the worst 1 % of the edits, as a p99 means.
      const edits = quick ? 40 : 300;
      const b = await measure(base, clients, edits);
      await base.stop();
      const f = await measure(ours, clients, edits);
      await ours.stop();
      runs.push({ f, b });
    }
    const perSecond = (side: 'f' | 'b') => medianOf(runs.map((x) => x[side].perSecond)).median;
    const suite = `sync, ${clients} client${clients === 1 ? '' : 's'}`;
    figures.push(...latencyFigures(suite, runs, round, { target: clients === 50 }), {
      suite,
      name: `updates per second, everyone writing (${roundsNote(runs.length)})`,
      value: Math.round(perSecond('f')),
      unit: '/s',
      baseline: Math.round(perSecond('b')),
      ratio: round(perSecond('f') / perSecond('b')),
    });
  }
  return figures;
}
