/** What both annotation imports share: the report, candidates before anchoring, selectors, authors and times, and placing candidates in the article. */
import {
  type AnchorCandidate,
  type ArticleText,
  TextAnchorer,
  type TextPositionSelector,
  type TextQuoteSelector,
} from '@factmark/anchoring';
import {
  type Actor,
  type AnnotationBody,
  annotationBodies,
  isHttpUrl,
  type Message,
  readRatingScale,
  type Source,
  validateBody,
} from '@factmark/collab';
import { type AnnotationKind, FactmarkError } from '@factmark/editor';
import type * as Y from 'yjs';
import { type Placement, writeAnnotations } from './apply.ts';
import { readCheck } from './check.ts';

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

/** What an import did, by band: confirmed (`exact`), approximate, ambiguous or orphaned (both kept without a span, with the reason), or skipped (not kept). */
export interface ImportReport {
  /** Confirmed: the quote where the position or a decisive context says. */
  exact: ImportedEntry[];
  approximate: ImportedEntry[];
  /** Several places fit: kept without a span (never on the wrong words), with the candidates' text and scores. */
  ambiguous: (ImportedEntry & { reason: string; candidates: { text: string; score: number }[] })[];
  orphaned: (ImportedEntry & { reason: string })[];
  skipped: { sourceId: string; reason: string }[];
  replies: number;
}

/** A file's annotation before it is anchored: its body (without id), its selectors, its replies. */
export interface Candidate {
  sourceId: string;
  /** The body's fields, validated when it is written. */
  body: DraftBody;
  quote?: TextQuoteSelector;
  position?: TextPositionSelector;
  replies: Message[];
  /** Exported as an orphan by Factmark: kept as one, whatever its quote matches now. */
  orphan?: boolean;
  /** The id it was given in the document (set when placed). */
  placedId?: string;
}

/** A body being assembled from a file (checked by validateBody before anything is written). */
export type DraftBody = Record<string, unknown> & { thread: Message[]; quote?: string; id?: string };

/** An import that cannot be done at all (not JSON of a known shape). */
export class ImportFormatError extends FactmarkError {
  constructor(message: string) {
    super('invalid_annotations', message);
  }
}

export interface Context {
  actor: Actor;
  now: Date;
  newId: () => string;
  /** The document has the second-reviewer rule on (imported reviews are then not taken as they are). */
  secondReviewer?: boolean;
}

export function selectorsOf(target: unknown): { quote?: TextQuoteSelector; position?: TextPositionSelector } {
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

export function isoTime(value: unknown, fallback: Date): string {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return fallback.toISOString();
}

export function actorOf(creator: unknown, fallback: Actor): Actor {
  const c = (Array.isArray(creator) ? creator[0] : creator) as Record<string, unknown> | string | undefined;
  if (typeof c === 'string') return { id: c.slice(0, 200), name: c.slice(0, 200) };
  const name = typeof c?.name === 'string' ? c.name : typeof c?.nickname === 'string' ? c.nickname : undefined;
  const id = typeof c?.id === 'string' ? c.id : name;
  return id ? { id: id.slice(0, 200), name: (name ?? id).slice(0, 200) } : fallback;
}

export function base(kind: AnnotationKind, quote: string, author: Actor, created: string, modified: string) {
  return { kind, quote, author, createdAt: created, updatedAt: modified, updatedBy: author, thread: [] as Message[] };
}

export function message(text: string, author: Actor, at: string, newId: () => string): Message {
  return { id: newId(), author, text: text.slice(0, 10_000), createdAt: at };
}

export function textualValues(body: unknown): { value: string; purpose?: string }[] {
  const items = Array.isArray(body) ? body : body ? [body] : [];
  return items.flatMap((b) => {
    const o = b as Record<string, unknown>;
    return o && o.type === 'TextualBody' && typeof o.value === 'string'
      ? [{ value: o.value, ...(typeof o.purpose === 'string' ? { purpose: o.purpose } : {}) }]
      : [];
  });
}

export function linkedUrls(body: unknown): string[] {
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
export function place(
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
    c.placedId = id;
    // Every message after the first of a comment (which is the comment itself) is a reply, from the file's
    // replying annotations or from a Factmark body's thread.
    report.replies += body.kind === 'comment' ? Math.max(0, body.thread.length - 1) : body.thread.length;
    const entry: ImportedEntry = { id, sourceId: c.sourceId, kind: body.kind, quote: c.quote?.exact ?? body.quote };
    if (c.orphan) {
      report.orphaned.push({ ...entry, reason: 'it was an orphan when exported' });
      placements.push({ body, range: null });
      continue;
    }
    const result = anchorer.anchor(c.quote, c.position);
    if (result.status === 'orphan' || result.status === 'ambiguous') {
      if (result.status === 'orphan') {
        report.orphaned.push({ ...entry, reason: result.reason });
        placements.push({ body, range: null });
        continue;
      }
      const candidates = reviewCandidates(check.text, result.candidates);
      report.ambiguous.push({ ...entry, reason: result.reason, candidates });
      // Not placed: the candidates wait in the document for a person (the margin's Needs review).
      placements.push({ body, range: null, review: { band: 'ambiguous', reason: result.reason, candidates } });
      continue;
    }
    (result.status === 'confirmed' ? report.exact : report.approximate).push({ ...entry, score: result.score });
    const range = { from: check.text.toPos(result.start), to: check.text.toPos(result.end) };
    const doubtful = result.status === 'approximate';
    const review = doubtful
      ? {
          band: 'approximate' as const,
          reason: `placed on text that differs from its quote (score ${result.score.toFixed(2)})`,
          candidates: [],
        }
      : undefined;
    placements.push({ body, range, ...(review ? { review } : {}) });
  }
  writeAnnotations(doc, placements, sources);
  return report;
}

/** An ambiguous result's candidates as a review keeps them: each in context, scored, as a ProseMirror range. */
export function reviewCandidates(
  text: ArticleText,
  candidates: readonly AnchorCandidate[],
): { text: string; score: number; from: number; to: number }[] {
  return candidates.map((k) => ({
    text: contextOf(text.text, k),
    score: k.score,
    from: text.toPos(k.start),
    to: text.toPos(k.end),
  }));
}

/** A candidate's text with a few words either side, for a person to tell candidates apart. */
function contextOf(text: string, span: { start: number; end: number }): string {
  const before = text.slice(Math.max(0, span.start - 30), span.start);
  const after = text.slice(span.end, span.end + 30);
  return `…${before}[${text.slice(span.start, span.end)}]${after}…`.replace(/\s+/g, ' ');
}

export function emptyReport(): ImportReport {
  return { exact: [], approximate: [], ambiguous: [], orphaned: [], skipped: [], replies: 0 };
}
