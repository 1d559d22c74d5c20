/** A new revision of the article: every annotation anchored again in the new text, with a report of what moved. */
import { ArticleText, describeSpan, TextAnchorer } from '@factmark/anchoring';
import type { AnnotationKind } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import { type Placement, writeAnnotations } from './apply.ts';
import { readCheck } from './check.ts';

/** What happened to one annotation when a new revision of the article came in. */
export interface RevisionEntry {
  id: string;
  kind: AnnotationKind;
  /** Its text before the revision. */
  before: string;
  /** Its text after (absent when orphaned). */
  after?: string;
  reason?: string;
}

/** Every annotation of the document, by what the revision did to it. */
export interface RevisionReport {
  unchanged: RevisionEntry[];
  /** Same text, somewhere else. */
  moved: RevisionEntry[];
  /** Found again, but its text was edited. */
  changed: RevisionEntry[];
  /** Several places fit and nothing tells them apart: kept without a span (re-attach it), with the reason. */
  ambiguous: RevisionEntry[];
  /** Its text is gone: the body is kept as an orphan, with the reason. */
  orphaned: RevisionEntry[];
}

/**
 * Bring in a new revision of the article (the publisher edited it): the
 * article's text becomes `revision`, and every annotation is anchored again
 * on the new text by its quote, context and old position — in one Yjs
 * transaction, so colleagues see the new text already annotated. Bodies are
 * left as they are; annotations whose text is gone become orphans.
 * (Keeping the previous revision as a version is the caller's part.)
 */
export function reviseArticle(doc: Y.Doc, revision: PMNode): RevisionReport {
  const check = readCheck(doc);
  const after = new ArticleText(revision);
  const anchorer = new TextAnchorer(after.text);
  const report: RevisionReport = { unchanged: [], moved: [], changed: [], ambiguous: [], orphaned: [] };
  const placements: Placement[] = [];
  for (const span of check.spans) {
    const { quote, position } = describeSpan(check.text.text, span.start, span.end);
    const result = anchorer.anchor(quote, position);
    const entry: RevisionEntry = { id: span.id, kind: span.kind, before: quote.exact };
    if (result.status === 'orphan' || result.status === 'ambiguous') {
      (result.status === 'orphan' ? report.orphaned : report.ambiguous).push({ ...entry, reason: result.reason });
      continue;
    }
    const text = after.text.slice(result.start, result.end);
    const moved = result.start !== span.start;
    if (result.status === 'approximate' || text !== quote.exact) report.changed.push({ ...entry, after: text });
    else (moved ? report.moved : report.unchanged).push({ ...entry, after: text });
    placements.push({ body: span.body, range: { from: after.toPos(result.start), to: after.toPos(result.end) } });
  }
  writeAnnotations(doc, placements, [], revision, { writeBodies: false });
  return report;
}
