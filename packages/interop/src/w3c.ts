/** W3C Web Annotations: the export of a check, and the reader of any W3C shape (collection, page, array, one). */
import { describeSpan, type TextPositionSelector, type TextQuoteSelector } from '@factmark/anchoring';
import { type AnnotationBody, type Message, type Source, sourceSchema } from '@factmark/collab';
import type { Check, CheckedSpan } from './check.ts';

/** The JSON-LD context of every export: the Web Annotation vocabulary. */
export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/**
 * Factmark's own properties, named by full IRIs (valid JSON-LD without a
 * context of our own): the annotation's kind and its whole body, and the
 * source library, so that a Factmark import restores exactly what was exported.
 */
export const FACTMARK = {
  kind: 'https://factmark.dev/ns#kind',
  body: 'https://factmark.dev/ns#body',
  sources: 'https://factmark.dev/ns#sources',
  /** On an annotation: its span was gone when exported (kept as an orphan on import, whatever its quote matches). */
  orphan: 'https://factmark.dev/ns#orphan',
  /** On the collection: the corrections log. */
  correctionsLog: 'https://factmark.dev/ns#correctionsLog',
} as const;

/** Where the exported annotations point and where they live. */
export interface W3CExportOptions {
  /** The article's canonical URL: every annotation's target source. */
  articleUrl: string;
  /** The base URL annotation ids are minted under, e.g. https://desk.example/d/abc123 */
  documentUrl: string;
  /** Annotations per page (default 100). */
  pageSize?: number;
}

/** A Web Annotation as Factmark writes it (the fields it uses; W3C allows more). */
export interface WebAnnotation {
  '@context'?: unknown;
  id: string;
  type: 'Annotation';
  motivation: string;
  created: string;
  modified?: string;
  creator: { id: string; type: 'Person'; name: string };
  body?: unknown[] | unknown;
  target: string | { source: string; selector: (TextQuoteSelector | TextPositionSelector)[] };
  [FACTMARK.kind]?: string;
  [FACTMARK.orphan]?: boolean;
  [FACTMARK.body]?: unknown;
}

const MOTIVATIONS = { claim: 'assessing', citation: 'linking', correction: 'editing', comment: 'commenting' } as const;

function textual(value: string, purpose: string) {
  return { type: 'TextualBody', value, format: 'text/plain', purpose };
}

function person(documentUrl: string, actor: { id: string; name: string }) {
  return {
    id: `${new URL(documentUrl).origin}/users/${encodeURIComponent(actor.id)}`,
    type: 'Person' as const,
    name: actor.name,
  };
}

/** A body as exported in `factmark:body`: every field except the Yjs anchors and a pending review, which mean nothing elsewhere. */
function portableBody(body: AnnotationBody): Record<string, unknown> {
  // A pending review names places by Yjs positions too: an import decides afresh.
  const { anchorStart: _s, anchorEnd: _e, anchorSv: _v, review: _r, ...rest } = body;
  return rest;
}

/**
 * A citation's stance and a correction's state as a `tagging` body, which any Web Annotation client shows as a tag
 * (Hypothesis does): to another tool a rejected correction must not look pending.
 */
function tags(body: AnnotationBody): unknown[] {
  if (body.kind === 'citation') return [textual(body.stance, 'tagging')];
  if (body.kind === 'correction') return [textual(body.state, 'tagging')];
  if (body.kind === 'comment' && body.resolved) return [textual('resolved', 'tagging')];
  return [];
}

/** A span to export: where it is now, or (an orphan) only the words it had. */
type Exported = { body: AnnotationBody; id: string; span: CheckedSpan | null };

