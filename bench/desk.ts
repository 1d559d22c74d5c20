/**
 * The desk across documents: "checked before" — the similarity lookup a claim's card makes — over 200 documents of
 * 50 judged claims each, on SQLite (FTS5 candidates, pg_trgm's similarity restated) and on PostgreSQL (full-text and
 * pg_trgm), through the server's own service (the staleness check, then the search), with the index up to date;
 * and My work's answer over as many documents (the server's own code, documents read once per version).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docFromUpdates, encodeNewArticle } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import * as Y from 'yjs';
import type { AccountStore } from '../apps/server/src/auth/account-store.ts';
import { CheckedBefore } from '../apps/server/src/documents/checked-before.ts';
import type { DocumentAccess } from '../apps/server/src/documents/document-access.ts';
import { MyWork } from '../apps/server/src/documents/my-work.ts';
import type { IndexedClaim } from '../apps/server/src/storage/claim-index-store.ts';
import { PostgresStore } from '../apps/server/src/storage/postgres-store.ts';
import { SqliteStore } from '../apps/server/src/storage/sqlite-store.ts';
import type { DocumentStore } from '../apps/server/src/storage/store.ts';
import { ALICE, DocBuilder } from '../packages/interop/src/test-support/builder.ts';
import { benchMyWorkPage } from './desk-page.ts';
import { type Figure, quantile, rng } from './stats.ts';

const SUBJECTS = ['More than', 'Nearly', 'About', 'Fewer than', 'At least', 'Over'];
const THINGS = ['soldiers', 'aircraft', 'warships', 'tanks', 'volunteers', 'reservists', 'drones', 'submarines'];
const ACTIONS = ['took part in', 'were sent to', 'joined', 'left', 'were counted at', 'returned from'];
const PLACES = [
  'the Kessel Sea exercises',
  'the northern border',
  'the capital parade',
  'the Meridan base',
  'the coastal drills',
  'the spring manoeuvres',
  'the island garrison',
];
const VERDICTS = ['True', 'Mostly true', 'Half true', 'Mostly false', 'False'];

/** A wire-copy claim, made of the vocabulary above by `next`. */
function statement(next: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  return `${pick(SUBJECTS)} ${(1 + Math.floor(next() * 90)) * 1000} ${pick(THINGS)} ${pick(ACTIONS)} ${pick(PLACES)}`;
}

async function measure(store: DocumentStore & AccountStore, quick: boolean, label: string): Promise<Figure[]> {
  const documents = quick ? 50 : 200;
  const perDocument = 50;
  const next = rng(7);
  const userId = 'bench-user';
  await store.createUser(
    { id: userId, email: 'bench@desk.example', name: 'Bench', isAdmin: false, createdAt: new Date().toISOString() },
    'x',
  );
  const initial = encodeNewArticle(articleFromText('Bench\n\nA document of the desk.'));
  const all: string[] = [];
  for (let d = 0; d < documents; d++) {
    const id = `benchdoc${String(d).padStart(4, '0')}`;
    const at = new Date().toISOString();
    await store.createDocument({ id, title: `Check ${d}`, createdAt: at, updatedAt: at }, initial);
    await store.setRole(id, userId, 'editor');
    const claims: IndexedClaim[] = Array.from({ length: perDocument }, (_, c) => {
      const text = statement(next);
      all.push(text);
      return {
        claimId: `c${c}`,
        statement: text,
        verdict: VERDICTS[c % VERDICTS.length] as string,
        checkedAt: at.slice(0, 10),
      };
    });
    await store.claimIndex.replace(id, at, claims);
  }
  const service = new CheckedBefore(store, () => {
    throw new Error('The index is up to date: nothing is read again');
  });
  const samples: number[] = [];
  let found = 0;
  const lookups = quick ? 100 : 300;
  for (let i = 0; i < lookups + 20; i++) {
    // A claim like one checked before: the same words, another number.
    const base = all[Math.floor(next() * all.length)] as string;
    const text = base.replace(/\d+000/, `${(1 + Math.floor(next() * 90)) * 1000}`);
    const start = performance.now();
    const result = await service.similar(userId, 'benchdoc-none', text);
    if (i >= 20) samples.push(performance.now() - start);
    if (result.length > 0) found++;
  }
  const suite = `desk, ${documents} documents × ${perDocument} claims`;
  const p99 = quantile(samples, 0.99);
  return [
    { suite, name: `checked before on ${label}: lookup p50`, value: round(quantile(samples, 0.5)), unit: 'ms' },
    {
      suite,
      name: `checked before on ${label}: lookup p99`,
      value: round(p99),
      unit: 'ms',
      target: '≤ 50 ms',
      pass: p99 <= 50,
    },
    {
      suite,
      name: `checked before on ${label}: lookups that found the claim's kin`,
      value: Math.round((found / (lookups + 20)) * 100),
      unit: '%',
    },
  ];
}

