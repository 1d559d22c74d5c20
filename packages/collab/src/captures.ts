/**
 * What the server found when it fetched each source: one record per source id
 * in the `captures` map, written by the server alone (the gate refuses every
 * client's write there). A record is replaced whole, never edited in place.
 */
import type * as Y from 'yjs';
import * as z from 'zod/mini';
import { captureRecords } from './layout.ts';
import { onFirstUse, schemaOnFirstUse } from './on-first-use.ts';

/** The schemas of this file, built together on their first use (`on-first-use.ts`). */
const schemas = onFirstUse(() => {
  const iso = z.iso.datetime({ offset: true });
  const snapshotInfo = z.object({
    /** SHA-256 of the bytes received (hex): the snapshot's key. */
    hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    /** Where the fetch ended after redirects. */
    finalUrl: z.string(),
    status: z.int(),
    contentType: z.string(),
    fetchedAt: iso,
    title: z.string(),
    byline: z.string(),
    /** The publication date the page states ('' when it states none). */
    published: z.string(),
    textLength: z.int().check(z.nonnegative()),
  });
  const linkHealth = z.enum(['unchanged', 'changed', 'moved', 'gone']);
  const archiveCopy = z.object({ provider: z.string(), url: z.string(), archivedAt: iso });
  const captureRecord = z.object({
    /** The URL captured: a record whose URL is not the source's any more is stale (a new capture is on its way). */
    url: z.string(),
    /** `capturing` until the first capture succeeds or fails for good. */
    state: z.enum(['capturing', 'captured', 'failed']),
    /** Why the last attempt failed, in words ('' when it did not). */
    error: z.string(),
    queuedAt: iso,
    /** The evidence: the first successful fetch, which excerpts are verified against. */
    capture: z.nullable(snapshotInfo),
    /** The latest re-check: what it found, when, and the fetch it made (null when the page could not be read). */
    check: z.nullable(
      z.object({
        health: linkHealth,
        checkedAt: iso,
        /** Why, in words: the status, the new address, the reason it could not be reached. */
        detail: z.string(),
        latest: z.nullable(snapshotInfo),
      }),
    ),
    /** True while a re-check is queued or running. */
    checking: z.boolean(),
    archives: z.array(archiveCopy),
  });
  return { snapshotInfo, linkHealth, archiveCopy, captureRecord };
});

/** One fetch's result as the card shows it; its text is in the server's snapshot store under `hash`. */
export const snapshotInfoSchema = schemaOnFirstUse(() => schemas().snapshotInfo);
/** One fetch's result (see {@link snapshotInfoSchema}). */
export type SnapshotInfo = z.infer<typeof snapshotInfoSchema>;

/** What a later fetch of the source found compared with its capture. */
export const linkHealthSchema = schemaOnFirstUse(() => schemas().linkHealth);
/** See {@link linkHealthSchema}. */
export type LinkHealth = z.infer<typeof linkHealthSchema>;

/** A copy of the source kept by an archive (the Internet Archive, Perma.cc). */
export const archiveCopySchema = schemaOnFirstUse(() => schemas().archiveCopy);
/** See {@link archiveCopySchema}. */
export type ArchiveCopy = z.infer<typeof archiveCopySchema>;

/** A source's capture record. */
export const captureRecordSchema = schemaOnFirstUse(() => schemas().captureRecord);
/** A source's capture record (see {@link captureRecordSchema}). */
export type CaptureRecord = z.infer<typeof captureRecordSchema>;

/** Every valid capture record, by source id (records of a URL the source no longer has are left out). */
export function readCaptures(doc: Y.Doc, sourceUrls?: ReadonlyMap<string, string>): Map<string, CaptureRecord> {
  const out = new Map<string, CaptureRecord>();
  captureRecords(doc).forEach((value, sourceId) => {
    const parsed = captureRecordSchema.safeParse(value);
    if (!parsed.success) return;
    if (sourceUrls && sourceUrls.get(sourceId) !== parsed.data.url) return;
    out.set(sourceId, parsed.data);
  });
  return out;
}

/** One source's capture record, or null. */
export function readCapture(doc: Y.Doc, sourceId: string): CaptureRecord | null {
  const parsed = captureRecordSchema.safeParse(captureRecords(doc).get(sourceId));
  return parsed.success ? parsed.data : null;
}

/** Replace a source's capture record (the server's capture worker is the only writer). */
export function writeCapture(doc: Y.Doc, sourceId: string, record: CaptureRecord): void {
  captureRecords(doc).set(sourceId, captureRecordSchema.parse(record));
}

/** Drop the record of a source that is gone from the library. */
export function forgetCapture(doc: Y.Doc, sourceId: string): void {
  if (captureRecords(doc).has(sourceId)) captureRecords(doc).delete(sourceId);
}

/** A new record for a URL about to be captured. */
export function capturingRecord(url: string, now: Date): CaptureRecord {
  return {
    url,
    state: 'capturing',
    error: '',
    queuedAt: now.toISOString(),
    capture: null,
    check: null,
    checking: false,
    archives: [],
  };
}

/** Hashes of every snapshot the document's records name (who may read a snapshot: members of such a document). */
export function snapshotHashes(doc: Y.Doc): Set<string> {
  const out = new Set<string>();
  for (const record of readCaptures(doc).values()) {
    if (record.capture) out.add(record.capture.hash);
    if (record.check?.latest) out.add(record.check.latest.hash);
  }
  return out;
}

/** Observe changes of the capture records (for views that show them). */
export function observeCaptures(doc: Y.Doc, listener: () => void): () => void {
  const map = captureRecords(doc);
  const handler = (_event: Y.YMapEvent<unknown>) => listener();
  map.observe(handler);
  return () => map.unobserve(handler);
}