function annotationOf(check: Check, item: Exported, options: W3CExportOptions): WebAnnotation[] {
  const { body, span } = item;
  const id = `${options.documentUrl}/annotations/${item.id}`;
  const bodies: unknown[] = [];
  const thread = [...body.thread];
  if (body.kind === 'claim') {
    if (body.verdict !== null) bodies.push(textual(body.verdict, 'assessing'));
    if (body.rationale) bodies.push(textual(body.rationale, 'describing'));
    bodies.push(textual(body.statement, 'classifying'));
    for (const sourceId of body.sourceIds) {
      const source = check.sources.get(sourceId);
      if (source) bodies.push({ type: 'SpecificResource', source: source.url, purpose: 'linking' });
    }
  } else if (body.kind === 'citation') {
    const source = check.sources.get(body.sourceId);
    if (source) bodies.push({ type: 'SpecificResource', source: source.url, purpose: 'linking' });
    if (body.excerpt) bodies.push(textual(body.excerpt, 'describing'));
  } else if (body.kind === 'correction') {
    bodies.push(textual(body.proposed, 'editing'));
    if (body.rationale) bodies.push(textual(body.rationale, 'describing'));
  } else {
    const first = thread.shift();
    if (first) bodies.push(textual(first.text, 'commenting'));
  }
  bodies.push(...tags(body));
  const selector: (TextQuoteSelector | TextPositionSelector)[] = span
    ? (({ quote, position }) => [quote, position])(describeSpan(check.text.text, span.start, span.end))
    : [{ type: 'TextQuoteSelector', exact: body.quote }];
  const annotation: WebAnnotation = {
    '@context': W3C_CONTEXT,
    id,
    type: 'Annotation',
    motivation: MOTIVATIONS[body.kind],
    created: body.createdAt,
    modified: body.updatedAt,
    creator: person(options.documentUrl, body.author),
    body: bodies,
    target: { source: options.articleUrl, selector },
    [FACTMARK.kind]: body.kind,
    [FACTMARK.body]: portableBody(body),
    ...(span ? {} : { [FACTMARK.orphan]: true }),
  };
  const replies = thread.map(
    (m: Message): WebAnnotation => ({
      '@context': W3C_CONTEXT,
      id: `${id}/replies/${m.id}`,
      type: 'Annotation',
      motivation: 'replying',
      created: m.createdAt,
      creator: person(options.documentUrl, m.author),
      body: [textual(m.text, 'replying')],
      target: id,
    }),
  );
  return [annotation, ...replies];
}

/** Every annotation of the check (replies after the annotation they answer), in document order, then the orphans. */
export function webAnnotations(check: Check, options: W3CExportOptions): WebAnnotation[] {
  const items: Exported[] = [
    ...check.spans.map((span) => ({ body: span.body, id: span.id, span })),
    ...check.orphans.map((body) => ({ body, id: body.id, span: null })),
  ];
  return items.flatMap((item) => annotationOf(check, item, options));
}

/**
 * The check as a W3C AnnotationCollection (JSON-LD). Its pages are embedded:
 * `first` holds the first page, and each page's `next` the following one,
 * so one file carries everything; ids still name each page. The library of
 * sources travels in `factmark:sources` so a Factmark import restores it.
 */
export function exportW3C(check: Check, options: W3CExportOptions) {
  const items = webAnnotations(check, options);
  const pageSize = Math.max(1, options.pageSize ?? 100);
  const collectionId = `${options.documentUrl}/annotations`;
  const pages: Record<string, unknown>[] = [];
  for (let start = 0; start === 0 || start < items.length; start += pageSize) {
    pages.push({
      id: `${collectionId}?page=${pages.length}`,
      type: 'AnnotationPage',
      partOf: collectionId,
      startIndex: start,
      items: items.slice(start, start + pageSize),
    });
  }
  for (let i = pages.length - 2; i >= 0; i--) {
    (pages[i] as Record<string, unknown>).next = pages[i + 1];
    (pages[i + 1] as Record<string, unknown>).prev = (pages[i] as { id: string }).id;
  }
  return {
    '@context': W3C_CONTEXT,
    id: collectionId,
    type: 'AnnotationCollection',
    label: check.title,
    total: items.length,
    first: pages[0],
    last: (pages[pages.length - 1] as { id: string }).id,
    [FACTMARK.sources]: [...check.sources.values()],
    [FACTMARK.correctionsLog]: check.log,
  };
}

/** The annotations in any W3C shape: a collection (embedded pages), a page, an array, or one annotation. */
export function annotationsIn(json: unknown): {
  annotations: Record<string, unknown>[];
  sources: Source[];
  /** Factmark's corrections log, when the file carries one (checked by the importer). */
  log: unknown[];
} {
  const sources: unknown[] = [];
  const log: unknown[] = [];
  const out: Record<string, unknown>[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 10_000 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const obj = node as Record<string, unknown>;
    const type = obj.type;
    if (Array.isArray(obj[FACTMARK.sources])) sources.push(...(obj[FACTMARK.sources] as unknown[]));
    if (Array.isArray(obj[FACTMARK.correctionsLog])) log.push(...(obj[FACTMARK.correctionsLog] as unknown[]));
    if (type === 'Annotation' || (Array.isArray(type) && type.includes('Annotation'))) out.push(obj);
    else if (type === 'AnnotationCollection') visit(obj.first, depth + 1);
    else if (type === 'AnnotationPage') {
      visit(obj.items, depth + 1);
      if (obj.next && typeof obj.next === 'object') visit(obj.next, depth + 1);
    }
  };
  visit(json, 0);
  return {
    annotations: out,
    log,
    sources: sources.flatMap((s) => {
      const parsed = sourceSchema.safeParse(s);
      return parsed.success ? [parsed.data] : [];
    }),
  };
}
