import { TextAnchorer, type TextPositionSelector, type TextQuoteSelector } from '@factmark/anchoring';
import {
  type Actor,
  type AnnotationBody,
  annotationBodies,
  claimStatement,
  isHttpUrl,
  type Message,
  readRatingScale,
  readSources,
  type Source,
  sourceSchema,
  validateBody,
} from '@factmark/collab';
import { type AnnotationKind, FactmarkError, newAnnotationId } from '@factmark/editor';
import type * as Y from 'yjs';
import { type Placement, writeAnnotations } from './apply.ts';
import { readCheck } from './check.ts';
import { annotationsIn, FACTMARK } from './w3c.ts';

/** One annotation of an import and where it went. */
export interface ImportedEntry {
  /** Its id in the document. */
  id: string;
  /** Its id in the file. */
  sourceId: string;
  kind: AnnotationKind;
  quote: string;
  score?: number;
}

/** What an import did: anchored exactly, approximately, orphaned (kept, with the reason), or skipped (not kept). */
export interface ImportReport {
  exact: ImportedEntry[];
  approximate: ImportedEntry[];
  orphaned: (ImportedEntry & { reason: string })[];
  skipped: { sourceId: string; reason: string }[];
  replies: number;
}

/** A file's annotation before it is anchored: its body (without id), its selectors, its replies. */
interface Candidate {
  sourceId: string;
  /** The body's fields, validated when it is written. */
  body: DraftBody;
  quote?: TextQuoteSelector;
  position?: TextPositionSelector;
  replies: Message[];
}

/** A body being assembled from a file (checked by validateBody before anything is written). */
type DraftBody = Record<string, unknown> & { thread: Message[]; quote?: string; id?: string };

/** An import that cannot be done at all (not JSON of a known shape). */
export class ImportFormatError extends FactmarkError {
  constructor(message: string) {
    super('invalid_annotations', message);
  }
}

interface Context {
  actor: Actor;
  now: Date;
  newId: () => string;
}

function selectorsOf(target: unknown): { quote?: TextQuoteSelector; position?: TextPositionSelector } {
  const targets = Array.isArray(target) ? target : [target];
  for (const t of targets) {
    if (!t || typeof t !== 'object') continue;
    const raw = (t as { selector?: unknown }).selector;
    const selectors = Array.isArray(raw) ? raw : raw ? [raw] : [];
    let quote: TextQuoteSelector | undefined;
    let position: TextPositionSelector | undefined;
    for (const s of selectors as Record<string, unknown>[]) {
      if (s?.type === 'TextQuoteSelector' && typeof s.exact === 'string') {
        quote = {
          type: 'TextQuoteSelector',
          exact: s.exact,
          prefix: typeof s.prefix === 'string' ? s.prefix : '',
          suffix: typeof s.suffix === 'string' ? s.suffix : '',
        };
      } else if (s?.type === 'TextPositionSelector' && Number.isInteger(s.start) && Number.isInteger(s.end)) {
        position = { type: 'TextPositionSelector', start: s.start as number, end: s.end as number };
      }
    }
    if (quote || position) return { ...(quote ? { quote } : {}), ...(position ? { position } : {}) };
  }
  return {};
}

function isoTime(value: unknown, fallback: Date): string {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return fallback.toISOString();
}

function actorOf(creator: unknown, fallback: Actor): Actor {
  const c = (Array.isArray(creator) ? creator[0] : creator) as Record<string, unknown> | string | undefined;
  if (typeof c === 'string') return { id: c.slice(0, 200), name: c.slice(0, 200) };
  const name = typeof c?.name === 'string' ? c.name : typeof c?.nickname === 'string' ? c.nickname : undefined;
  const id = typeof c?.id === 'string' ? c.id : name;
  return id ? { id: id.slice(0, 200), name: (name ?? id).slice(0, 200) } : fallback;
}

function base(kind: AnnotationKind, quote: string, author: Actor, created: string, modified: string) {
  return { kind, quote, author, createdAt: created, updatedAt: modified, updatedBy: author, thread: [] as Message[] };
}

function message(text: string, author: Actor, at: string, newId: () => string): Message {
  return { id: newId(), author, text: text.slice(0, 10_000), createdAt: at };
}

function textualValues(body: unknown): { value: string; purpose?: string }[] {
  const items = Array.isArray(body) ? body : body ? [body] : [];
  return items.flatMap((b) => {
    const o = b as Record<string, unknown>;
    return o && o.type === 'TextualBody' && typeof o.value === 'string'
      ? [{ value: o.value, ...(typeof o.purpose === 'string' ? { purpose: o.purpose } : {}) }]
      : [];
  });
}

function linkedUrls(body: unknown): string[] {
  const items = Array.isArray(body) ? body : body ? [body] : [];
  return items.flatMap((b) => {
    if (typeof b === 'string') return isHttpUrl(b) ? [b] : [];
    const o = b as Record<string, unknown>;
    const src = o?.source ?? o?.id;
    return (o?.type === 'SpecificResource' || o?.purpose === 'linking') && isHttpUrl(src) ? [src as string] : [];
  });
}

