/**
 * A claim's workflow as FactCheck writes it: a new claim's fields, a verdict (recorded with who gave it, clearing
 * the check of the old one), a status (a check recorded with who checked which verdict), and the claim's details
 * (claimant, date, appearances) — each checked first against the rule the gate enforces (`second-review.ts`), so a
 * refusal is said in the app before anything is sent.
 */
import type * as Y from 'yjs';
import { type Actor, AnnotationValidationError, type ClaimBody, type ClaimStatus, claimStatement } from './bodies.ts';
import { readBody } from './body-layout.ts';
import { GONE } from './body-writes.ts';
import { secondReviewerRequired } from './publication.ts';
import { readRatingScale } from './rating-scale.ts';
import { workflowProblem } from './second-review.ts';

/** What a claim says about where it came from (ClaimReview's claim author, date and appearances). */
export type ClaimDetails = Partial<Pick<ClaimBody, 'claimant' | 'claimDate' | 'appearances' | 'firstAppearance'>>;

/** The fields of a new claim on `quote` (the statement defaults to it). */
export function newClaimFields(quote: string, statement?: string): Record<string, unknown> {
  return {
    statement: claimStatement(statement ?? quote),
    verdict: null,
    rationale: '',
    status: 'draft',
    assignee: null,
    sourceIds: [],
  };
}

function currentClaim(doc: Y.Doc, claimId: string): ClaimBody {
  const read = readBody(doc, claimId);
  if (!read?.ok) throw new AnnotationValidationError('id', GONE);
  if (read.body.kind !== 'claim') throw new AnnotationValidationError('kind', 'Only a claim has a verdict and status');
  return read.body;
}

/** Throws the rule's words when `patch` would break it. */
function checkRule(doc: Y.Doc, before: ClaimBody, patch: Record<string, unknown>, actor: Actor): void {
  const problem = workflowProblem(before, { ...before, ...patch }, actor.id, secondReviewerRequired(doc));
  if (problem) throw new AnnotationValidationError('status', problem.reason);
}

/**
 * The change that gives claim `claimId` `verdict` (null clears it): who gave it and when, the old check cleared;
 * while the second-reviewer rule is on, a checked or published claim goes back to review.
 */
export function verdictPatch(
  doc: Y.Doc,
  claimId: string,
  verdict: string | null,
  actor: Actor,
  at: Date,
): Record<string, unknown> {
  if (verdict !== null && !readRatingScale(doc).labels.some((l) => l.label === verdict))
    throw new AnnotationValidationError('verdict', `"${verdict}" is not a label of this document's rating scale`);
  const before = currentClaim(doc, claimId);
  if (before.verdict === verdict) return {};
  const reopened = secondReviewerRequired(doc) && (before.status === 'checked' || before.status === 'published');
  const patch = {
    verdict,
    verdictBy: verdict === null ? null : actor,
    verdictAt: verdict === null ? null : at.toISOString(),
    checkedBy: null,
    ...(reopened ? { status: 'in_review' } : {}),
  };
  checkRule(doc, before, patch, actor);
  return patch;
}

/** The change that moves claim `claimId` to `status`: marking it checked records the check; below, it is cleared. */
export function statusPatch(
  doc: Y.Doc,
  claimId: string,
  status: ClaimStatus,
  actor: Actor,
  at: Date,
): Record<string, unknown> {
  const before = currentClaim(doc, claimId);
  if (before.status === status) return {};
  const check =
    status === 'checked' && before.verdict !== null
      ? { id: actor.id, name: actor.name, at: at.toISOString(), verdict: before.verdict }
      : status === 'published'
        ? (before.checkedBy ?? null)
        : null;
  const patch = { status, checkedBy: check };
  checkRule(doc, before, patch, actor);
  return patch;
}
