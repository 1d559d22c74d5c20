/**
 * The update writer's thread (see `sqlite-update-writer.ts`): its own connection to the store's database file, as
 * durable as the store's (WAL, full sync), a busy timeout for the moments the store's connection writes, and each
 * update's transaction run in the order the updates came.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './sqlite-connection.ts';
import { SqliteUpdateLog } from './sqlite-update-log.ts';
import type { WriterAnswer, WriterRequest } from './sqlite-update-writer.ts';

const port = parentPort;
if (!port) throw new Error('sqlite-update-writer-thread.ts runs on a worker thread');
const db = openConnection((workerData as { path: string }).path);
const log = new SqliteUpdateLog(db);

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    db.close();
    // On a worker thread this ends the thread, not the process: whatever else the thread holds (tsx's loader) goes too.
    process.exit(0);
  }
  let answer: WriterAnswer;
  try {
    const { documentId, update, alongside, email, now } = request;
    answer = { seq: request.seq, queued: log.append(documentId, update, alongside, email, now) };
  } catch (error) {
    const { message, code } = error as Error & { code?: unknown };
    answer = { seq: request.seq, error: { message, ...(typeof code === 'string' ? { code } : {}) } };
  }
  port.postMessage(answer);
});
