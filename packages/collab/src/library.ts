import * as Y from 'yjs';
import { z } from 'zod';
import { type Actor, AnnotationValidationError, actorSchema, readBodies } from './bodies.ts';
import { correctionsLog, documentSettings, sourceLibrary } from './layout.ts';

/** True when `value` is an absolute http: or https: URL, the only kind a source may have. */
export function isHttpUrl(value: unknown): value is string {
  // Browsers and Node disagree on what they repair in a URL (a space inside a host, say): refuse anything
  // with white space or control characters, and any host that is not a plain name or address, everywhere.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (typeof value !== 'string' || /[\s\u0000-\u001f\u007f]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && HOST.test(url.hostname);
  } catch {
    return false;
  }
}

/** A host name (letters, digits, hyphens, dots; international names arrive as punycode) or an IP address. */
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?)$/i;

const httpUrl = z.string().max(2_000).refine(isHttpUrl, 'Only http and https URLs are accepted');
const date = z.union([z.iso.date(), z.literal('')]);

/** A source in a document's library, shared by claims and citations. */
export const sourceSchema = z.object({
  id: z.string().min(1).max(100),
  url: httpUrl,
  title: z.string().trim().min(1, 'A source needs a title').max(500),
  publisher: z.string().max(300),
  author: z.string().max(300),
  /** YYYY-MM-DD or ''. */
  publishedDate: date,
  accessedDate: date,
  archivedUrl: z.union([httpUrl, z.literal('')]),
  notes: z.string().max(10_000),
  createdBy: actorSchema,
  createdAt: z.iso.datetime({ offset: true }),
});
/** A source in a document's library. */
export type Source = z.infer<typeof sourceSchema>;
/** The fields a person fills in for a source. */
export type SourceInput = Pick<Source, 'url' | 'title'> &
  Partial<Pick<Source, 'publisher' | 'author' | 'publishedDate' | 'accessedDate' | 'archivedUrl' | 'notes'>>;

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AnnotationValidationError(issue?.path.join('.') || 'value', issue?.message ?? 'invalid');
}

/** Build and validate a source record; throws {@link AnnotationValidationError} naming the bad field. */
export function makeSource(id: string, input: SourceInput, by: Actor, now: Date): Source {
  return parseOrThrow(sourceSchema, {
    publisher: '',
    author: '',
    publishedDate: '',
    accessedDate: '',
    archivedUrl: '',
    notes: '',
    ...input,
    id,
    createdBy: by,
    createdAt: now.toISOString(),
  });
}

/** Write a validated source into the library. */
export function writeSource(doc: Y.Doc, source: Source): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(source)) map.set(key, value);
  sourceLibrary(doc).set(source.id, map);
}

/** Update fields of an existing source, validating the result. */
export function updateSource(doc: Y.Doc, id: string, patch: Partial<SourceInput>): Source {
  const map = sourceLibrary(doc).get(id);
  if (!map) throw new AnnotationValidationError('sourceId', `There is no source "${id}"`);
  const next = parseOrThrow(sourceSchema, { ...map.toJSON(), ...patch });
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) map.set(key, value);
  });
  return next;
}

/** Every valid source in the library, by id. */
export function readSources(doc: Y.Doc): Map<string, Source> {
  const out = new Map<string, Source>();
  sourceLibrary(doc).forEach((map, id) => {
    const parsed = sourceSchema.safeParse(map instanceof Y.Map ? map.toJSON() : null);
    if (parsed.success) out.set(id, parsed.data);
  });
  return out;
}

/** Ids of the claims and citations that use source `sourceId`. */
export function sourceUsers(doc: Y.Doc, sourceId: string): string[] {
  const users: string[] = [];
  for (const [id, body] of readBodies(doc)) {
    if (
      (body.kind === 'claim' && body.sourceIds.includes(sourceId)) ||
      (body.kind === 'citation' && body.sourceId === sourceId)
    ) {
      users.push(id);
    }
  }
  return users.sort();
}

