/**
 * The capture worker: takes jobs from the durable queue (several instances
 * may share it), captures or re-checks the source, stores the fetch and its
 * snapshot, and records the outcome on the source. A failure a later try may
 * cure is retried with growing delays; a URL fetched a moment ago is not
 * fetched again (a job taken over after a crash reuses what was stored).
 */
import { type CaptureRecord, capturingRecord } from '@factmark/collab';
import type { Logger } from 'pino';
import { QueuePump } from '../queue-pump.ts';
import type { CaptureJob, CaptureKind, CaptureStore, Snapshot } from '../storage/capture-store.ts';
import { type ArchiveSettings, archiveEverywhere } from './archives.ts';
import { type Captured, capturePage, type PageCapture } from './capture.ts';
import type { CaptureRecords } from './capture-records.ts';
import { judgeHealth, snapshotInfo } from './link-health.ts';
import type { FetchLimits } from './safe-fetch.ts';

/** How the worker runs. */
export interface CaptureWorkerOptions {
  store: CaptureStore;
  records: CaptureRecords;
  limits: FetchLimits;
  archives: ArchiveSettings;
  /** Hours between health checks of a captured source; 0: none scheduled. */
  recheckHours: number;
  log: Logger;
  /** First retry delay (doubled fourfold each time, at most an hour) and the most runs of a job. */
  retry?: { baseMs: number; maxAttempts: number };
  /** A fetch of the same URL this recent is reused by a new capture instead of fetching again. */
  reuseMs?: number;
  /** Jobs run at once. */
  concurrency?: number;
}

const HOUR = 3_600_000;

/** Runs capture jobs until stopped. */
export class CaptureWorker {
  private readonly retry: { baseMs: number; maxAttempts: number };
  private readonly pump: QueuePump<CaptureJob>;

  constructor(private readonly options: CaptureWorkerOptions) {
    this.retry = options.retry ?? { baseMs: 30_000, maxAttempts: 5 };
    const wayback = options.archives.wayback;
    // Long enough for a fetch, its extraction and the archives; a job whose worker died is taken again after it.
    const leaseMs = 2 * options.limits.timeoutMs + 2_000 + (wayback ? wayback.pollMs * wayback.maxPolls : 0);
    const { store } = options;
    this.pump = new QueuePump(
      { claim: (now) => store.claim(now, leaseMs), run: (job) => this.run(job), nextDue: () => store.nextDue() },
      options.log,
      'capture',
      options.concurrency ?? 2,
    );
  }

  /** Start taking jobs (those left by a previous run included). */
  start(): void {
    this.pump.start();
  }

  /** Stop taking jobs and wait for the running ones. */
  stop(): Promise<void> {
    return this.pump.stop();
  }

  /** Queue the capture of `url` for a source (shown as capturing at once) and run it soon. */
  async capture(documentId: string, sourceId: string, url: string): Promise<void> {
    await this.options.store.enqueue({ documentId, sourceId, url, kind: 'capture' }, Date.now());
    await this.options.records.update(documentId, sourceId, (record, now) =>
      now === url && record?.url !== url ? capturingRecord(url, new Date()) : null,
    );
    this.wake();
  }

  /** Queue a health check of a captured source now (shown as checking until done). */
  async recheck(documentId: string, sourceId: string, url: string): Promise<void> {
    const job = { documentId, sourceId, url, kind: 'recheck' as const };
    if (!(await this.options.store.enqueue(job, Date.now()))) await this.options.store.expedite(job, Date.now());
    await this.options.records.update(documentId, sourceId, (record) =>
      record && record.url === url && !record.checking ? { ...record, checking: true } : null,
    );
    this.wake();
  }

  /** Look for due jobs now. */
  wake(): void {
    this.pump.wake();
  }

  private async run(job: CaptureJob): Promise<void> {
    try {
      const url = await this.options.records.sourceUrl(job.documentId, job.sourceId);
      if (url !== job.url) {
        // The source is gone or points elsewhere now: its new URL has a job of its own.
        await this.options.store.complete(job.seq);
        return;
      }
      if (job.kind === 'capture') await this.runCapture(job);
      else await this.runRecheck(job);
    } catch (error) {
      this.options.log.error({ err: error, job }, 'capture job failed');
      await this.options.store
        .retry(job.seq, Date.now() + this.delay(job.attempts), (error as Error).message)
        .catch(() => {});
    }
  }

