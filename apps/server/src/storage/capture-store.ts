/** The capture store's contract: the durable queue of source captures, the fetches made and the snapshots by hash. */
import type { SnapshotText } from '@factmark/api';

/** What a job does: the first capture of a source's URL, or a later check of its health. */
export type CaptureKind = 'capture' | 'recheck';

/** A capture job the worker holds. */
export interface CaptureJob {
  seq: number;
  documentId: string;
  sourceId: string;
  url: string;
  kind: CaptureKind;
  /** Runs so far, this one included. */
  attempts: number;
}

/**
 * What a page said when it was fetched, stored once per content hash: what the snapshot route answers
 * (@factmark/api's SnapshotText: hash, type, title, byline, date, text) and the bytes received (at most
 * SOURCE_MAX_BYTES) in place of their count.
 */
export interface Snapshot extends Omit<SnapshotText, 'bytes'> {
  raw: Uint8Array;
}

/** One fetch of a URL: where it ended, what it answered, when, and the snapshot it produced (null when none). */
export interface FetchRecord {
  url: string;
  finalUrl: string;
  status: number;
  fetchedAt: string;
  hash: string | null;
}

/**
 * Persistence for source capture, in the document store's database: jobs
 * survive a crash (a job whose worker died is claimed again when its lease
 * ends), snapshots are kept once per content hash, and every fetch is
 * recorded so a URL fetched a moment ago is not fetched again.
 */
export interface CaptureStore {
  /** Queue a job to run from `runAfter` (ms since the epoch); false when the same job is already queued or running. */
  enqueue(job: Omit<CaptureJob, 'seq' | 'attempts'>, runAfter: number): Promise<boolean>;
  /** Bring the same job, when queued for later, forward to `runAt`; false when there is none to bring forward. */
  expedite(job: Omit<CaptureJob, 'seq' | 'attempts'>, runAt: number): Promise<boolean>;
  /** Take the oldest due job (or one whose lease ended), leased until `now + leaseMs`; null when none is due. */
  claim(now: number, leaseMs: number): Promise<CaptureJob | null>;
  /** The job is done. */
  complete(seq: number): Promise<void>;
  /** The job failed this time: queue it again from `runAfter`, keeping the reason. */
  retry(seq: number, runAfter: number, error: string): Promise<void>;
  /** The job failed for good, with the reason. */
  fail(seq: number, error: string): Promise<void>;
  /** The jobs of a document not yet done or failed, oldest first. */
  openJobs(documentId: string): Promise<(CaptureJob & { state: 'pending' | 'running'; runAfter: number })[]>;
  /** When the next job falls due (ms since the epoch), or null when none is queued. */
  nextDue(): Promise<number | null>;
  /** Record a fetch and the snapshot it produced (kept once per hash), in one transaction. */
  recordFetch(fetch: FetchRecord, snapshot: Snapshot | null): Promise<void>;
  /** The latest fetch of `url` made at or after `since` (ISO time), or null. */
  lastFetch(url: string, since: string): Promise<FetchRecord | null>;
  /** The snapshot with this hash, or null. */
  getSnapshot(hash: string): Promise<Snapshot | null>;
}
