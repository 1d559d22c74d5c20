import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docFromUpdates } from '@factmark/collab';
import Database from 'better-sqlite3';
import pg from 'pg';
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

/** Updates written through the store one at a time and timed (the write latency's figures). */
const TIMED_WRITES = 5_000;

/** Append `rows` to document `id`'s updates in the SQLite file at `path`, in order, in one transaction. */
async function sqliteRows(path: string, id: string, rows: Uint8Array[]): Promise<void> {
  const db = new Database(path);
  const insert = db.prepare('INSERT INTO updates (doc_id, data) VALUES (?, ?)');
  db.transaction(() => {
    for (const row of rows) insert.run(id, Buffer.from(row));
  })();
  db.close();
}

/** Append `rows` to document `id`'s updates in PostgreSQL's `schema`, in order, 5,000 to a statement. */
async function postgresRows(url: string, schema: string, id: string, rows: Uint8Array[]): Promise<void> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    for (let i = 0; i < rows.length; i += 5_000) {
      const chunk = rows.slice(i, i + 5_000).map((row) => Buffer.from(row));
      await client.query(
        'INSERT INTO updates (doc_id, data) SELECT $1, data FROM unnest($2::bytea[]) WITH ORDINALITY AS r(data, n) ORDER BY n',
        [id, chunk],
      );
    }
  } finally {
    await client.end();
  }
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
  const stores: [
    string,
    () => Promise<BenchStore & { dropSchema?: (s: string) => Promise<void> }>,
    (id: string, rows: Uint8Array[]) => Promise<void>,
  ][] = [
    ['SQLite', async () => new SqliteStore(dir), (id, rows) => sqliteRows(join(dir, 'factmark.sqlite'), id, rows)],
    ['Postgres', async () => PostgresStore.open(url, schema), (id, rows) => postgresRows(url, schema, id, rows)],
  ];
  try {
    for (const [name, open, appendRows] of stores) {
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
      const next = (i: number) => {
        text.insert(text.length, i % 10 === 0 ? '\n' : 'x');
        return pending.splice(0)[0] as Uint8Array;
      };
      // The write latency: the first TIMED_WRITES updates through the store, one at a time, as a client's edits come.
      const writes: number[] = [];
      for (let i = 0; i < Math.min(TIMED_WRITES, updates); i++) {
        const u = next(i);
        const started = performance.now();
        await store.appendUpdate(id, u);
        writes.push(performance.now() - started);
      }
      // The rest only make the document to load: the same rows, in order, inserted in bulk (one at a time through
      // the store, each its own committed transaction, they took two and a half minutes of the run).
      const rest = Array.from({ length: updates - writes.length }, (_, k) => next(writes.length + k));
      await appendRows(id, rest);
      const stored = (await store.loadUpdates(id)).length;
      if (stored !== updates + 1) throw new Error(`${name} holds ${stored} updates, not ${updates + 1}`);
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