/** Refused: deleting a source that claims or citations still use. */
export class SourceInUseError extends Error {
  override readonly name = 'SourceInUseError';
  constructor(
    readonly sourceId: string,
    readonly users: string[],
  ) {
    super(`Source "${sourceId}" is still used by ${users.map((u) => `"${u}"`).join(', ')}`);
  }
}

/** Delete a source; refused with {@link SourceInUseError} while any claim or citation uses it. */
export function deleteSource(doc: Y.Doc, sourceId: string): void {
  const users = sourceUsers(doc, sourceId);
  if (users.length > 0) throw new SourceInUseError(sourceId, users);
  sourceLibrary(doc).delete(sourceId);
}

/** One verdict of a rating scale: its label and its number. */
export interface RatingLabel {
  label: string;
  value: number;
}

/** A document's rating scale: its labels, and the best and worst values (as ClaimReview wants them). */
export const ratingScaleSchema = z
  .object({
    labels: z
      .array(z.object({ label: z.string().trim().min(1).max(100), value: z.number().finite() }))
      .min(1, 'A scale needs at least one label')
      .max(20),
    best: z.number().finite(),
    worst: z.number().finite(),
  })
  .refine((s) => new Set(s.labels.map((l) => l.label)).size === s.labels.length, {
    message: 'Labels must be unique',
    path: ['labels'],
  });
/** A document's rating scale. */
export type RatingScale = z.infer<typeof ratingScaleSchema>;

/** The scale a new document starts with. "Unverifiable" sits outside best..worst: it is no rating of truth. */
export const DEFAULT_RATING_SCALE: RatingScale = {
  labels: [
    { label: 'True', value: 5 },
    { label: 'Mostly true', value: 4 },
    { label: 'Half true', value: 3 },
    { label: 'Mostly false', value: 2 },
    { label: 'False', value: 1 },
    { label: 'Unverifiable', value: 0 },
  ],
  best: 5,
  worst: 1,
};

/** The document's rating scale (the default until someone edits it). */
export function readRatingScale(doc: Y.Doc): RatingScale {
  const parsed = ratingScaleSchema.safeParse(documentSettings(doc).get('ratingScale'));
  return parsed.success ? parsed.data : DEFAULT_RATING_SCALE;
}

/** Refused: a new scale that drops labels some claims still use as their verdict. */
export class ScaleInUseError extends Error {
  override readonly name = 'ScaleInUseError';
  constructor(readonly uses: { claimId: string; verdict: string }[]) {
    super(
      `These verdicts are not on the new scale: ${uses.map((u) => `"${u.verdict}" (claim ${u.claimId})`).join(', ')}`,
    );
  }
}

/** Replace the document's rating scale; refused when it is invalid or drops a label in use. */
export function writeRatingScale(doc: Y.Doc, scale: RatingScale): void {
  const valid = parseOrThrow(ratingScaleSchema, scale);
  const labels = new Set(valid.labels.map((l) => l.label));
  const uses: { claimId: string; verdict: string }[] = [];
  for (const [id, body] of readBodies(doc)) {
    if (body.kind === 'claim' && body.verdict !== null && !labels.has(body.verdict))
      uses.push({ claimId: id, verdict: body.verdict });
  }
  if (uses.length > 0) throw new ScaleInUseError(uses);
  documentSettings(doc).set('ratingScale', valid);
}

/** An entry of the corrections log. */
export const correctionLogEntrySchema = z.object({
  correctionId: z.string(),
  decision: z.enum(['accepted', 'rejected']),
  original: z.string(),
  proposed: z.string(),
  category: z.string(),
  decidedBy: actorSchema,
  decidedAt: z.iso.datetime({ offset: true }),
});
/** An entry of the corrections log. */
export type CorrectionLogEntry = z.infer<typeof correctionLogEntrySchema>;

/** The corrections log, oldest first (malformed entries from peers are left out). */
export function readCorrectionsLog(doc: Y.Doc): CorrectionLogEntry[] {
  return correctionsLog(doc)
    .toArray()
    .flatMap((e) => {
      const parsed = correctionLogEntrySchema.safeParse(e);
      return parsed.success ? [parsed.data] : [];
    });
}
