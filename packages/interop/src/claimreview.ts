/**
 * The published check as the consumers of ClaimReview read it: schema.org ClaimReview JSON-LD per claim, the Fact
 * Check Tools API's ClaimReviewMarkupPage (what a desk submits to Google's Fact Check Explorer today), and the check
 * that the markup says what the visible report says.
 */

import type { Claimant, Publication } from '@factmark/collab';
import type { factchecktools_v1alpha1 } from '@googleapis/factchecktools';
import type { ClaimReview, Organization, Person, WithContext } from 'schema-dts';
import { type Check, numberedClaims } from './check.ts';
import {
  appearancesOf,
  PublishCheckError,
  type PublishIssue,
  publicationOf,
  publishIssues,
  reviewUrl,
} from './publishing.ts';
import { reportHtml } from './report.ts';

export { PublishCheckError, type PublishIssue, publishCheck, publishIssues } from './publishing.ts';

/** Who publishes the fact-check, where and when, beyond what the document says. */
export interface ClaimReviewOptions {
  /** The document's own URL: each review's URL while the fact-check has no publication URL (forced exports only). */
  documentUrl: string;
  /** The server's defaults for what the document leaves empty (the organisation, its URL and logo). */
  defaults?: Publication;
  /** The review's publication date (YYYY-MM-DD); defaults to today. */
  datePublished?: string;
}

/** The Fact Check Tools API's page of ClaimReview markup. */
export type ClaimReviewMarkupPage =
  factchecktools_v1alpha1.Schema$GoogleFactcheckingFactchecktoolsV1alpha1ClaimReviewMarkupPage;

function claimantJsonLd(claimant: Claimant): Person | Organization {
  const common = { name: claimant.name, ...(claimant.url ? { url: claimant.url } : {}) };
  return claimant.kind === 'person'
    ? { '@type': 'Person', ...common, ...(claimant.role ? { jobTitle: claimant.role } : {}) }
    : { '@type': 'Organization', ...common, ...(claimant.role ? { description: claimant.role } : {}) };
}

/** One review per claim with a verdict, with everything both formats share. */
function reviewed(check: Check, options: ClaimReviewOptions) {
  const publication = publicationOf(check, options.defaults);
  const { scale } = check;
  return numberedClaims(check).flatMap(({ number, body }) => {
    if (body.verdict === null) return [];
    const value = scale.labels.find((l) => l.label === body.verdict)?.value;
    const onScale =
      value !== undefined && value >= Math.min(scale.worst, scale.best) && value <= Math.max(scale.worst, scale.best);
    return [
      {
        url: reviewUrl(publication, number, options.documentUrl),
        statement: body.statement,
        verdict: body.verdict,
        value: onScale ? value : undefined,
        rationale: body.rationale,
        claimant: body.claimant ?? null,
        claimDate: body.claimDate ?? undefined,
        appearances: appearancesOf(body, publication),
        firstAppearance: body.firstAppearance ?? undefined,
      },
    ];
  });
}

/**
 * One schema.org ClaimReview (JSON-LD) per claim with a verdict: the fact-check's own URL, the claimant, the claim's
 * date and appearances, the organisation with its logo, `claimReviewed` whole. Refuses (PublishCheckError) while
 * {@link publishCheck} finds problems, unless `force` is set; forced, claims without a verdict are left out.
 */
export function claimReviews(check: Check, options: ClaimReviewOptions, force = false): WithContext<ClaimReview>[] {
  if (!force) refuseUnready(check, options);
  const publication = publicationOf(check, options.defaults);
  const published = options.datePublished ?? new Date().toISOString().slice(0, 10);
  const organization: Organization = {
    '@type': 'Organization',
    name: publication.organizationName ?? 'Unnamed fact-checking desk',
    ...(publication.organizationUrl ? { url: publication.organizationUrl } : {}),
    ...(publication.organizationLogo ? { logo: { '@type': 'ImageObject', url: publication.organizationLogo } } : {}),
  };
  return reviewed(check, options).map((r) => ({
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: r.url,
    claimReviewed: r.statement,
    datePublished: published,
    ...(publication.articleLanguage ? { inLanguage: publication.articleLanguage } : {}),
    author: organization,
    reviewRating: {
      '@type': 'Rating',
      ...(r.value !== undefined ? { ratingValue: r.value } : {}),
      bestRating: check.scale.best,
      worstRating: check.scale.worst,
      alternateName: r.verdict,
      ...(r.rationale ? { ratingExplanation: r.rationale } : {}),
    },
    itemReviewed: {
      '@type': 'Claim',
      ...(r.claimant ? { author: claimantJsonLd(r.claimant) } : {}),
      ...(r.claimDate ? { datePublished: r.claimDate } : {}),
      appearance: r.appearances.map((url) => ({
        '@type': 'CreativeWork' as const,
        url,
        ...(url === publication.articleUrl ? articleFields(check, publication) : {}),
      })),
      ...(r.firstAppearance ? { firstAppearance: { '@type': 'CreativeWork', url: r.firstAppearance } } : {}),
    },
  }));
}

