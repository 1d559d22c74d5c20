/** schema.org ClaimReview for each claim, and the publish check that says what a claim lacks and which excerpts its sources do not say. */
import { verifyExcerpt } from '@factmark/anchoring';
import { citedClaimIds } from '@factmark/collab';
import { FactmarkError, shorten } from '@factmark/editor';
import type { ClaimReview, WithContext } from 'schema-dts';
import { type Check, numberedClaims } from './check.ts';

/** Who publishes the fact-check and where. */
export interface ClaimReviewOptions {
  /** The URL of the fact-check (each review gets `#claim-N` appended). */
  url: string;
  /** The fact-checking organization. */
  organization: { name: string; url?: string };
  /** Who made the claims (e.g. the ministry quoted); defaults to the article's publisher. */
  claimAuthor?: { name: string; type?: 'Organization' | 'Person' };
  /** The reviewed article: its URL, publisher and date. */
  article: { url: string; publisher?: string; datePublished?: string; headline?: string };
  /** The review's publication date (YYYY-MM-DD or ISO); defaults to today. */
  datePublished?: string;
}

/** The export is incomplete: the messages say what is missing, in words. */
export class PublishCheckError extends FactmarkError {
  constructor(readonly problems: string[]) {
    super('not_ready', `The check is not ready to publish: ${problems.join('; ')}`);
  }
}

/**
 * What a ClaimReview export would miss, in words people use, each claim
 * named by its words in the article: 'the claim “140 aircraft” has no
 * source'. Empty when ready.
 */
export function publishCheck(check: Check): string[] {
  const claims = numberedClaims(check);
  if (claims.length === 0) return ['the document has no claims'];
  const cited = citedClaimIds(
    claims.map((c) => ({ id: c.span.id, ranges: [{ from: c.span.start, to: c.span.end }] })),
    check.spans.flatMap((s) =>
      s.body.kind === 'citation' ? [{ claimId: s.body.claimId, ranges: [{ from: s.start, to: s.end }] }] : [],
    ),
  );
  const problems: string[] = [];
  for (const { span, body } of claims) {
    const claim = `the claim “${shorten(span.text || body.quote, 60)}”`;
    if (body.verdict === null) problems.push(`${claim} has no verdict`);
    if (body.sourceIds.length === 0 && !cited.has(span.id)) problems.push(`${claim} has no source`);
    if (body.rationale.trim() === '') problems.push(`${claim} has no rationale`);
  }
  return [...problems, ...excerptProblems(check)];
}

/** Citations whose excerpt is not in the text the server captured from their source, in words. */
function excerptProblems(check: Check): string[] {
  const problems: string[] = [];
  for (const span of check.spans) {
    if (span.body.kind !== 'citation' || span.body.excerpt.trim() === '') continue;
    const hash = check.captures.get(span.body.sourceId)?.capture?.hash;
    const text = hash ? check.evidence.get(hash) : undefined;
    if (text === undefined || verifyExcerpt(text, span.body.excerpt).verdict !== 'not_found') continue;
    const source = check.sources.get(span.body.sourceId);
    problems.push(
      `the excerpt “${shorten(span.body.excerpt, 60)}” cited on “${shorten(span.text, 40)}” is not found in ${
        source ? `“${shorten(source.title, 60)}”` : 'its source'
      } as captured`,
    );
  }
  return problems;
}

/**
 * One schema.org ClaimReview (JSON-LD) per claim with a verdict. Refuses
 * (PublishCheckError) while {@link publishCheck} finds problems, unless
 * `force` is set; forced, claims without a verdict are left out.
 */
export function claimReviews(check: Check, options: ClaimReviewOptions, force = false): WithContext<ClaimReview>[] {
  const problems = publishCheck(check);
  if (problems.length > 0 && !force) throw new PublishCheckError(problems);
  const { scale } = check;
  const published = options.datePublished ?? new Date().toISOString().slice(0, 10);
  const claimAuthor = options.claimAuthor ?? { name: options.article.publisher ?? 'Unknown', type: 'Organization' };
  return numberedClaims(check).flatMap(({ number, body }) => {
    if (body.verdict === null) return [];
    const value = scale.labels.find((l) => l.label === body.verdict)?.value;
    const onScale =
      value !== undefined && value >= Math.min(scale.worst, scale.best) && value <= Math.max(scale.worst, scale.best);
    const review: WithContext<ClaimReview> = {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `${options.url}#claim-${number}`,
      claimReviewed: shorten(body.statement),
      datePublished: published,
      author: {
        '@type': 'Organization',
        name: options.organization.name,
        ...(options.organization.url ? { url: options.organization.url } : {}),
      },
      reviewRating: {
        '@type': 'Rating',
        ...(onScale ? { ratingValue: value } : {}),
        bestRating: scale.best,
        worstRating: scale.worst,
        alternateName: body.verdict,
        ...(body.rationale ? { ratingExplanation: body.rationale } : {}),
      },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': claimAuthor.type ?? 'Organization', name: claimAuthor.name },
        ...(options.article.datePublished ? { datePublished: options.article.datePublished } : {}),
        appearance: {
          '@type': 'NewsArticle',
          url: options.article.url,
          ...(options.article.headline ? { headline: options.article.headline } : {}),
          ...(options.article.publisher
            ? { publisher: { '@type': 'Organization', name: options.article.publisher } }
            : {}),
        },
      },
    };
    return [review];
  });
}
