/**
 * What the claim index holds of a document: its judged claims, read from the whole document (a reindex) or from the
 * bodies an update changed (what the update brings the index along with). One rule for both, so the two agree.
 */

import { type BodyChange, readBodies, validBody } from '@factmark/collab';
import { collapseWhitespace } from '@factmark/editor';
import type * as Y from 'yjs';
import type { ClaimIndexChange, IndexedClaim } from '../storage/claim-index-store.ts';

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * A body as the index holds it: a claim with a verdict and a statement, dated by its check, else by its verdict, else
 * by its last change; null for any other body. A claim whose text was cut from the article stays (its body, verdict
 * and card do: the desk judged it). Reads unvalidated bodies (a body change's) safely: a field not in its shape counts
 * as absent.
 */
export function judgedClaim(body: Readonly<Record<string, unknown>> | null): IndexedClaim | null {
  if (body?.kind !== 'claim' || !isString(body.id) || !isString(body.verdict) || !isString(body.statement)) return null;
  const statement = collapseWhitespace(body.statement);
  const checked = body.checkedBy as { verdict?: unknown; at?: unknown } | null | undefined;
  const when = [
    checked?.verdict === body.verdict ? checked.at : undefined,
    body.verdictAt,
    body.updatedAt,
    body.createdAt,
  ].find(isString);
  if (!statement || !when) return null;
  return { claimId: body.id, statement, verdict: body.verdict, checkedAt: when.slice(0, 10) };
}

/** The judged claims of a document (see {@link judgedClaim}), by claim id. */
export function judgedClaims(doc: Y.Doc): IndexedClaim[] {
  return [...readBodies(doc).values()]
    .flatMap((body) => judgedClaim(body) ?? [])
    .sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));
}

/**
 * A changed body's judged claim as a whole reading would see it: a body that does not pass validation is not read
 * there (`readBodies` leaves it out), so it is not judged here either. Validates only a body judged unvalidated.
 */
function judgedAsRead(body: Record<string, unknown> | null): IndexedClaim | null {
  if (!judgedClaim(body)) return null;
  const valid = validBody(body);
  return valid && judgedClaim(valid);
}

/** What body changes (an update's, in order) do to the claim index: one entry per body whose indexed claim changed. */
export function claimIndexChanges(changes: readonly BodyChange[]): ClaimIndexChange[] {
  return changes.flatMap(({ id, before, after }) => {
    const was = judgedAsRead(before);
    const claim = judgedAsRead(after);
    if (JSON.stringify(was) === JSON.stringify(claim)) return [];
    return [{ claimId: claim?.claimId ?? id, claim }];
  });
}