function articleFields(check: Check, publication: Publication) {
  return {
    headline: check.title,
    ...(publication.articlePublishedAt ? { datePublished: publication.articlePublishedAt } : {}),
    ...(publication.articlePublisher
      ? { publisher: { '@type': 'Organization' as const, name: publication.articlePublisher } }
      : {}),
    ...(publication.articleAuthors?.length
      ? { author: publication.articleAuthors.map((name) => ({ '@type': 'Person' as const, name })) }
      : {}),
  };
}

/**
 * The Fact Check Tools API's ClaimReviewMarkupPage for the check: the page's URL, date and author, and per claim its
 * review URL, the claim, its date, appearances, first appearance and author, and the rating. Refused like
 * {@link claimReviews} while the publish check finds problems.
 */
export function claimReviewMarkupPage(check: Check, options: ClaimReviewOptions, force = false): ClaimReviewMarkupPage {
  if (!force) refuseUnready(check, options);
  const publication = publicationOf(check, options.defaults);
  return {
    pageUrl: publication.factCheckUrl ?? options.documentUrl,
    publishDate: options.datePublished ?? new Date().toISOString().slice(0, 10),
    claimReviewAuthor: {
      name: publication.organizationName ?? 'Unnamed fact-checking desk',
      ...(publication.organizationLogo ? { imageUrl: publication.organizationLogo } : {}),
    },
    claimReviewMarkups: reviewed(check, options).map((r) => ({
      url: r.url,
      claimReviewed: r.statement,
      ...(r.claimDate ? { claimDate: r.claimDate } : {}),
      claimAppearances: r.appearances,
      ...(r.firstAppearance ? { claimFirstAppearance: r.firstAppearance } : {}),
      ...(r.claimant
        ? {
            claimAuthor: {
              name: r.claimant.name,
              ...(r.claimant.role ? { jobTitle: r.claimant.role } : {}),
              ...(r.claimant.url ? { sameAs: r.claimant.url } : {}),
            },
          }
        : {}),
      rating: {
        textualRating: r.verdict,
        ...(r.value !== undefined ? { ratingValue: r.value } : {}),
        bestRating: check.scale.best,
        worstRating: check.scale.worst,
        ...(r.rationale ? { ratingExplanation: r.rationale } : {}),
      },
    })),
  };
}

/**
 * Everything that stands between the check and publishing, in words: the publish check, and the markup against the
 * visible report (a rating label the report does not show). Empty when ready.
 */
export function readyToPublish(check: Check, options: ClaimReviewOptions): string[] {
  return publishingIssues(check, options).map((i) => i.message);
}

/** {@link readyToPublish} with the annotation each problem is about (the app links to it). */
export function publishingIssues(check: Check, options: ClaimReviewOptions): PublishIssue[] {
  const issues = publishIssues(check, options.defaults);
  const reviews = claimReviews(check, options, true);
  const claims = numberedClaims(check);
  const markup = markupMismatches(reviews, reportHtml(check, options)).map(({ message, anchor }) => {
    const number = Number(/^claim-(\d+)$/.exec(anchor)?.[1] ?? 0);
    return { message, annotationId: claims[number - 1]?.span.id ?? null };
  });
  return [...issues, ...markup];
}

function refuseUnready(check: Check, options: ClaimReviewOptions): void {
  const problems = readyToPublish(check, options);
  if (problems.length > 0) throw new PublishCheckError(problems);
}

/** The text a reader sees in an HTML page (scripts, styles and tags left out; entities read). */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(
      /<\/?(p|h[1-6]|li|ul|ol|section|header|footer|figure|figcaption|blockquote|main|article|aside|table|tr|td|th|br|text|svg)\b[^>]*>/gi,
      ' ',
    )
    .replace(/<[^>]+>/g, '')
    .replace(
      /&(lt|gt|quot|#39|amp);/g,
      (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '',
    )
    .replace(/\s+/g, ' ');
}

/**
 * Does the markup match the visible report, as Google's rules ask? For each review: the report's section for its
 * claim (`id="claim-N"`) shows its rating label and the claim reviewed. Problems in words; empty when they match.
 */
export function markupMatchesReport(reviews: WithContext<ClaimReview>[], reportHtml: string): string[] {
  return markupMismatches(reviews, reportHtml).map((m) => m.message);
}

/** The mismatches, each with the anchor (`claim-N`) of the review it is about. */
function markupMismatches(reviews: WithContext<ClaimReview>[], reportHtml: string) {
  const problems: { message: string; anchor: string }[] = [];
  for (const review of reviews) {
    const anchor = String(review.url ?? '').split('#')[1] ?? '';
    const section = new RegExp(`<section[^>]*\\bid="${anchor}"[^>]*>([\\s\\S]*?)</section>`).exec(reportHtml)?.[1];
    const claim = String(review.claimReviewed ?? '');
    const label = String((review.reviewRating as { alternateName?: unknown } | undefined)?.alternateName ?? '');
    const add = (message: string) => problems.push({ message, anchor });
    if (section === undefined) {
      add(`the report has no section for the claim “${claim}”`);
      continue;
    }
    const text = visibleText(section);
    if (!text.includes(label)) add(`the report does not show the rating “${label}” of the claim “${claim}”`);
    if (!text.includes(claim.replace(/\s+/g, ' '))) add(`the report does not show the claim “${claim}”`);
  }
  return problems;
}
