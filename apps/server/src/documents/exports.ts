/** Exports of a check: W3C Web Annotations, ClaimReview, the corrected article and the report, each with its content type. */

import { EXPORT_FORMATS, type ExportFormat } from '@factmark/api';
import type { Publication } from '@factmark/collab';
import { isHttpUrl } from '@factmark/collab';
import { FactmarkError } from '@factmark/editor';
import {
  type Check,
  claimReviewMarkupPage,
  claimReviews,
  correctedArticleHtml,
  correctedArticleMarkdown,
  exportW3C,
  type PublishIssue,
  publishingIssues,
  reportHtml,
  reportMarkdown,
} from '@factmark/interop';
import { PdfPrinter } from './pdf.ts';

/** The formats a document can be exported in (@factmark/api's: the export route's query takes them). */
export { EXPORT_FORMATS, type ExportFormat };

/** What an export needs besides the check: where the document lives, who publishes, and how to print. */
export interface ExportOptions {
  /** This document's URL (annotation ids derive from it; a forced ClaimReview's URLs while it has no fact-check URL). */
  documentUrl: string;
  /** Overrides the article's URL of the publication details (the annotations' target; else the document's URL). */
  articleUrl?: string;
  /** Overrides the organisation of the publication details. */
  organization?: string;
  /** The server's defaults for what the document leaves empty (its settings: the organisation, its logo). */
  defaults?: Publication;
  /** Export ClaimReview even though the publish check finds problems. */
  force?: boolean;
  /** The printer for the PDF formats (a server without Chromium has none). */
  printer?: PdfPrinter;
  /** The date the exports carry (YYYY-MM-DD); defaults to today. */
  datePublished?: string;
}

/** One export, ready to send or write. */
export interface ExportResult {
  contentType: string;
  extension: string;
  body: string | Uint8Array;
}

/** The publication defaults an export reads: the server's, then the request's overrides on top of the document's. */
function publishingOptions(check: Check, options: ExportOptions) {
  // The article's URL ends up in links and in published markup: http and https only, whoever asks (the API or the CLI).
  if (options.articleUrl && !isHttpUrl(options.articleUrl))
    throw new FactmarkError(
      'invalid_body',
      `The article's URL must be an http or https address: ${options.articleUrl}`,
    );
  if (options.articleUrl) check.publication.articleUrl = options.articleUrl;
  if (options.organization) check.publication.organizationName = options.organization;
  return {
    documentUrl: options.documentUrl,
    defaults: options.defaults ?? {},
    ...(options.datePublished ? { datePublished: options.datePublished } : {}),
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const HTML = 'text/html; charset=utf-8';
const MARKDOWN = 'text/markdown; charset=utf-8';

/**
 * Render a check in `format`. ClaimReview (either form) throws PublishCheckError while the check is not ready and
 * not forced; the PDFs need the printer (a clear `unavailable` error without Chromium).
 */
export async function renderExport(check: Check, format: ExportFormat, options: ExportOptions): Promise<ExportResult> {
  const publishing = publishingOptions(check, options);
  const articleUrl = check.publication.articleUrl || options.documentUrl;
  const force = options.force ?? false;
  switch (format) {
    case 'w3c':
      return {
        contentType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        extension: 'jsonld',
        body: json(exportW3C(check, { articleUrl, documentUrl: options.documentUrl })),
      };
    case 'claimreview':
      return {
        contentType: 'application/ld+json',
        extension: 'jsonld',
        body: json(claimReviews(check, publishing, force)),
      };
    case 'claimreview-markup':
      return {
        contentType: 'application/json',
        extension: 'json',
        body: json(claimReviewMarkupPage(check, publishing, force)),
      };
    case 'corrected-html':
      return { contentType: HTML, extension: 'html', body: correctedArticleHtml(check, publishing) };
    case 'corrected-md':
      return { contentType: MARKDOWN, extension: 'md', body: correctedArticleMarkdown(check, publishing) };
    case 'report-html':
      return { contentType: HTML, extension: 'html', body: reportHtml(check, publishing) };
    case 'report-md':
      return { contentType: MARKDOWN, extension: 'md', body: reportMarkdown(check, publishing) };
    case 'corrected-pdf':
    case 'report-pdf': {
      const printer = options.printer ?? new PdfPrinter(null);
      const html = format === 'report-pdf' ? reportHtml(check, publishing) : correctedArticleHtml(check, publishing);
      return { contentType: 'application/pdf', extension: 'pdf', body: await printer.print(html) };
    }
  }
}

/** What stands between the check and publishing, in words, each with its annotation (the app links to it). */
export function publishProblems(check: Check, options: ExportOptions): PublishIssue[] {
  return publishingIssues(check, publishingOptions(check, options));
}