/**
 * Anchor candidates in the document's text and write them, with their
 * sources, in one transaction. Orphans are kept (as bodies without a span,
 * listed in the Orphans section) so nothing in the file is lost.
 */
function place(
  doc: Y.Doc,
  candidates: Candidate[],
  sources: Source[],
  ctx: Context,
  report: ImportReport,
): ImportReport {
  const check = readCheck(doc);
  const anchorer = new TextAnchorer(check.text.text);
  const existing = new Set(annotationBodies(doc).keys());
  const placements: Placement[] = [];
  const scale = new Set(readRatingScale(doc).labels.map((l) => l.label));
  for (const c of candidates) {
    const id = c.body.id && !existing.has(c.body.id) ? c.body.id : ctx.newId();
    existing.add(id);
    let body: AnnotationBody;
    try {
      const fields = { ...c.body, id, thread: [...c.body.thread, ...c.replies] } as Record<string, unknown>;
      if (fields.kind === 'claim' && typeof fields.verdict === 'string' && !scale.has(fields.verdict)) {
        fields.rationale = `Verdict in the file: ${fields.verdict}. ${String(fields.rationale ?? '')}`.trim();
        fields.verdict = null;
      }
      body = validateBody(fields);
    } catch (error) {
      report.skipped.push({ sourceId: c.sourceId, reason: (error as Error).message });
      continue;
    }
    report.replies += c.replies.length;
    const result = anchorer.anchor(c.quote, c.position);
    const entry: ImportedEntry = { id, sourceId: c.sourceId, kind: body.kind, quote: c.quote?.exact ?? body.quote };
    if (result.status === 'orphan') {
      report.orphaned.push({ ...entry, reason: result.reason });
      placements.push({ body, range: null });
      continue;
    }
    (result.status === 'exact' ? report.exact : report.approximate).push({ ...entry, score: result.score });
    placements.push({ body, range: { from: check.text.toPos(result.start), to: check.text.toPos(result.end) } });
  }
  writeAnnotations(doc, placements, sources);
  return report;
}

function emptyReport(): ImportReport {
  return { exact: [], approximate: [], orphaned: [], skipped: [], replies: 0 };
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
  const { annotations, sources: fileSources } = annotationsIn(json);
  if (annotations.length === 0) throw new ImportFormatError('No W3C Web Annotations found in the file');
  const ctx: Context = { actor, now, newId };
  const report = emptyReport();
  const library = readSources(doc);
  const sources = fileSources.filter((s) => !library.has(s.id));
  const byUrl = new Map([...library.values(), ...sources].map((s) => [s.url, s.id]));
  const candidates = new Map<string, Candidate>();
  const replies: Record<string, unknown>[] = [];
  for (const a of annotations) {
    const sourceId = typeof a.id === 'string' ? a.id : `annotation ${candidates.size + 1}`;
    const motivation = Array.isArray(a.motivation) ? a.motivation[0] : a.motivation;
    if (motivation === 'replying') {
      replies.push(a);
      continue;
    }
    const { quote, position } = selectorsOf(a.target);
    if (!quote && !position) {
      report.skipped.push({ sourceId, reason: 'its target has no TextQuoteSelector or TextPositionSelector' });
      continue;
    }
    const author = actorOf(a.creator, actor);
    const created = isoTime(a.created, now);
    const modified = isoTime(a.modified ?? a.created, now);
    const exact = quote?.exact ?? '';
    const own = a[FACTMARK.body] as Record<string, unknown> | undefined;
    let body: Candidate['body'];
    if (own && typeof own === 'object') {
      body = { ...own, thread: Array.isArray(own.thread) ? (own.thread as Message[]) : [] };
    } else {
      const texts = textualValues(a.body);
      const byPurpose = (p: string) => texts.find((t) => t.purpose === p)?.value;
      const kind: AnnotationKind =
        motivation === 'assessing'
          ? 'claim'
          : motivation === 'editing'
            ? 'correction'
            : motivation === 'linking' && linkedUrls(a.body).length > 0
              ? 'citation'
              : 'comment';
      const head = base(kind, exact, author, created, modified);
      const urls = linkedUrls(a.body);
      const sourceIds = urls.map((url) => {
        let id = byUrl.get(url);
        if (!id) {
          id = newId();
          byUrl.set(url, id);
          sources.push(
            sourceSchema.parse({
              id,
              url,
              title: url,
              publisher: '',
              author: '',
              publishedDate: '',
              accessedDate: '',
              archivedUrl: '',
              notes: 'Added by an import',
              createdBy: actor,
              createdAt: now.toISOString(),
            }),
          );
        }
        return id;
      });
      if (kind === 'claim') {
        body = {
          ...head,
          statement: claimStatement(byPurpose('classifying') ?? exact) || 'Imported claim',
          verdict: byPurpose('assessing') ?? null,
          rationale: byPurpose('describing') ?? '',
          status: 'draft',
          assignee: null,
          sourceIds,
        };
      } else if (kind === 'citation') {
        body = { ...head, sourceId: sourceIds[0] as string, excerpt: byPurpose('describing') ?? '', stance: 'context' };
      } else if (kind === 'correction') {
        body = {
          ...head,
          original: exact,
          proposed: byPurpose('editing') ?? texts[0]?.value ?? exact,
          category: 'other',
          rationale: byPurpose('describing') ?? '',
          state: 'proposed',
          decidedBy: null,
          decidedAt: null,
        };
      } else {
        const text = texts
          .map((t) => t.value)
          .join('\n\n')
          .trim();
        body = {
          ...head,
          resolved: false,
          resolvedBy: null,
          resolvedAt: null,
          thread: [message(text || `(${String(motivation ?? 'highlighting')} without text)`, author, created, newId)],
        };
      }
    }
    candidates.set(sourceId, {
      sourceId,
      body,
      ...(quote ? { quote } : {}),
      ...(position ? { position } : {}),
      replies: [],
    });
  }
  for (const r of replies) {
    const parent = candidates.get(typeof r.target === 'string' ? r.target : '');
    const text = textualValues(r.body)
      .map((t) => t.value)
      .join('\n\n')
      .trim();
    // Factmark's own bodies already carry their threads.
    if (!parent || parent.body.thread.some((m) => r.id === `${parent.sourceId}/replies/${m.id}`)) continue;
    if (text) parent.replies.push(message(text, actorOf(r.creator, actor), isoTime(r.created, now), newId));
  }
  return place(doc, [...candidates.values()], sources, ctx, report);
}

