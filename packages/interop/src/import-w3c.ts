/** The import of W3C Web Annotations: Factmark's own exports exactly, other tools' mapped by motivation. */
import {
  type Actor,
  claimStatement,
  correctionLogEntrySchema,
  correctionsLog,
  NO_SOURCE_DETAILS,
  rawCorrectionsLog,
  readSources,
  type Source,
  secondReviewerRequired,
  sourceSchema,
} from '@factmark/collab';
import { type AnnotationKind, newAnnotationId } from '@factmark/editor';
import type * as Y from 'yjs';
import { IMPORT_ORIGIN } from './apply.ts';
import {
  actorOf,
  base,
  type Candidate,
  type Context,
  emptyReport,
  ImportFormatError,
  type ImportReport,
  isoTime,
  linkedUrls,
  message,
  place,
  selectorsOf,
  textualValues,
} from './import-core.ts';
import { annotationsIn, FACTMARK } from './w3c.ts';

/** The library as the import grows it: sources by URL, and the ones the import adds. */
interface Library {
  byUrl: Map<string, string>;
  added: Source[];
}

/** The ids of the library sources with `urls`, adding a source for each URL the library lacks. */
function sourceIdsFor(urls: readonly string[], library: Library, ctx: Context): string[] {
  return urls.map((url) => {
    let id = library.byUrl.get(url);
    if (!id) {
      id = ctx.newId();
      library.byUrl.set(url, id);
      library.added.push(
        sourceSchema.parse({
          ...NO_SOURCE_DETAILS,
          id,
          url,
          title: url,
          notes: 'Added by an import',
          createdBy: ctx.actor,
          createdAt: ctx.now.toISOString(),
        }),
      );
    }
    return id;
  });
}

/** The kind another tool's annotation becomes: assessing → claim, editing → correction, linking → citation, else comment. */
function kindOf(motivation: unknown, body: unknown): AnnotationKind {
  if (motivation === 'assessing') return 'claim';
  if (motivation === 'editing') return 'correction';
  if (motivation === 'linking' && linkedUrls(body).length > 0) return 'citation';
  return 'comment';
}

/** The body of another tool's annotation, mapped by its motivation. */
function mappedBody(
  a: Record<string, unknown>,
  exact: string,
  head: ReturnType<typeof base>,
  library: Library,
  ctx: Context,
) {
  const motivation = Array.isArray(a.motivation) ? a.motivation[0] : a.motivation;
  const texts = textualValues(a.body);
  const byPurpose = (p: string) => texts.find((t) => t.purpose === p)?.value;
  const sourceIds = sourceIdsFor(linkedUrls(a.body), library, ctx);
  const kind = kindOf(motivation, a.body);
  if (kind === 'claim')
    return {
      ...head,
      kind,
      statement: claimStatement(byPurpose('classifying') ?? exact) || 'Imported claim',
      verdict: byPurpose('assessing') ?? null,
      rationale: byPurpose('describing') ?? '',
      status: 'draft',
      assignee: null,
      sourceIds,
    };
  if (kind === 'citation')
    return {
      ...head,
      kind,
      sourceId: sourceIds[0] as string,
      excerpt: byPurpose('describing') ?? '',
      stance: 'context',
    };
  if (kind === 'correction')
    return {
      ...head,
      kind,
      original: exact,
      proposed: byPurpose('editing') ?? texts[0]?.value ?? exact,
      category: 'other',
      rationale: byPurpose('describing') ?? '',
      state: 'proposed',
      decidedBy: null,
      decidedAt: null,
    };
  const text = texts
    .map((t) => t.value)
    .join('\n\n')
    .trim();
  const said = text || `(${String(motivation ?? 'highlighting')} without text)`;
  return {
    ...head,
    kind,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    thread: [message(said, head.author, head.createdAt, ctx.newId)],
  };
}

/**
 * A claim's review as a file cannot prove it: while the document has the second-reviewer rule on, an imported verdict
 * is the importer's and a checked or published claim comes back in review (nobody publishes alone by importing a
 * file that says a colleague checked it). With the rule off, Factmark's own bodies come back exactly.
 */
function reviewedByImporter(body: Candidate['body'], ctx: Context): Candidate['body'] {
  if (body.kind !== 'claim' || !ctx.secondReviewer) return body;
  const pastReview = body.status === 'checked' || body.status === 'published';
  const judged = body.verdict !== null && body.verdict !== undefined;
  return {
    ...body,
    // When the verdict was given, the file cannot say for Factmark: left unsaid.
    verdictBy: judged ? ctx.actor : null,
    verdictAt: null,
    checkedBy: null,
    ...(pastReview ? { status: 'in_review' } : {}),
  };
}

