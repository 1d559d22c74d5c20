/** The workspace's view model: an annotation as the margin shows it, the margin's filters, and verdict presentation. */
import type { AnnotationBody, AnnotationEntry, ClaimBody, CorrectionBody, RatingScale, Source } from '@factmark/collab';
import type { AnnotationKind } from '@factmark/editor';
import { CATEGORY_LABELS, STANCE_LABELS, STATUS_LABELS } from '../labels.ts';

/** An annotation as the workspace shows it: its body and text, not where its span is (that moves as people type). */
export type WorkspaceEntry = Omit<AnnotationEntry, 'ranges'>;

/** True when `a` and `b` list the same annotations in the same order. */
export function sameIds(a: readonly WorkspaceEntry[], b: readonly WorkspaceEntry[]): boolean {
  return a === b || (a.length === b.length && a.every((entry, i) => entry.id === b[i]?.id));
}

/** True when a body reader sees `a` and `b` alike: the same annotation, kind and body (their text aside). */
export function sameBody(a: WorkspaceEntry | undefined, b: WorkspaceEntry | undefined): boolean {
  return a === b || (!!a && !!b && a.id === b.id && a.kind === b.kind && a.body === b.body && a.error === b.error);
}

/** True when `a` and `b` list the same annotations, in the same order, with the same kinds and bodies. */
export function sameBodies(a: readonly WorkspaceEntry[], b: readonly WorkspaceEntry[]): boolean {
  return a === b || (a.length === b.length && a.every((entry, i) => sameBody(entry, b[i])));
}

/** What the margin's filters ask for; empty strings mean "any". */
export interface MarginFilter {
  kind: AnnotationKind | '';
  verdict: string;
  status: string;
  assignee: string;
  author: string;
  query: string;
}

/** The filter that shows everything. */
export const NO_FILTER: MarginFilter = { kind: '', verdict: '', status: '', assignee: '', author: '', query: '' };

/** The verdict filter's value for claims without a verdict. */
export const NO_VERDICT = '(none)';
/** The assignee filter's value for claims nobody is assigned to. */
export const UNASSIGNED = '(unassigned)';

/** True when any filter is set. */
export function isFiltering(filter: MarginFilter): boolean {
  return Object.values(filter).some((v) => v !== '');
}

/** What a search finds a source by: its title, publisher, author, address and domain, and notes. */
function sourceWords(source: Source | undefined): string[] {
  if (!source) return [];
  return [source.title, source.publisher, source.author, source.url, domainOf(source.url), source.notes];
}

/**
 * All the text of an annotation a search looks through: its span, its body's
 * words and its thread, its sources (title, publisher, domain…), a status,
 * category or stance as the page names it.
 */
function searchableText(entry: WorkspaceEntry, sources: ReadonlyMap<string, Source>): string {
  const parts = [entry.text];
  const body = entry.body;
  if (body) {
    parts.push(body.author.name, ...body.thread.map((m) => m.text));
    if (body.kind === 'claim') {
      parts.push(body.statement, body.rationale, body.verdict ?? '', STATUS_LABELS[body.status]);
      parts.push(body.assignee?.name ?? '');
      for (const id of body.sourceIds) parts.push(...sourceWords(sources.get(id)));
    } else if (body.kind === 'citation') {
      parts.push(body.excerpt, STANCE_LABELS[body.stance], ...sourceWords(sources.get(body.sourceId)));
    } else if (body.kind === 'correction') {
      parts.push(body.original, body.proposed, body.rationale, CATEGORY_LABELS[body.category]);
    }
  }
  return parts.join('\n').toLocaleLowerCase();
}

/**
 * The annotations a filter lets through, in the order given. Verdict, status
 * and assignee filters concern claims only: other kinds are hidden while one
 * of them is set.
 */
export function filterAnnotations(
  entries: readonly WorkspaceEntry[],
  filter: MarginFilter,
  sources: ReadonlyMap<string, Source> = new Map(),
): WorkspaceEntry[] {
  const query = filter.query.trim().toLocaleLowerCase();
  return entries.filter((entry) => {
    const body = entry.body;
    if (filter.kind && entry.kind !== filter.kind) return false;
    if (filter.author && body?.author.id !== filter.author) return false;
    if (filter.verdict || filter.status || filter.assignee) {
      if (body?.kind !== 'claim') return false;
      if (filter.verdict && (body.verdict ?? NO_VERDICT) !== filter.verdict) return false;
      if (filter.status && body.status !== filter.status) return false;
      if (filter.assignee && (body.assignee?.id ?? UNASSIGNED) !== filter.assignee) return false;
    }
    return query === '' || searchableText(entry, sources).includes(query);
  });
}

/** A claim as the summary lists it. */
export interface SummaryClaim {
  id: string;
  statement: string;
}

/** The state of a check at a glance. */
export interface CheckSummary {
  claims: number;
  /** One bar per label of the scale, in the scale's order, plus claims without a verdict. */
  byVerdict: { label: string; count: number }[];
  withoutVerdict: SummaryClaim[];
  withoutSources: SummaryClaim[];
  pendingCorrections: { id: string; original: string; proposed: string }[];
  openComments: number;
}

/** Count claims by verdict and list what is still missing (`cited`: claims with a citation in their passage). */
export function summarize(
  entries: readonly WorkspaceEntry[],
  scale: RatingScale,
  cited: ReadonlySet<string> = new Set(),
): CheckSummary {
  const claims = entries.flatMap((e) => (e.body?.kind === 'claim' ? [{ entry: e, body: e.body }] : []));
  const counts = new Map(scale.labels.map((l) => [l.label, 0]));
  for (const { body } of claims)
    if (body.verdict !== null) counts.set(body.verdict, (counts.get(body.verdict) ?? 0) + 1);
  const item = ({ entry, body }: { entry: WorkspaceEntry; body: ClaimBody }) => ({
    id: entry.id,
    statement: body.statement,
  });
  const corrections = entries.flatMap((e) =>
    e.body?.kind === 'correction' && e.body.state === 'proposed' ? [e.body as CorrectionBody] : [],
  );
  return {
    claims: claims.length,
    byVerdict: [...counts].map(([label, count]) => ({ label, count })),
    withoutVerdict: claims.filter((c) => c.body.verdict === null).map(item),
    // A claim has a source when one is attached to it, or a citation sits in its passage (as the publish check counts).
    withoutSources: claims.filter((c) => c.body.sourceIds.length === 0 && !cited.has(c.entry.id)).map(item),
    pendingCorrections: corrections.map((c) => ({ id: c.id, original: c.original, proposed: c.proposed })),
    openComments: entries.filter((e) => e.body?.kind === 'comment' && !e.body.resolved).length,
  };
}

export {
  labelColor,
  type VerdictTone,
  verdictColor,
  verdictPosition,
  verdictSymbol,
  verdictTone,
} from '@factmark/collab';

/** The host name shown next to a source's URL, so a reader sees where a link goes. */
export function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Everyone who appears as an author in the annotations, for the author filter. */
export function authorsOf(entries: readonly WorkspaceEntry[]): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const e of entries) if (e.body) seen.set(e.body.author.id, e.body.author.name);
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Narrow a body to a claim. */
export function isClaim(body: AnnotationBody | null): body is ClaimBody {
  return body?.kind === 'claim';
}