/**
 * Import Hypothesis annotations (its API's JSON: an array, `{ rows }` or
 * `{ annotations }`): each top-level annotation becomes a comment with its
 * text and tags (a claim when tagged "claim"); replies join its thread.
 * Hypothesis's positions count characters of the page it annotated, so they
 * only hint; the quote and its context decide.
 */
export function importHypothesis(
  doc: Y.Doc,
  json: unknown,
  actor: Actor,
  now = new Date(),
  newId = newAnnotationId,
): ImportReport {
  const rows = (
    Array.isArray(json)
      ? json
      : ((json as { rows?: unknown[] })?.rows ?? (json as { annotations?: unknown[] })?.annotations)
  ) as Record<string, unknown>[] | undefined;
  if (!Array.isArray(rows) || rows.length === 0)
    throw new ImportFormatError('No Hypothesis annotations found in the file');
  const ctx: Context = { actor, now, newId };
  const report = emptyReport();
  const candidates = new Map<string, Candidate>();
  const replies: Record<string, unknown>[] = [];
  for (const row of rows) {
    const sourceId = typeof row.id === 'string' ? row.id : `row ${candidates.size + 1}`;
    const references = Array.isArray(row.references) ? row.references : [];
    if (references.length > 0) {
      replies.push(row);
      continue;
    }
    const { quote, position } = selectorsOf(row.target);
    if (!quote) {
      report.skipped.push({ sourceId, reason: 'a page note: it quotes no text of the article' });
      continue;
    }
    const author = hypothesisUser(row, actor);
    const created = isoTime(row.created, now);
    const modified = isoTime(row.updated ?? row.created, now);
    const tags = Array.isArray(row.tags) ? row.tags.filter((t): t is string => typeof t === 'string') : [];
    const text = typeof row.text === 'string' ? row.text.trim() : '';
    const withTags = [text, tags.length ? `Tags: ${tags.join(', ')}` : ''].filter(Boolean).join('\n\n');
    const head = base(
      tags.some((t) => t.toLowerCase() === 'claim') ? 'claim' : 'comment',
      quote.exact,
      author,
      created,
      modified,
    );
    const body: Candidate['body'] =
      head.kind === 'claim'
        ? {
            ...head,
            statement: claimStatement(quote.exact) || 'Imported claim',
            verdict: null,
            rationale: withTags,
            status: 'draft',
            assignee: null,
            sourceIds: [],
          }
        : {
            ...head,
            resolved: false,
            resolvedBy: null,
            resolvedAt: null,
            thread: [message(withTags || 'Highlighted in Hypothesis', author, created, newId)],
          };
    candidates.set(sourceId, { sourceId, body, quote, ...(position ? { position } : {}), replies: [] });
  }
  for (const r of replies) {
    const root = candidates.get(String((r.references as unknown[])[0]));
    const text = typeof r.text === 'string' ? r.text.trim() : '';
    if (root && text) root.replies.push(message(text, hypothesisUser(r, actor), isoTime(r.created, now), newId));
  }
  return place(doc, [...candidates.values()], [], ctx, report);
}

function hypothesisUser(row: Record<string, unknown>, fallback: Actor): Actor {
  const user = typeof row.user === 'string' ? row.user : '';
  const display = (row.user_info as { display_name?: unknown } | undefined)?.display_name;
  const name = typeof display === 'string' && display ? display : (/^acct:([^@]+)@/.exec(user)?.[1] ?? user);
  return user ? { id: user.slice(0, 200), name: (name || user).slice(0, 200) } : fallback;
}