const round = (n: number) => Math.round(n * 10) / 10;

/** My work over `documents` documents of 50 claims each (assigned, unfinished, waiting for review): cold and warm. */
async function benchMyWork(quick: boolean): Promise<Figure[]> {
  const documents = quick ? 50 : 200;
  const b = new DocBuilder(
    Array.from({ length: 51 }, (_, i) => (i === 0 ? 'Bench' : `Claim number ${i} of the day.`)).join('\n\n'),
  );
  const me = { id: 'bench-user', name: 'Bench' };
  for (let i = 1; i <= 50; i++)
    b.annotate('claim', `Claim number ${i} of the day.`, {
      author: i % 2 ? me : ALICE,
      updatedBy: i % 2 ? me : ALICE,
      assignee: i % 3 ? me : null,
      ...(i % 5 === 0 ? { verdict: 'False', status: 'in_review' } : {}),
    });
  const state = Y.encodeStateAsUpdate(b.doc);
  // Each document as the server reads one it does not hold in memory: built from its stored state, let go after.
  const access = {
    read: async <T>(_id: string, reader: (doc: Y.Doc) => T) => {
      const doc = docFromUpdates([state]);
      try {
        return reader(doc);
      } finally {
        doc.destroy();
      }
    },
  } as unknown as DocumentAccess;
  const at = new Date().toISOString();
  const metas = Array.from({ length: documents }, (_, d) => ({
    id: `doc${d}`,
    title: `Check ${d}`,
    createdAt: at,
    updatedAt: at,
    role: 'editor' as const,
  }));
  const work = new MyWork(access);
  const coldStart = performance.now();
  const items = await work.of(me.id, metas);
  const cold = performance.now() - coldStart;
  const samples: number[] = [];
  for (let i = 0; i < (quick ? 30 : 100); i++) {
    const start = performance.now();
    await work.of(me.id, metas);
    samples.push(performance.now() - start);
  }
  const suite = `desk, ${documents} documents × 50 claims`;
  const p99 = quantile(samples, 0.99);
  return [
    { suite, name: `My work: rows for one person`, value: items.length, unit: 'rows' },
    { suite, name: 'My work: first answer after a start (every document read)', value: Math.round(cold), unit: 'ms' },
    {
      suite,
      name: 'My work: answer p99 (documents unchanged)',
      value: round(p99),
      unit: 'ms',
      target: '≤ 300 ms',
      pass: p99 <= 300,
    },
  ];
}

/** The desk suite: the similarity lookup on both databases, My work's answer, and its page in Chromium. */
export async function benchDesk(quick: boolean): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'factmark-bench-desk-'));
  const sqlite = new SqliteStore(dir);
  const figures = await measure(sqlite, quick, 'SQLite');
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `factmark_bench_desk_${process.pid}`;
  const pg = await PostgresStore.open(url, schema);
  try {
    figures.push(...(await measure(pg, quick, 'PostgreSQL')));
  } finally {
    await pg.dropSchema(schema);
    await pg.close();
  }
  figures.push(...(await benchMyWork(quick)));
  figures.push(...(await benchMyWorkPage(quick)));
  return figures;
}