  private delay(attempts: number): number {
    return Math.min(HOUR, this.retry.baseMs * 4 ** (attempts - 1));
  }

  /** Fetch `url` unless a capture made a moment ago can be reused; the fetch and its snapshot are stored. */
  private async fetch(url: string, reuse: boolean): Promise<PageCapture> {
    const { store } = this.options;
    if (reuse) {
      const since = new Date(Date.now() - (this.options.reuseMs ?? 10 * 60_000)).toISOString();
      const recent = await store.lastFetch(url, since);
      const snapshot: Snapshot | null = recent?.hash ? await store.getSnapshot(recent.hash) : null;
      if (recent?.hash && snapshot) return { ok: true, fetch: { ...recent, hash: recent.hash }, snapshot, urls: [url] };
    }
    const outcome = await capturePage(url, this.options.limits);
    if (outcome.ok) await store.recordFetch(outcome.fetch, outcome.snapshot);
    else if (outcome.fetch) await store.recordFetch(outcome.fetch, null);
    return outcome;
  }

  /** True when the job should run again later; the reason is kept on the job. */
  private async retried(job: CaptureJob, outcome: PageCapture): Promise<boolean> {
    if (outcome.ok || !outcome.transient || job.attempts >= this.retry.maxAttempts) return false;
    await this.options.store.retry(job.seq, Date.now() + this.delay(job.attempts), outcome.reason);
    return true;
  }

  private async runCapture(job: CaptureJob): Promise<void> {
    const outcome = await this.fetch(job.url, true);
    const retrying = await this.retried(job, outcome);
    await this.write(job, (record) => {
      const base = record ?? capturingRecord(job.url, new Date());
      if (outcome.ok) return { ...base, state: 'captured', error: '', capture: snapshotInfo(outcome) };
      const later = retrying ? ' Trying again later.' : '';
      return { ...base, state: retrying ? 'capturing' : 'failed', error: `${outcome.reason}.${later}` };
    });
    if (retrying) return;
    if (!outcome.ok) {
      await this.options.store.fail(job.seq, outcome.reason);
      return;
    }
    await this.archive(job, outcome);
    await this.options.store.complete(job.seq);
    await this.schedule(job, 'recheck');
  }

  private async archive(job: CaptureJob, captured: Captured): Promise<void> {
    const { copies, failures } = await archiveEverywhere(captured.fetch.finalUrl, this.options.archives);
    for (const failure of failures) this.options.log.warn({ url: job.url, failure }, 'archive failed');
    if (copies.length > 0) await this.write(job, (record) => (record ? { ...record, archives: copies } : null));
  }

  private async runRecheck(job: CaptureJob): Promise<void> {
    const capture = (await this.currentRecord(job))?.capture;
    if (!capture) {
      await this.options.store.complete(job.seq);
      return;
    }
    const outcome = await this.fetch(job.url, false);
    if (await this.retried(job, outcome)) return;
    let sameText = false;
    if (outcome.ok && outcome.snapshot.hash !== capture.hash) {
      const before = await this.options.store.getSnapshot(capture.hash);
      sameText = before?.text === outcome.snapshot.text;
    }
    const judged = judgeHealth(capture, outcome, sameText);
    const checkedAt = new Date().toISOString();
    await this.write(job, (record) =>
      record ? { ...record, checking: false, check: { ...judged, checkedAt } } : null,
    );
    await this.options.store.complete(job.seq);
    await this.schedule(job, 'recheck');
  }

  private async currentRecord(job: CaptureJob): Promise<CaptureRecord | null> {
    let current: CaptureRecord | null = null;
    await this.options.records.update(job.documentId, job.sourceId, (record) => {
      current = record;
      return null;
    });
    return current;
  }

  /** Write the record of the job's source, when the source still has the job's URL. */
  private write(job: CaptureJob, change: (record: CaptureRecord | null) => CaptureRecord | null): Promise<void> {
    return this.options.records.update(job.documentId, job.sourceId, (record, url) =>
      url === job.url && (record === null || record.url === job.url) ? change(record) : null,
    );
  }

  private async schedule(job: CaptureJob, kind: CaptureKind): Promise<void> {
    if (this.options.recheckHours <= 0) return;
    const at = Date.now() + this.options.recheckHours * HOUR;
    await this.options.store.enqueue({ documentId: job.documentId, sourceId: job.sourceId, url: job.url, kind }, at);
  }
}
