import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docFromUpdates } from '@factmark/collab';
import * as Y from 'yjs';
import { type Figure, quantile } from './stats.ts';

/** The parts of a store this suite uses (both stores of @factmark/server have them). */
interface BenchStore {
  createDocument(
    meta: { id: string; title: string; createdAt: string; updatedAt: string },
    update: Uint8Array,
  ): Promise<void>;
  appendUpdate(id: string, update: Uint8Array): Promise<void>;
  loadUpdates(id: string): Promise<Uint8Array[]>;
  compact(id: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Storage: write latency of one update, and the time to load a document with
 * N stored updates before and after compaction, on SQLite and on PostgreSQL
 * (127.0.0.1:5432/test, or TEST_DATABASE_URL).
 */
export async function benchStorage(quick: boolean): Promise<Figure[]> {
  const { SqliteStore } = await import('../apps/server/src/storage/sqlite-store.ts');
  const { PostgresStore } = await import('../apps/server/src/storage/postgres-store.ts');
  const updates = quick ? 5_000 : 100_000;
  const figures: Figure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'factmark-bench-'));
  const schema = `factmark_bench_${randomBytes(4).toString('hex')}`;
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const stores: [string, () => Promise<BenchStore & { dropSchema?: (s: string) => Promise<void> }>][] = [
    ['SQLite', async () => new SqliteStore(dir)],
    ['Postgres', async () => PostgresStore.open(url, schema)],
  ];
  try {
    for (const [name, open] of stores) {
      const store = await open();
      const id = 'benchdocument';
      const doc = new Y.Doc();
      const text = doc.getText('t');
      const pending: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => pending.push(u));
      text.insert(0, 'start');
      await store.createDocument(
        { id, title: 'Bench', createdAt: '', updatedAt: '' },
        pending.splice(0)[0] as Uint8Array,
      );
      const writes: number[] = [];
      for (let i = 0; i < updates; i++) {
        text.insert(text.length, i % 10 === 0 ? '\n' : 'x');
        const u = pending.splice(0)[0] as Uint8Array;
        const started = performance.now();
        await store.appendUpdate(id, u);
        writes.push(performance.now() - started);
      }
      const load = async () => {
        const started = performance.now();
        // As the server loads a document: every stored update applied in one transaction.
        docFromUpdates(await store.loadUpdates(id));
        return performance.now() - started;
      };
      const before = await load();
      const compaction = await (async () => {
        const started = performance.now();
        await store.compact(id);
        return performance.now() - started;
      })();
      const after = await load();
      const f = (figure: string, value: number, extra: Partial<Figure> = {}): Figure => ({
        suite: `storage (${name})`,
        name: figure,
        value: Math.round(value * 1000) / 1000,
        unit: 'ms',
        ...extra,
      });
      figures.push(
        f('write one update, p50', quantile(writes, 0.5)),
        f('write one update, p99', quantile(writes, 0.99)),
        f(`load a document with ${updates} updates`, before),
        f(`compact ${updates} updates`, compaction),
        {
          ...f('load it after compaction', after, { target: '≤ 200 ms', pass: after <= 200 }),
          baseline: Math.round(before * 1000) / 1000,
          ratio: Math.round((after / before) * 1000) / 1000,
        },
      );
      if (store.dropSchema) await store.dropSchema(schema);
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
