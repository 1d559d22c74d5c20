/** @factmark/interop: a fact-check in and out of Factmark (W3C, Hypothesis, ClaimReview, revisions, reports). */
export { IMPORT_ORIGIN, type Placement, writeAnnotations } from './apply.ts';
export { type Check, type CheckedSpan, numberedClaims, readCheck } from './check.ts';
export { type ClaimReviewOptions, claimReviews, PublishCheckError, publishCheck, shorten } from './claimreview.ts';
export {
  type CorrectedArticleOptions,
  correctedArticleHtml,
  correctedArticleMarkdown,
  correctionComments,
} from './corrected.ts';
export {
  type ImportedEntry,
  ImportFormatError,
  type ImportReport,
  importHypothesis,
  importW3C,
} from './import.ts';
export { articleHtml, articleMarkdown, escapeHtml, escapeMarkdown } from './render.ts';
export { reportHtml, reportMarkdown, verdictChartSvg, verdictCounts } from './report.ts';
export { type RevisionEntry, type RevisionReport, reviseArticle } from './revision.ts';
export {
  annotationsIn,
  exportW3C,
  FACTMARK,
  W3C_CONTEXT,
  type W3CExportOptions,
  type WebAnnotation,
  webAnnotations,
} from './w3c.ts';
