/**
 * Every accepted update is stored on a thread of its own: a SQLite connection on a worker thread
 * (`sqlite-update-writer-thread.ts`) runs the update's transaction and its full sync to disk, and the server's
 * main thread, where every document's messages are relayed, only posts the update and hears back. better-sqlite3 is
 * synchronous: on the main thread each commit held every document's edits for as long as the disk took to sync
 * (≈ 0.4 ms on this machine's disk, milliseconds on a network disk).
 *
 * The updates are written in the order they were given (one thread, one queue), each durable when its promise
 * resolves. If the thread stops, what it had not answered is refused and the next update starts a new one.
 */
import { Worker } from 'node:worker_threads';
import { DocumentGone, type UpdateRecords } from './store.ts';

const ENTRY = new URL('./sqlite-update-writer-worker.mjs', import.meta.url);

/** What the main thread asks of the writer's thread. */
export type WriterRequest =
  | {
      kind: 'append';
      seq: number;
      documentId: string;
      update: Uint8Array;
      alongside: UpdateRecords;
      email: boolean;
      /** When the update was given, on the main thread's clock (ms). */
      now: number;
    }
  | { kind: 'close' };

/** What the writer's thread answers to an append: how many webhook deliveries it queued, or why it could not. */
export type WriterAnswer = { seq: number; queued: number } | { seq: number; error: { message: string; code?: string } };

/** An error the writer's thread answered with, as SQLite gave it (`code`: SQLITE_CONSTRAINT_FOREIGNKEY, …). */
export class StoreWriteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'StoreWriteError';
  }
}

/** The error the thread answered with, as the main thread's class: a document deleted meanwhile is {@link DocumentGone}. */
function answerError(documentId: string, error: { message: string; code?: string }): Error {
  if (error.code === DocumentGone.code) return new DocumentGone(documentId);
  return new StoreWriteError(error.message, error.code);
}

/**
 * The writer's thread for the database file `path`: started at once (loading it takes a few tenths of a second, which
 * the first update should not wait for), again after it stopped, kept until {@link close}.
 */
export class SqliteUpdateWriter {
  private worker: Worker | null = null;
  private readonly waiting = new Map<
    number,
    { documentId: string; resolve: (queued: number) => void; reject: (e: Error) => void }
  >();
  private seq = 0;
  private closed = false;

  constructor(private readonly path: string) {
    this.thread();
  }

  /**
   * Store `update` with `alongside` (see `SqliteUpdateLog.append`): resolves once it is on disk, with how many webhook
   * deliveries it queued.
   */
  append(documentId: string, update: Uint8Array, alongside: UpdateRecords, email: boolean): Promise<number> {
    if (this.closed) return Promise.reject(new StoreWriteError('The store is closed'));
    const seq = ++this.seq;
    const answered = new Promise<number>((resolve, reject) => this.waiting.set(seq, { documentId, resolve, reject }));
    const request: WriterRequest = { kind: 'append', seq, documentId, update, alongside, email, now: Date.now() };
    const worker = this.thread();
    worker.postMessage(request);
    worker.ref();
    return answered;
  }

  /** Write what was given, then stop the thread. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Waited for: it keeps the process alive until it has written what it was given and stopped.
    worker.ref();
    // It closes its connection itself, then stops: a thread stopped from outside would leave its connection's locks
    // on the file held until the process ends.
    worker.postMessage({ kind: 'close' } satisfies WriterRequest);
    await exited;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(ENTRY, { workerData: { path: this.path } });
    // Only while something waits for it does the thread keep the process alive.
    worker.unref();
    worker.on('message', (answer: WriterAnswer) => {
      const waiter = this.waiting.get(answer.seq);
      if (!waiter) return;
      this.waiting.delete(answer.seq);
      if (this.waiting.size === 0) worker.unref();
      if ('error' in answer) waiter.reject(answerError(waiter.documentId, answer.error));
      else waiter.resolve(answer.queued);
    });
    const stopped = (error: Error) => {
      if (this.worker === worker) {
        this.worker = null;
      }
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (error) => stopped(error));
    worker.on('exit', (code) => stopped(new StoreWriteError(`The store's writer stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
