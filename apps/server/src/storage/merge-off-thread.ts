/**
 * Merging a document's stored updates into one for compaction, on a worker thread of its own
 * (`compaction-worker.mjs`): the merge builds the whole document, which at 5,000 annotations holds a thread for
 * half a second or more — on the server's main thread, every document's edits would wait for it.
 */
import { Worker } from 'node:worker_threads';

const WORKER = new URL('./compaction-worker.mjs', import.meta.url);

/** `updates` merged into one update (deleted content kept), computed off the main thread. */
export function mergeOffThread(updates: readonly Uint8Array[]): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: updates });
    worker.once('message', (merged: Uint8Array) => resolve(merged));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The compaction worker stopped with code ${code}`));
    });
  });
}
