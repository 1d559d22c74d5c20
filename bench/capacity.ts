import { readFileSync } from 'node:fs';
import { articleFromText } from '@factmark/editor';
import { RawClient, syncProbe } from '../apps/server/src/test-support/raw-client.ts';
import { generatedParagraphs } from './article.ts';
import { startBenchServer } from './server.ts';
import { type Figure, quantile } from './stats.ts';

/** Resident memory of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function settle(pid: number): Promise<number> {
  // Let the server finish loading and the allocator settle, then take the lower of a few readings.
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 400));
    readings.push(rssMiB(pid));
  }
  return Math.min(...readings);
}

/** Open an authenticated, synced connection to document `id`. */
async function connect(url: string, id: string, token: string): Promise<RawClient> {
  const client = await RawClient.open(url);
  await client.auth(id, token);
  const before = client.syncReplies;
  client.send(syncProbe(id));
  if (!(await client.until(() => client.syncReplies > before, 30_000))) throw new Error('no sync answer');
  return client;
}

/**
 * How many connections and documents one server process holds on this machine: `docs` documents of about
 * 5,000 characters, `perDoc` authenticated, synced connections each (2,000 over 200 at full size), opened in
 * batches; then the sync round trip with all of them open, and memory per document and per connection
 * (resident memory of the server process before and after).
 */
export async function benchCapacity(quick: boolean): Promise<Figure[]> {
  const docs = quick ? 40 : 200;
  const perDoc = 10;
  const { server, admin } = await startBenchServer('capacity');
  const clients: RawClient[] = [];
  try {
    const ids: string[] = [];
    const text = generatedParagraphs(5_000, 3).join('\n\n');
    for (let i = 0; i < docs; i++) {
      const res = await admin.request('POST', '/api/documents', {
        article: articleFromText(`Document ${i}\n\n${text}`).toJSON(),
      });
      ids.push((res.body as { document: { id: string } }).document.id);
    }
    const tokens = await Promise.all(ids.map((id) => admin.syncToken(id)));
    const pid = server.pid as number;
    const ws = `${server.url.replace('http', 'ws')}/collab`;
    const idle = await settle(pid);

    // One connection per document: every document loaded.
    const t0 = performance.now();
    for (let start = 0; start < docs; start += 50) {
      const batch = ids.slice(start, start + 50).map((id, k) => connect(ws, id, tokens[start + k] as string));
      clients.push(...(await Promise.all(batch)));
    }
    const loaded = await settle(pid);
    // The other connections.
    const rest: [string, string][] = [];
    for (let round = 1; round < perDoc; round++) {
      for (const [k, id] of ids.entries()) rest.push([id, tokens[k] as string]);
    }
    for (let start = 0; start < rest.length; start += 100) {
      const batch = rest.slice(start, start + 100).map(([id, token]) => connect(ws, id, token));
      clients.push(...(await Promise.all(batch)));
    }
    const openSeconds = (performance.now() - t0) / 1000;
    const full = await settle(pid);
    const held = clients.filter((c) => c.open && c.isAuthenticated).length;

    // Round trips with everyone connected: a sync probe from 100 clients spread over the documents.
    const rtts: number[] = [];
    for (let i = 0; i < clients.length; i += Math.max(1, Math.floor(clients.length / 100))) {
      const c = clients[i] as RawClient;
      const id = ids[i % docs] as string;
      const before = c.syncReplies;
      const t = performance.now();
      c.send(syncProbe(id));
      await c.until(() => c.syncReplies > before, 10_000);
      rtts.push(performance.now() - t);
    }
    const round = (n: number, d = 2) => Number(n.toFixed(d));
    const suite = 'capacity';
    const connections = docs * perDoc;
    return [
      {
        suite,
        name: `connections held (${docs} documents × ${perDoc})`,
        value: held,
        unit: '',
        target: quick ? undefined : '2,000 over 200 documents',
        pass: quick ? undefined : held >= 2_000,
      },
      { suite, name: 'time to open them all', value: round(openSeconds, 1), unit: 's' },
      { suite, name: 'sync round trip with all open, p50', value: round(quantile(rtts, 0.5)), unit: 'ms' },
      { suite, name: 'sync round trip with all open, p99', value: round(quantile(rtts, 0.99)), unit: 'ms' },
      { suite, name: 'server memory, idle', value: round(idle, 0), unit: 'MiB' },
      { suite, name: `server memory, ${connections} connections`, value: round(full, 0), unit: 'MiB' },
      {
        suite,
        name: 'memory per loaded document (5,000 characters)',
        value: round(((loaded - idle) * 1024) / docs, 0),
        unit: 'KiB',
      },
      {
        suite,
        name: 'memory per connection',
        value: round(((full - loaded) * 1024) / (connections - docs), 0),
        unit: 'KiB',
      },
    ];
  } finally {
    for (const c of clients) c.close();
    await server.kill('SIGTERM');
  }
}
