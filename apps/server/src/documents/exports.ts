/** Exports of a check: W3C Web Annotations, ClaimReview, the corrected article and the report, each with its content type. */

import { isHttpUrl } from '@factmark/collab';
import { FactmarkError } from '@factmark/editor';
import {
  type Check,
  claimReviews,
  correctedArticleHtml,
  correctedArticleMarkdown,
  exportW3C,
  reportHtml,
  reportMarkdown,
} from '@factmark/interop';

/** The formats a document can be exported in. */
export const EXPORT_FORMATS = [
  'w3c',
  'claimreview',
  'corrected-html',
  'corrected-md',
  'report-html',
  'report-md',
] as const;
/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export needs besides the check: where the document and the article live, and who publishes. */
export interface ExportOptions {
  /** This document's URL (annotation ids and the fact-check's URL derive from it). */
  documentUrl: string;
  /** The article's canonical URL (the annotations' target); defaults to the document's URL. */
  articleUrl?: string;
  /** The fact-checking organization named in ClaimReview. */
  organization?: string;
  /** Who made the claims, for ClaimReview's itemReviewed. */
  claimAuthor?: string;
  /** Export ClaimReview even though the publish check finds problems. */
  force?: boolean;
}

/** One export, ready to send or write. */
export interface ExportResult {
  contentType: string;
  extension: string;
  body: string;
}

/** Render a check in `format`. ClaimReview throws PublishCheckError while the check is incomplete and not forced. */
export function renderExport(check: Check, format: ExportFormat, options: ExportOptions): ExportResult {
  // The article's URL ends up in links and in published markup: http and https only, whoever asks (the API or the CLI).
  if (options.articleUrl && !isHttpUrl(options.articleUrl))
    throw new FactmarkError(
      'invalid_body',
      `The article's URL must be an http or https address: ${options.articleUrl}`,
    );
  const articleUrl = options.articleUrl || options.documentUrl;
  switch (format) {
    case 'w3c':
      return {
        contentType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        extension: 'jsonld',
        body: `${JSON.stringify(exportW3C(check, { articleUrl, documentUrl: options.documentUrl }), null, 2)}\n`,
      };
    case 'claimreview':
      return {
        contentType: 'application/ld+json',
        extension: 'jsonld',
        body: `${JSON.stringify(
          claimReviews(
            check,
            {
              url: options.documentUrl,
              organization: { name: options.organization || 'Factmark' },
              ...(options.claimAuthor ? { claimAuthor: { name: options.claimAuthor } } : {}),
              article: { url: articleUrl, headline: check.title },
            },
            options.force ?? false,
          ),
          null,
          2,
        )}\n`,
      };
    case 'corrected-html':
      return {
        contentType: 'text/html; charset=utf-8',
        extension: 'html',
        body: correctedArticleHtml(check, { url: articleUrl }),
      };
    case 'corrected-md':
      return { contentType: 'text/markdown; charset=utf-8', extension: 'md', body: correctedArticleMarkdown(check) };
    case 'report-html':
      return { contentType: 'text/html; charset=utf-8', extension: 'html', body: reportHtml(check) };
    case 'report-md':
      return { contentType: 'text/markdown; charset=utf-8', extension: 'md', body: reportMarkdown(check) };
  }
}
