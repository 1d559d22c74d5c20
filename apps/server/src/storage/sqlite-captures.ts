/** The capture store on SQLite (see capture-store.ts): the job queue, fetches and snapshots in the store's database. */
import type Database from 'better-sqlite3';
import type { CaptureJob, CaptureStore, FetchRecord, Snapshot } from './capture-store.ts';

const JOB = 'seq, doc_id AS documentId, source_id AS sourceId, url, kind, attempts';
const FETCH = 'url, final_url AS finalUrl, status, fetched_at AS fetchedAt, hash';

/** {@link CaptureStore} on the SQLite store's connection (synchronous statements, so every call is atomic). */
export class SqliteCaptures implements CaptureStore {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      enqueue: db.prepare(
        `INSERT INTO capture_jobs (doc_id, source_id, url, kind, state, run_after)
         VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`,
      ),
      expedite: db.prepare(
        `UPDATE capture_jobs SET run_after = ? WHERE doc_id = ? AND source_id = ? AND url = ? AND kind = ?
         AND state = 'pending' AND run_after > ?`,
      ),
      due: db.prepare(
        `SELECT seq FROM capture_jobs WHERE (state = 'pending' AND run_after <= ?) OR (state = 'running' AND lease_until <= ?)
         ORDER BY run_after, seq LIMIT 1`,
      ),
      lease: db.prepare(
        `UPDATE capture_jobs SET state = 'running', attempts = attempts + 1, lease_until = ? WHERE seq = ? RETURNING ${JOB}`,
      ),
      complete: db.prepare(`UPDATE capture_jobs SET state = 'done', error = '' WHERE seq = ?`),
      retry: db.prepare(`UPDATE capture_jobs SET state = 'pending', run_after = ?, error = ? WHERE seq = ?`),
      fail: db.prepare(`UPDATE capture_jobs SET state = 'failed', error = ? WHERE seq = ?`),
      open: db.prepare(
        `SELECT ${JOB}, state, run_after AS runAfter FROM capture_jobs
         WHERE doc_id = ? AND state IN ('pending', 'running') ORDER BY seq`,
      ),
      nextDue: db.prepare(
        `SELECT MIN(CASE state WHEN 'pending' THEN run_after ELSE lease_until END) AS at
         FROM capture_jobs WHERE state IN ('pending', 'running')`,
      ),
      putSnapshot: db.prepare(
        `INSERT INTO snapshots (hash, content_type, title, byline, published, text, raw)
         VALUES (@hash, @contentType, @title, @byline, @published, @text, @raw) ON CONFLICT (hash) DO NOTHING`,
      ),
      putFetch: db.prepare(
        'INSERT INTO fetches (url, final_url, status, fetched_at, hash) VALUES (@url, @finalUrl, @status, @fetchedAt, @hash)',
      ),
      lastFetch: db.prepare(`SELECT ${FETCH} FROM fetches WHERE url = ? AND fetched_at >= ? ORDER BY seq DESC LIMIT 1`),
      snapshot: db.prepare(
        `SELECT hash, content_type AS contentType, title, byline, published, text, raw FROM snapshots WHERE hash = ?`,
      ),
    };
  }

  async enqueue(job: Omit<CaptureJob, 'seq' | 'attempts'>, runAfter: number): Promise<boolean> {
    return this.stmts.enqueue.run(job.documentId, job.sourceId, job.url, job.kind, runAfter).changes > 0;
  }

  async expedite(job: Omit<CaptureJob, 'seq' | 'attempts'>, runAt: number): Promise<boolean> {
    return this.stmts.expedite.run(runAt, job.documentId, job.sourceId, job.url, job.kind, runAt).changes > 0;
  }

  async claim(now: number, leaseMs: number): Promise<CaptureJob | null> {
    return this.db
      .transaction(() => {
        const due = this.stmts.due.get(now, now) as { seq: number } | undefined;
        return due ? (this.stmts.lease.get(now + leaseMs, due.seq) as CaptureJob) : null;
      })
      .immediate();
  }

  async complete(seq: number): Promise<void> {
    this.stmts.complete.run(seq);
  }

  async retry(seq: number, runAfter: number, error: string): Promise<void> {
    this.stmts.retry.run(runAfter, error, seq);
  }

  async fail(seq: number, error: string): Promise<void> {
    this.stmts.fail.run(error, seq);
  }

  async openJobs(documentId: string) {
    return this.stmts.open.all(documentId) as (CaptureJob & { state: 'pending' | 'running'; runAfter: number })[];
  }

  async nextDue(): Promise<number | null> {
    return (this.stmts.nextDue.get() as { at: number | null }).at;
  }

  async recordFetch(fetch: FetchRecord, snapshot: Snapshot | null): Promise<void> {
    this.db
      .transaction(() => {
        if (snapshot) this.stmts.putSnapshot.run({ ...snapshot, raw: Buffer.from(snapshot.raw) });
        this.stmts.putFetch.run(fetch);
      })
      .immediate();
  }

  async lastFetch(url: string, since: string): Promise<FetchRecord | null> {
    return (this.stmts.lastFetch.get(url, since) as FetchRecord | undefined) ?? null;
  }

  async getSnapshot(hash: string): Promise<Snapshot | null> {
    const row = this.stmts.snapshot.get(hash) as (Snapshot & { raw: Buffer }) | undefined;
    return row ? { ...row, raw: new Uint8Array(row.raw) } : null;
  }
}
