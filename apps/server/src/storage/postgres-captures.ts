/** The capture store on PostgreSQL (see capture-store.ts): several instances share the queue, each job claimed once. */
import type pg from 'pg';
import type { CaptureJob, CaptureStore, FetchRecord, Snapshot } from './capture-store.ts';
import { inTransaction } from './postgres-transaction.ts';

const JOB = 'seq::int AS seq, doc_id AS "documentId", source_id AS "sourceId", url, kind, attempts';
const FETCH = 'url, final_url AS "finalUrl", status, fetched_at AS "fetchedAt", hash';

/** {@link CaptureStore} on the PostgreSQL store's pool; a job is claimed with `FOR UPDATE SKIP LOCKED`. */
export class PostgresCaptures implements CaptureStore {
  constructor(private readonly pool: pg.Pool) {}

  async enqueue(job: Omit<CaptureJob, 'seq' | 'attempts'>, runAfter: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO capture_jobs (doc_id, source_id, url, kind, state, run_after)
       VALUES ($1, $2, $3, $4, 'pending', $5) ON CONFLICT DO NOTHING`,
      [job.documentId, job.sourceId, job.url, job.kind, runAfter],
    );
    return (rowCount ?? 0) > 0;
  }

  async expedite(job: Omit<CaptureJob, 'seq' | 'attempts'>, runAt: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE capture_jobs SET run_after = $1 WHERE doc_id = $2 AND source_id = $3 AND url = $4 AND kind = $5
       AND state = 'pending' AND run_after > $1`,
      [runAt, job.documentId, job.sourceId, job.url, job.kind],
    );
    return (rowCount ?? 0) > 0;
  }

  async claim(now: number, leaseMs: number): Promise<CaptureJob | null> {
    const { rows } = await this.pool.query<CaptureJob>(
      `UPDATE capture_jobs SET state = 'running', attempts = attempts + 1, lease_until = $2
       WHERE seq = (
         SELECT seq FROM capture_jobs
         WHERE (state = 'pending' AND run_after <= $1) OR (state = 'running' AND lease_until <= $1)
         ORDER BY run_after, seq LIMIT 1 FOR UPDATE SKIP LOCKED
       ) RETURNING ${JOB}`,
      [now, now + leaseMs],
    );
    return rows[0] ?? null;
  }

  async complete(seq: number): Promise<void> {
    await this.pool.query(`UPDATE capture_jobs SET state = 'done', error = '' WHERE seq = $1`, [seq]);
  }

  async retry(seq: number, runAfter: number, error: string): Promise<void> {
    await this.pool.query(`UPDATE capture_jobs SET state = 'pending', run_after = $1, error = $2 WHERE seq = $3`, [
      runAfter,
      error,
      seq,
    ]);
  }

  async fail(seq: number, error: string): Promise<void> {
    await this.pool.query(`UPDATE capture_jobs SET state = 'failed', error = $1 WHERE seq = $2`, [error, seq]);
  }

  async openJobs(documentId: string) {
    const { rows } = await this.pool.query<CaptureJob & { state: 'pending' | 'running'; runAfter: string }>(
      `SELECT ${JOB}, state, run_after AS "runAfter" FROM capture_jobs
       WHERE doc_id = $1 AND state IN ('pending', 'running') ORDER BY seq`,
      [documentId],
    );
    return rows.map((row) => ({ ...row, runAfter: Number(row.runAfter) }));
  }

  async nextDue(): Promise<number | null> {
    const { rows } = await this.pool.query<{ at: string | null }>(
      `SELECT MIN(CASE state WHEN 'pending' THEN run_after ELSE lease_until END) AS at
       FROM capture_jobs WHERE state IN ('pending', 'running')`,
    );
    return rows[0]?.at == null ? null : Number(rows[0].at);
  }

  async recordFetch(fetch: FetchRecord, snapshot: Snapshot | null): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      if (snapshot) {
        await c.query(
          `INSERT INTO snapshots (hash, content_type, title, byline, published, text, raw)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (hash) DO NOTHING`,
          [
            snapshot.hash,
            snapshot.contentType,
            snapshot.title,
            snapshot.byline,
            snapshot.published,
            snapshot.text,
            Buffer.from(snapshot.raw),
          ],
        );
      }
      await c.query('INSERT INTO fetches (url, final_url, status, fetched_at, hash) VALUES ($1, $2, $3, $4, $5)', [
        fetch.url,
        fetch.finalUrl,
        fetch.status,
        fetch.fetchedAt,
        fetch.hash,
      ]);
    });
  }

  async lastFetch(url: string, since: string): Promise<FetchRecord | null> {
    const { rows } = await this.pool.query<FetchRecord>(
      `SELECT ${FETCH} FROM fetches WHERE url = $1 AND fetched_at >= $2 ORDER BY seq DESC LIMIT 1`,
      [url, since],
    );
    return rows[0] ?? null;
  }

  async getSnapshot(hash: string): Promise<Snapshot | null> {
    const { rows } = await this.pool.query<Snapshot & { raw: Buffer }>(
      `SELECT hash, content_type AS "contentType", title, byline, published, text, raw FROM snapshots WHERE hash = $1`,
      [hash],
    );
    const row = rows[0];
    return row ? { ...row, raw: new Uint8Array(row.raw) } : null;
  }
}
