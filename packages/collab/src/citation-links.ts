/**
 * Which claim a citation supports. A citation made inside a claim's passage is linked to that claim (its body's
 * `claimId`); the link can be changed or cleared. A citation without a link — older documents, or one made outside
 * any claim — counts for every claim its passage overlaps. The Summary, the publish check and the exports all ask
 * {@link citedClaimIds}, so a claim is "sourced" by one rule everywhere.
 */

/** A stretch of an annotation's span, in any coordinates (ProseMirror positions or text offsets). */
export interface Stretch {
  from: number;
  to: number;
}

/** A claim as the rule needs it: its id and where its span lies. */
export interface ClaimSpan {
  id: string;
  ranges: readonly Stretch[];
}

/** A citation as the rule needs it: its link (absent or null: none) and where its span lies. */
export interface CitationSpan {
  claimId?: string | null | undefined;
  ranges: readonly Stretch[];
}

const overlaps = (a: readonly Stretch[], b: readonly Stretch[]) =>
  a.some((x) => b.some((y) => x.from < y.to && x.to > y.from));

/**
 * The claims that have a citation: the claim each citation is linked to (when that claim still exists), and
 * for a citation without a link, every claim whose span overlaps the citation's.
 */
export function citedClaimIds(claims: readonly ClaimSpan[], citations: readonly CitationSpan[]): Set<string> {
  const known = new Set(claims.map((c) => c.id));
  const out = new Set<string>();
  for (const citation of citations) {
    if (citation.claimId && known.has(citation.claimId)) {
      out.add(citation.claimId);
      continue;
    }
    for (const claim of claims) if (overlaps(claim.ranges, citation.ranges)) out.add(claim.id);
  }
  return out;
}

/**
 * The claim a citation made on `selection` belongs to: of the claims whose span covers the whole selection,
 * the shortest (the most specific); null when none does.
 */
export function claimAround(claims: readonly ClaimSpan[], selection: Stretch): string | null {
  let best: { id: string; length: number } | null = null;
  for (const claim of claims) {
    const covering = claim.ranges.find((r) => r.from <= selection.from && r.to >= selection.to);
    if (!covering) continue;
    const length = covering.to - covering.from;
    if (!best || length < best.length) best = { id: claim.id, length };
  }
  return best?.id ?? null;
}
