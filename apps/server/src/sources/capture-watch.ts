/**
 * The Hocuspocus extension that notices sources to capture: when a document
 * loads, and whenever its source library changes, every source whose URL has
 * no capture record yet (a new source, a changed URL) is queued, and the
 * records of sources removed from the library are dropped.
 */
import { readCaptures, sourceLibrary } from '@factmark/collab';
import type { Extension } from '@hocuspocus/server';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { CaptureRecords } from './capture-records.ts';
import { sourceUrlIn } from './capture-records.ts';
import type { CaptureWorker } from './capture-worker.ts';

/** Compare a document's sources with their records and queue what is missing. */
async function reconcile(
  documentId: string,
  doc: Y.Doc,
  worker: CaptureWorker,
  records: CaptureRecords,
): Promise<void> {
  const urls = new Map<string, string>();
  sourceLibrary(doc).forEach((_source, id) => {
    const url = sourceUrlIn(doc, id);
    if (url) urls.set(id, url);
  });
  const captured = readCaptures(doc);
  for (const [sourceId, url] of urls) {
    if (captured.get(sourceId)?.url !== url) await worker.capture(documentId, sourceId, url);
  }
  for (const sourceId of captured.keys()) {
    if (!urls.has(sourceId))
      await records.update(documentId, sourceId, (_record, url) => (url === null ? 'forget' : null));
  }
}

/** Watch every loaded document's source library for what to capture. */
export function captureWatch(worker: CaptureWorker, records: CaptureRecords, log: Logger): Extension {
  return {
    async afterLoadDocument({ documentName, document }) {
      let scheduled: NodeJS.Timeout | null = null;
      const run = () => {
        scheduled = null;
        reconcile(documentName, document, worker, records).catch((error: unknown) =>
          log.error({ err: error, documentName }, 'queueing source captures failed'),
        );
      };
      // Never inside a transaction or the document's loading: a moment later, once per burst of changes.
      const soon = () => {
        scheduled ??= setTimeout(run, 50);
      };
      sourceLibrary(document).observeDeep(soon);
      document.on('destroy', () => {
        if (scheduled) clearTimeout(scheduled);
      });
      soon();
    },
  };
}