/** One annotation of the file as a candidate, or why it is skipped. */
function candidateOf(a: Record<string, unknown>, sourceId: string, library: Library, ctx: Context): Candidate | string {
  const { quote, position } = selectorsOf(a.target);
  if (!quote && !position) return 'its target has no TextQuoteSelector or TextPositionSelector';
  const author = actorOf(a.creator, ctx.actor);
  const exact = quote?.exact ?? '';
  const own = a[FACTMARK.body] as Record<string, unknown> | undefined;
  const motivation = Array.isArray(a.motivation) ? a.motivation[0] : a.motivation;
  const head = base(
    kindOf(motivation, a.body),
    exact,
    author,
    isoTime(a.created, ctx.now),
    isoTime(a.modified ?? a.created, ctx.now),
  );
  const body: Candidate['body'] = reviewedByImporter(
    own && typeof own === 'object'
      ? { ...own, thread: Array.isArray(own.thread) ? (own.thread as Candidate['body']['thread']) : [] }
      : mappedBody(a, exact, head, library, ctx),
    ctx,
  );
  const orphan = own !== undefined && a[FACTMARK.orphan] === true;
  return { sourceId, body, ...(quote ? { quote } : {}), ...(position ? { position } : {}), replies: [], orphan };
}

/** Add each reply to the thread of the annotation it targets (Factmark's own bodies already carry theirs). */
function attachReplies(replies: readonly Record<string, unknown>[], candidates: Map<string, Candidate>, ctx: Context) {
  for (const r of replies) {
    const parent = candidates.get(typeof r.target === 'string' ? r.target : '');
    const text = textualValues(r.body)
      .map((t) => t.value)
      .join('\n\n')
      .trim();
    if (!parent || parent.body.thread.some((m) => r.id === `${parent.sourceId}/replies/${m.id}`)) continue;
    if (text) parent.replies.push(message(text, actorOf(r.creator, ctx.actor), isoTime(r.created, ctx.now), ctx.newId));
  }
}

/**
 * Import W3C Web Annotations (a collection, a page, an array or one
 * annotation) into a document. Factmark's own exports come back exactly
 * (bodies, ids, threads, sources); other tools' annotations are mapped by
 * motivation: assessing → claim, linking → citation, editing → correction,
 * commenting and anything else → comment; replying → a message in the
 * thread of the annotation it targets.
 */
export function importW3C(
  doc: Y.Doc,
  json: unknown,
  actor: Actor,
  now = new Date(),
  newId = newAnnotationId,
): ImportReport {
  const { annotations, sources: fileSources, log } = annotationsIn(json);
  if (annotations.length === 0) throw new ImportFormatError('No W3C Web Annotations found in the file');
  const ctx: Context = { actor, now, newId, secondReviewer: secondReviewerRequired(doc) };
  const report = emptyReport();
  const known = readSources(doc);
  const added = fileSources.filter((s) => !known.has(s.id));
  const library: Library = { byUrl: new Map([...known.values(), ...added].map((s) => [s.url, s.id])), added };
  const candidates = new Map<string, Candidate>();
  const replies: Record<string, unknown>[] = [];
  for (const a of annotations) {
    const sourceId = typeof a.id === 'string' ? a.id : `annotation ${candidates.size + 1}`;
    const motivation = Array.isArray(a.motivation) ? a.motivation[0] : a.motivation;
    if (motivation === 'replying') {
      replies.push(a);
      continue;
    }
    const candidate = candidateOf(a, sourceId, library, ctx);
    if (typeof candidate === 'string') report.skipped.push({ sourceId, reason: candidate });
    else candidates.set(sourceId, candidate);
  }
  attachReplies(replies, candidates, ctx);
  const placed = place(doc, [...candidates.values()], library.added, ctx, report);
  restoreLog(doc, log, candidates);
  return placed;
}

/**
 * Add the file's corrections log to the document's: each entry of a correction the import brought in (under the
 * id it got), valid, and not already there — so the corrected article's notice comes back with the corrections.
 */
function restoreLog(doc: Y.Doc, log: readonly unknown[], candidates: ReadonlyMap<string, Candidate>): void {
  const idOf = new Map<string, string>();
  for (const c of candidates.values())
    if (typeof c.body.id === 'string' && c.placedId && c.body.kind === 'correction') idOf.set(c.body.id, c.placedId);
  const existing = new Set(rawCorrectionsLog(doc).map((e) => `${e.correctionId} ${e.decision} ${e.decidedAt}`));
  const entries = log.flatMap((raw) => {
    const parsed = correctionLogEntrySchema.safeParse(raw);
    const id = parsed.success ? idOf.get(parsed.data.correctionId) : undefined;
    if (!parsed.success || !id) return [];
    // The Yjs range of the text an acceptance wrote means nothing in another document.
    const { replaced: _replaced, ...entry } = { ...parsed.data, correctionId: id };
    return existing.has(`${id} ${entry.decision} ${entry.decidedAt}`) ? [] : [entry];
  });
  if (entries.length > 0) doc.transact(() => correctionsLog(doc).push(entries), IMPORT_ORIGIN);
}
