/** The import of Hypothesis annotations: comments (claims when tagged "claim") with their replies as threads. */
import { type Actor, claimStatement } from '@factmark/collab';
import { newAnnotationId } from '@factmark/editor';
import type * as Y from 'yjs';
import {
  base,
  type Candidate,
  type Context,
  emptyReport,
  ImportFormatError,
  type ImportReport,
  isoTime,
  message,
  place,
  selectorsOf,
} from './import-core.ts';

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

/** The Hypothesis account as an author (its display name when it has one). */
function hypothesisUser(row: Record<string, unknown>, fallback: Actor): Actor {
  const user = typeof row.user === 'string' ? row.user : '';
  const display = (row.user_info as { display_name?: unknown } | undefined)?.display_name;
  const name = typeof display === 'string' && display ? display : (/^acct:([^@]+)@/.exec(user)?.[1] ?? user);
  return user ? { id: user.slice(0, 200), name: (name || user).slice(0, 200) } : fallback;
}
