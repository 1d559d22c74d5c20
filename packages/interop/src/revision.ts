/** A new revision of the article: every annotation anchored again in the new text, with a report of what moved. */
import { ArticleText, describeSpan, TextAnchorer } from '@factmark/anchoring';
import type { AnnotationKind } from '@factmark/editor';
import { diffWordsWithSpace } from 'diff';
import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';
import { type Placement, writeAnnotations } from './apply.ts';
import { readCheck } from './check.ts';
import { reviewCandidates } from './import-core.ts';

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
 * A map of offsets in `before` to offsets in `after`, through a word diff (jsdiff): an offset in words that stayed
 * moves with them; one in words taken out goes to where they were.
 */
function offsetMap(before: string, after: string): (offset: number) => number {
  /** Stretches of `before`: where each starts in `after`, and whether its words stayed (else they were taken out). */
  const stretches: { from: number; to: number; now: number; kept: boolean }[] = [];
  let old = 0;
  let now = 0;
  for (const part of diffWordsWithSpace(before, after)) {
    const length = part.value.length;
    if (part.added) {
      now += length;
      continue;
    }
    stretches.push({ from: old, to: old + length, now, kept: !part.removed });
    old += length;
    if (!part.removed) now += length;
  }
  return (offset) => {
    const s = stretches.find((x) => offset >= x.from && offset < x.to);
    if (!s) return now;
    return s.kept ? s.now + (offset - s.from) : s.now;
  };
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
  const toNew = offsetMap(check.text.text, after.text);
  const report: RevisionReport = { unchanged: [], moved: [], changed: [], ambiguous: [], orphaned: [] };
  const placements: Placement[] = [];
  for (const span of check.spans) {
    const { quote, position } = describeSpan(check.text.text, span.start, span.end);
    // The old position carried through the edit: where the same words still stand, it is exact.
    const moved = { ...position, start: toNew(position.start), end: toNew(position.end) };
    const result = anchorer.anchor(quote, moved);
    const entry: RevisionEntry = { id: span.id, kind: span.kind, before: quote.exact };
    if (result.status === 'orphan') {
      report.orphaned.push({ ...entry, reason: result.reason });
      continue;
    }
    if (result.status === 'ambiguous') {
      // Unplaced, its candidates kept in the body for a person (the margin's Needs review).
      report.ambiguous.push({ ...entry, reason: result.reason });
      const candidates = reviewCandidates(after, result.candidates);
      placements.push({
        body: span.body,
        range: null,
        review: { band: 'ambiguous', reason: result.reason, candidates },
      });
      continue;
    }
    const text = after.text.slice(result.start, result.end);
    if (result.status === 'approximate' || text !== quote.exact) report.changed.push({ ...entry, after: text });
    else (result.start !== span.start ? report.moved : report.unchanged).push({ ...entry, after: text });
    const range = { from: after.toPos(result.start), to: after.toPos(result.end) };
    const review =
      result.status === 'approximate'
        ? { band: 'approximate' as const, reason: `its words were edited: “${text}”`, candidates: [] }
        : undefined;
    placements.push({ body: span.body, range, ...(review ? { review } : {}) });
  }
  writeAnnotations(doc, placements, [], revision, { writeBodies: false });
  return report;
}
