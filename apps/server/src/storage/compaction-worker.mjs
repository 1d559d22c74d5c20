/**
 * The compaction worker's thread (see merge-off-thread.ts): one document's stored updates merged into one, the
 * whole document built with garbage collection off (deleted content is kept, as versions and history read it)
 * and encoded, then posted back. Plain JavaScript: a worker's entry module is not loaded through tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';

const doc = new Y.Doc({ gc: false });
doc.transact(() => {
  for (const update of workerData) Y.applyUpdate(doc, update);
});
const merged = Y.encodeStateAsUpdate(doc);
parentPort.postMessage(merged, [merged.buffer]);
