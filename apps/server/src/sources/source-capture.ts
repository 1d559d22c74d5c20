/**
 * Source capture assembled for the server: the records written into
 * documents, the worker on the store's queue and the extension that notices
 * sources to capture. Off (null) with SOURCE_CAPTURE=off.
 */
import type { Extension, Hocuspocus } from '@hocuspocus/server';
import type { Logger } from 'pino';
import type { SourceSettings } from '../config.ts';
import type { DocumentStore, UpdateRecords } from '../storage/store.ts';
import { fetchLimits } from './capture.ts';
import { LiveCaptureRecords } from './capture-records.ts';
import { captureWatch } from './capture-watch.ts';
import { CaptureWorker } from './capture-worker.ts';

/** Capture on a running server. */
export interface SourceCapture {
  worker: CaptureWorker;
  extension: Extension;
}

/** What the assembly needs. */
export interface SourceCaptureOptions {
  settings: SourceSettings;
  store: DocumentStore;
  log: Logger;
  /** Store an update before it is applied (the persistence extension's). */
  persist: (documentId: string, update: Uint8Array, alongside: UpdateRecords) => Promise<void>;
  /** The sync server, once it exists. */
  hocuspocus: () => Hocuspocus;
}

/** Assemble capture, or null when SOURCE_CAPTURE is off. The worker starts with {@link CaptureWorker.start}. */
export function sourceCapture({
  settings,
  store,
  log,
  persist,
  hocuspocus,
}: SourceCaptureOptions): SourceCapture | null {
  if (!settings.capture) return null;
  const records = new LiveCaptureRecords(hocuspocus, store, persist);
  const worker = new CaptureWorker({
    store: store.captures,
    records,
    limits: fetchLimits(settings),
    archives: settings.archives,
    recheckHours: settings.recheckHours,
    log,
  });
  return { worker, extension: captureWatch(worker, records, log) };
}
