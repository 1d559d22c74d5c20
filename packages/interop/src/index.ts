/** @factmark/interop: a fact-check in and out of Factmark (W3C, Hypothesis, ClaimReview, revisions, reports). */
export { IMPORT_ORIGIN, type Placement, writeAnnotations } from './apply.ts';
export {
  type Check,
  type CheckedSpan,
  type CheckProgress,
  checkProgress,
  numberedClaims,
  readCheck,
} from './check.ts';
export {
  type ClaimReviewMarkupPage,
  type ClaimReviewOptions,
  claimReviewMarkupPage,
  claimReviews,
  markupMatchesReport,
  PublishCheckError,
  type PublishIssue,
  publishCheck,
  publishIssues,
  publishingIssues,
  readyToPublish,
  visibleText,
} from './claimreview.ts';
export { type CorrectedArticleOptions, correctedArticleHtml, correctedArticleMarkdown } from './corrected.ts';
export {
  type ImportedEntry,
  ImportFormatError,
  type ImportReport,
  importHypothesis,
  importW3C,
} from './import.ts';
export { escapeHtml } from './render.ts';
export { type ReportOptions, reportHtml, reportMarkdown } from './report.ts';
export { type RevisionEntry, type RevisionReport, reviseArticle } from './revision.ts';
export { exportW3C, type W3CExportOptions, type WebAnnotation } from './w3c.ts';
