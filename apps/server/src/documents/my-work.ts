/**
 * My work: what waits for a person across every document they are a member of — claims assigned to them, claims
 * they marked without a verdict or a source, corrections waiting for an editor's decision (editors and owners),
 * threads they started that a colleague answered last, mentions of them not answered yet, and claims waiting for
 * them as second reviewer. Each
 * document's annotations are read once per version of it (the store's `updatedAt`) and kept, so a page that asks
 * every few seconds costs a filter, not a read of every document.
 */
import type { WorkItem } from '@factmark/api';
import { hasSecondCheck, may, mentionedIds, type Role, verdictAuthor } from '@factmark/collab';
import { collapseWhitespace, shorten } from '@factmark/editor';
import { type CheckedSpan, readCheck } from '@factmark/interop';
import type { DocumentMeta } from '../storage/store.ts';
import type { DocumentAccess } from './document-access.ts';

/** What My work needs of one annotation (the same for every person; each person's rows are filtered from these). */
interface Summary {
  id: string;
  kind: WorkItem['kind'];
  text: string;
  authorId: string;
  changedAt: string;
  status?: string;
  verdict: string | null;
  assigneeId?: string | null;
  hasSource?: boolean;
  /** The verdict's giver, when it waits for a second reviewer. */
  awaitsCheckFrom?: { id: string; name: string } | null;
  proposed?: boolean;
  resolved?: boolean;
  starterId?: string;
  last?: { id: string; name: string };
  /** People mentioned who have not written in the thread since, each with who mentioned them. */
  mentioned?: Record<string, string>;
}

/** The people mentioned in `thread` or `rationale` who have not written in the thread since, with who mentioned them. */
function waitingMentions(body: CheckedSpan['body']): Record<string, string> | undefined {
  const waiting: Record<string, string> = {};
  const thread = body.thread;
  thread.forEach((m, i) => {
    for (const id of mentionedIds(m.text))
      if (!thread.slice(i + 1).some((later) => later.author.id === id)) waiting[id] = m.author.name;
  });
  if (body.kind === 'claim')
    for (const id of mentionedIds(body.rationale))
      if (!(id in waiting) && !thread.some((m) => m.author.id === id)) waiting[id] = body.updatedBy.name;
  return Object.keys(waiting).length > 0 ? waiting : undefined;
}

function summaryOf(span: CheckedSpan, cited: Set<string>, secondReviewer: boolean): Summary {
  const body = span.body;
  const thread = body.thread;
  const base: Summary = {
    id: span.id,
    kind: body.kind,
    text: shorten(collapseWhitespace(body.kind === 'claim' ? body.statement : span.text || body.quote), 140),
    authorId: body.author.id,
    changedAt: body.updatedAt,
    verdict: null,
    ...(thread[0] ? { starterId: thread[0].author.id } : {}),
    ...(thread.length > 1 ? { last: thread[thread.length - 1]?.author } : {}),
    mentioned: waitingMentions(body),
  };
  if (body.kind === 'claim') {
    const waits = secondReviewer && body.verdict !== null && body.status !== 'published' && !hasSecondCheck(body);
    return {
      ...base,
      status: body.status,
      verdict: body.verdict,
      assigneeId: body.assignee?.id ?? null,
      hasSource: body.sourceIds.length > 0 || cited.has(span.id),
      awaitsCheckFrom: waits ? verdictAuthor(body) : null,
    };
  }
  if (body.kind === 'correction') return { ...base, proposed: body.state === 'proposed' };
  if (body.kind === 'comment') return { ...base, resolved: body.resolved };
  return base;
}

/** The rows `summary` makes for the person `userId` with `role` (none when nothing of it waits for them). */
function rowsFor(s: Summary, userId: string, role: Role): Omit<WorkItem, 'documentId' | 'documentTitle'>[] {
  const rows: Omit<WorkItem, 'documentId' | 'documentTitle'>[] = [];
  const row = (category: WorkItem['category'], detail: string) =>
    rows.push({
      category,
      annotationId: s.id,
      kind: s.kind,
      text: s.text,
      verdict: s.verdict,
      detail,
      changedAt: s.changedAt,
    });
  if (s.kind === 'claim') {
    if (s.assigneeId === userId && s.status !== 'published') row('assigned', 'assigned to you');
    if (s.authorId === userId && (s.verdict === null || !s.hasSource))
      row(
        'unfinished',
        s.verdict === null ? (s.hasSource ? 'no verdict yet' : 'no verdict or source yet') : 'no source yet',
      );
    if (s.awaitsCheckFrom && s.awaitsCheckFrom.id !== userId && may(role, 'judge', s.authorId === userId))
      row('review', `${s.awaitsCheckFrom.name} gave it “${s.verdict}”: a second reviewer checks it`);
  }
  if (s.kind === 'correction' && s.proposed && may(role, 'decideCorrection')) row('decision', 'waits for a decision');
  if (s.starterId === userId && s.last && s.last.id !== userId && !s.resolved) row('replies', `${s.last.name} replied`);
  const mentionedBy = s.mentioned?.[userId];
  if (mentionedBy && !s.resolved && s.status !== 'published') row('mentioned', `${mentionedBy} mentioned you`);
  return rows;
}

/** My work, kept per document version. */
export class MyWork {
  private readonly known = new Map<string, { updatedAt: string; summaries: Summary[] }>();

  constructor(private readonly documents: DocumentAccess) {}

  private async summaries(meta: DocumentMeta): Promise<Summary[]> {
    const cached = this.known.get(meta.id);
    if (cached?.updatedAt === meta.updatedAt) return cached.summaries;
    const check = await this.documents.read(meta.id, readCheck);
    const cited = new Set(
      check.spans.flatMap((s) => (s.body.kind === 'citation' && s.body.claimId ? [s.body.claimId] : [])),
    );
    const summaries = check.spans.map((span) => summaryOf(span, cited, check.secondReviewer));
    this.known.set(meta.id, { updatedAt: meta.updatedAt, summaries });
    return summaries;
  }

  /** What waits for `userId` in `documents` (each with the person's role there), newest change first. */
  async of(userId: string, documents: readonly (DocumentMeta & { role: Role })[]): Promise<WorkItem[]> {
    const perDocument = await Promise.all(
      documents.map(async (meta) =>
        (await this.summaries(meta)).flatMap((s) =>
          rowsFor(s, userId, meta.role).map((r) => ({ ...r, documentId: meta.id, documentTitle: meta.title })),
        ),
      ),
    );
    // ISO times order as strings: a plain comparison (localeCompare goes through ICU, slow over thousands of rows).
    return perDocument.flat().sort((a, b) => (a.changedAt < b.changedAt ? 1 : a.changedAt > b.changedAt ? -1 : 0));
  }

  /** Forget a deleted document. */
  forget(documentId: string): void {
    this.known.delete(documentId);
  }
}
