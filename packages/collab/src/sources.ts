/** The source library: the source record, its URL rule and limits, and writing, reading and deleting sources. */
import { FactmarkError } from '@factmark/editor';
import * as Y from 'yjs';
import * as z from 'zod/mini';
import { type Actor, AnnotationValidationError, actorSchema, parseOrThrow } from './bodies.ts';
import { readBodies } from './body-layout.ts';
import { describeAnnotation, describeSource } from './gate/refusal.ts';
import { sourceLibrary } from './layout.ts';
import { schemaOnFirstUse } from './on-first-use.ts';
import { httpUrlSchema, URL_LIMIT } from './urls.ts';

/** The longest text each source field takes, in characters (the schema below and the source form use these). */
export const SOURCE_LIMITS = { url: URL_LIMIT, title: 500, publisher: 300, author: 300, notes: 10_000 } as const;

/** A source in a document's library, shared by claims and citations (built on first use: `on-first-use.ts`). */
export const sourceSchema = schemaOnFirstUse(() => {
  const date = z.union([z.iso.date(), z.literal('')]);
  const httpUrl = httpUrlSchema.unwrap();
  return z.object({
    id: z.string().check(z.minLength(1), z.maxLength(100)),
    url: httpUrl,
    title: z.string().check(z.trim(), z.minLength(1, 'A source needs a title'), z.maxLength(SOURCE_LIMITS.title)),
    publisher: z.string().check(z.maxLength(SOURCE_LIMITS.publisher)),
    author: z.string().check(z.maxLength(SOURCE_LIMITS.author)),
    /** YYYY-MM-DD or ''. */
    publishedDate: date,
    accessedDate: date,
    archivedUrl: z.union([httpUrl, z.literal('')]),
    notes: z.string().check(z.maxLength(SOURCE_LIMITS.notes)),
    /** A primary source: the record itself (the ministry's statement, the data, the filing), not a report of it. */
    primary: z.optional(z.boolean()),
    createdBy: actorSchema,
    createdAt: z.iso.datetime({ offset: true }),
  });
});

/** A source in a document's library. */
export type Source = z.infer<typeof sourceSchema>;
/** The fields a person fills in for a source. */
export type SourceInput = Pick<Source, 'url' | 'title'> &
  Partial<
    Pick<Source, 'publisher' | 'author' | 'publishedDate' | 'accessedDate' | 'archivedUrl' | 'notes' | 'primary'>
  >;

/** A source's optional fields, all empty: what a source has before someone fills them in. */
export const NO_SOURCE_DETAILS: Required<Omit<SourceInput, 'url' | 'title' | 'primary'>> = {
  publisher: '',
  author: '',
  publishedDate: '',
  accessedDate: '',
  archivedUrl: '',
  notes: '',
};

/** Build and validate a source record; throws {@link AnnotationValidationError} naming the bad field. */
export function makeSource(id: string, input: SourceInput, by: Actor, now: Date): Source {
  return parseOrThrow(sourceSchema, {
    ...NO_SOURCE_DETAILS,
    ...input,
    id,
    createdBy: by,
    createdAt: now.toISOString(),
  });
}

/** Refuse (naming the field) a source id the library does not hold. */
export function requireSource(doc: Y.Doc, sourceId: string): void {
  if (!sourceLibrary(doc).has(sourceId))
    throw new AnnotationValidationError('sourceId', 'That source is not in the library');
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

/** A list in words: "a", "a and b", "a, b and c". */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Refused: deleting a source that claims or citations still use. The message
 * names the source by its title and each user by its words, never by id.
 */
export class SourceInUseError extends FactmarkError {
  constructor(
    readonly sourceId: string,
    readonly users: string[],
    words: { source: string; users: string[] },
  ) {
    const name = words.source.charAt(0).toUpperCase() + words.source.slice(1);
    super('source_in_use', `${name} is still used by ${inWords(words.users)}. Detach it from them first.`);
  }
}

/** Delete a source; refused with {@link SourceInUseError} while any claim or citation uses it. */
export function deleteSource(doc: Y.Doc, sourceId: string): void {
  const users = sourceUsers(doc, sourceId);
  if (users.length > 0) {
    const bodies = readBodies(doc);
    const source = sourceLibrary(doc).get(sourceId);
    throw new SourceInUseError(sourceId, users, {
      source: describeSource(source instanceof Y.Map ? (source.toJSON() as Record<string, unknown>) : null),
      users: users.map((id) => describeAnnotation(bodies.get(id) ?? null)),
    });
  }
  sourceLibrary(doc).delete(sourceId);
}
