/** A document's check as the exports read it: annotations with their text offsets, orphans, sources, scale and log. */
import { ArticleText } from '@factmark/anchoring';
import {
  type AnnotationBody,
  type CaptureRecord,
  type CorrectionLogEntry,
  type Publication,
  type RatingScale,
  rangesText,
  readArticle,
  readBodies,
  readCaptures,
  readCorrectionsLog,
  readPublication,
  readRatingScale,
  readSources,
  readTitle,
  type Source,
  secondReviewerRequired,
  type TextSeparators,
  TopLevelBlocks,
} from '@factmark/collab';
import { type AnnotationKind, type AnnotationRange, findAnnotations } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import type * as Y from 'yjs';

/** An annotation of a check with where it is in the article's text. */
export interface CheckedSpan {
  id: string;
  kind: AnnotationKind;
  body: AnnotationBody;
  ranges: AnnotationRange[];
  /** Text offsets (see ArticleText) of the first range's start and the last range's end. */
  start: number;
  end: number;
  /** The text the span covers now. */
  text: string;
}

/** Everything about one document's check, read once from its Y.Doc (bodies validated; invalid ones left out). */
export interface Check {
  title: string;
  article: PMNode;
  text: ArticleText;
  /** Annotations that cover text, in document order. */
  spans: CheckedSpan[];
  /** Bodies without a span (their text was deleted). */
  orphans: AnnotationBody[];
  sources: Map<string, Source>;
  /** What the server found at each source (records of a URL the source no longer has left out). */
  captures: Map<string, CaptureRecord>;
  /**
   * The captured text of snapshots, by hash: empty as read from the document; the server fills it from its
   * snapshot store before the publish check, which verifies each citation's excerpt against it.
   */
  evidence: Map<string, string>;
  scale: RatingScale;
  log: CorrectionLogEntry[];
  /** The article's and the fact-check's publication details as the document holds them. */
  publication: Publication;
  /** True when a claim is published only after a second person checked it (the document's rule). */
  secondReviewer: boolean;
}

/** A span's text in a check: blocks, line breaks and ranges each on a line of their own. */
const AS_CHECKED: TextSeparators = { block: '\n', leaf: '\n', ranges: '\n' };

/** Read a document's check from its Y.Doc. */
export function readCheck(doc: Y.Doc): Check {
  const article = readArticle(doc);
  const text = new ArticleText(article);
  const bodies = readBodies(doc);
  const spans: CheckedSpan[] = [];
  const placed = new Set<string>();
  const blocks = new TopLevelBlocks(article);
  for (const found of findAnnotations(article)) {
    const body = bodies.get(found.id);
    const first = found.ranges[0];
    const last = found.ranges[found.ranges.length - 1];
    if (!body || !first || !last) continue;
    placed.add(found.id);
    spans.push({
      id: found.id,
      kind: found.kind,
      body,
      ranges: found.ranges,
      start: text.toOffset(first.from),
      end: text.toOffset(last.to),
      text: rangesText(article, found.ranges, blocks.holding(found.ranges), AS_CHECKED),
    });
  }
  const orphans = [...bodies.values()].filter((b) => !placed.has(b.id));
  const sources = readSources(doc);
  return {
    title: readTitle(doc),
    article,
    text,
    spans,
    orphans,
    sources,
    captures: readCaptures(doc, new Map([...sources].map(([id, source]) => [id, source.url]))),
    evidence: new Map(),
    scale: readRatingScale(doc),
    log: readCorrectionsLog(doc),
    publication: readPublication(doc),
    secondReviewer: secondReviewerRequired(doc),
  };
}

/** The claims of a check in document order, numbered from 1 as people refer to them ("claim 3"). */
export function numberedClaims(check: Check) {
  return check.spans
    .filter((s): s is CheckedSpan & { body: Extract<AnnotationBody, { kind: 'claim' }> } => s.body.kind === 'claim')
    .map((span, i) => ({ number: i + 1, span, body: span.body }));
}

/** How far a document's check has come: claims checked (or published) of all claims, and claims per verdict. */
export interface CheckProgress {
  claims: number;
  /** Claims whose status is checked or published. */
  checked: number;
  /** Claims per label of the scale, in the scale's order (labels no claim has left out). */
  verdicts: { label: string; count: number }[];
  /** The document's scale (for each label's place, colour and symbol). */
  scale: RatingScale;
}

/** The progress of a check (what the document list shows for each document). */
export function checkProgress(check: Check): CheckProgress {
  const claims = numberedClaims(check).map((c) => c.body);
  return {
    claims: claims.length,
    checked: claims.filter((c) => c.status === 'checked' || c.status === 'published').length,
    verdicts: check.scale.labels
      .map((l) => ({ label: l.label, count: claims.filter((c) => c.verdict === l.label).length }))
      .filter((v) => v.count > 0),
    scale: check.scale,
  };
}
