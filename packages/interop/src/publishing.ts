/**
 * What a published fact-check needs and says: the publication details with the server's defaults, each claim's
 * appearances, its review URL, who checked it — and the publish check, which says in words what is missing before
 * anything goes out (every claim named by its words in the article, never by an id).
 */
import { verifyExcerpt } from '@factmark/anchoring';
import { awaitingSecondCheck, type ClaimBody, citedClaimIds, type Publication, verdictAuthor } from '@factmark/collab';
import { FactmarkError, shorten } from '@factmark/editor';
import { type Check, type CheckedSpan, numberedClaims } from './check.ts';

/** The export is incomplete: the messages say what is missing, in words. */
export class PublishCheckError extends FactmarkError {
  constructor(readonly problems: string[]) {
    super('not_ready', `The check is not ready to publish: ${problems.join('; ')}`);
  }
}

/** The document's publication details over `defaults` (the server's settings: the organisation, its logo). */
export function publicationOf(check: Check, defaults: Publication = {}): Publication {
  return { ...defaults, ...check.publication };
}

/** Where a claim appeared: its own list, else the article checked (when its URL is known). */
export function appearancesOf(body: ClaimBody, publication: Publication): string[] {
  if (body.appearances && body.appearances.length > 0) return body.appearances;
  return publication.articleUrl ? [publication.articleUrl] : [];
}

/** The URL of claim `number`'s review: the fact-check's URL with `#claim-N` (`fallback` while it has none). */
export function reviewUrl(publication: Publication, number: number, fallback: string): string {
  return `${(publication.factCheckUrl ?? fallback).replace(/#.*$/, '')}#claim-${number}`;
}

/** The people who gave the verdicts and checked them, in the order they first appear, for the byline. */
export function checkers(check: Check): string[] {
  const names = new Set<string>();
  for (const { body } of numberedClaims(check)) {
    const by = body.verdict === null ? null : verdictAuthor(body);
    if (by) names.add(by.name);
    if (body.checkedBy) names.add(body.checkedBy.name);
  }
  return [...names];
}

/** The sources a claim rests on: attached to it, and those its citations quote. */
export function claimSourceIds(check: Check, span: CheckedSpan, body: ClaimBody): string[] {
  const ids = new Set(body.sourceIds);
  for (const s of citationsOf(check, span)) if (s.body.kind === 'citation') ids.add(s.body.sourceId);
  return [...ids];
}

/** The citations that count for a claim: linked to it, or (unlinked) overlapping its passage. */
export function citationsOf(check: Check, claim: CheckedSpan): CheckedSpan[] {
  return check.spans.filter((s) => {
    if (s.body.kind !== 'citation') return false;
    if (s.body.claimId) return s.body.claimId === claim.id;
    return s.start < claim.end && s.end > claim.start;
  });
}

/** One thing publishing would miss, in words, with the annotation it is about (null: the document). */
export interface PublishIssue {
  message: string;
  annotationId: string | null;
}

/**
 * What publishing would miss, in words people use, each claim named by its words in the article: 'the claim
 * “140 aircraft” has no source'. Empty when ready. `defaults`: the server's publication settings.
 */
export function publishCheck(check: Check, defaults: Publication = {}): string[] {
  return publishIssues(check, defaults).map((i) => i.message);
}

/** {@link publishCheck} with each problem's annotation, so the app can take a person to it. */
export function publishIssues(check: Check, defaults: Publication = {}): PublishIssue[] {
  const claims = numberedClaims(check);
  if (claims.length === 0) return [{ message: 'the document has no claims', annotationId: null }];
  const publication = publicationOf(check, defaults);
  const issues: PublishIssue[] = [];
  const add = (message: string, annotationId: string | null = null) => issues.push({ message, annotationId });
  if (!publication.factCheckUrl) add('the fact-check has no publication URL (Publication details)');
  if (!publication.organizationName) add('the fact-check names no organisation (Publication details)');
  const cited = citedClaimIds(
    claims.map((c) => ({ id: c.span.id, ranges: [{ from: c.span.start, to: c.span.end }] })),
    check.spans.flatMap((s) =>
      s.body.kind === 'citation' ? [{ claimId: s.body.claimId, ranges: [{ from: s.start, to: s.end }] }] : [],
    ),
  );
  for (const { span, body } of claims) {
    const claim = `the claim “${shorten(span.text || body.quote, 60)}”`;
    const on = (message: string) => add(`${claim} ${message}`, span.id);
    if (body.verdict === null) on('has no verdict');
    if (body.rationale.trim() === '') on('has no rationale');
    const sources = claimSourceIds(check, span, body).flatMap((id) => check.sources.get(id) ?? []);
    if (body.sourceIds.length === 0 && !cited.has(span.id)) on('has no source');
    else if (!sources.some((s) => s.primary)) on('cites no primary source');
    if (!body.claimant) on('has no claimant: say who made it');
    if (appearancesOf(body, publication).length === 0)
      on("has no appearance: give the article's URL or where the claim appeared");
    if (body.status !== 'published') {
      const waiting = check.secondReviewer ? awaitingSecondCheck(body) : null;
      on(
        waiting
          ? `is not published: a colleague other than ${verdictAuthor(body)?.name ?? 'its verdict giver'} must check it first`
          : 'is not published yet',
      );
    }
  }
  return [...issues, ...excerptProblems(check)];
}

/** Citations whose excerpt is not in the text the server captured from their source, in words. */
function excerptProblems(check: Check): PublishIssue[] {
  const problems: PublishIssue[] = [];
  for (const span of check.spans) {
    if (span.body.kind !== 'citation' || span.body.excerpt.trim() === '') continue;
    const hash = check.captures.get(span.body.sourceId)?.capture?.hash;
    const text = hash ? check.evidence.get(hash) : undefined;
    if (text === undefined || verifyExcerpt(text, span.body.excerpt).verdict !== 'not_found') continue;
    const source = check.sources.get(span.body.sourceId);
    problems.push({
      message: `the excerpt “${shorten(span.body.excerpt, 60)}” cited on “${shorten(span.text, 40)}” is not found in ${
        source ? `“${shorten(source.title, 60)}”` : 'its source'
      } as captured`,
      annotationId: span.id,
    });
  }
  return problems;
}
