/**
 * The second-reviewer rule, one module for the gate and the app: a claim is *checked* by someone other than the
 * person who gave its verdict, and *published* only with such a check of the verdict it has. The bookkeeping that
 * makes the rule hold (who gave the verdict, who checked which verdict) is kept whether or not a document has the
 * rule on.
 */
import type { Actor } from './bodies.ts';
import { personId } from './gate/record-context.ts';
import { describeAnnotation, type Refusal, refuse } from './gate/refusal.ts';

/** The fields of a claim the rule reads (bodies as JSON, before or after a change). */
export interface WorkflowFields {
  kind?: unknown;
  quote?: unknown;
  author?: unknown;
  verdict?: unknown;
  verdictAt?: unknown;
  status?: unknown;
  verdictBy?: unknown;
  checkedBy?: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const nameOf = (value: unknown) =>
  value !== null && typeof value === 'object' ? String((value as { name?: unknown }).name ?? 'someone') : 'someone';

/** Who gave a claim's verdict: its `verdictBy`, or, for a claim from before that recorded none, its author. */
export function verdictAuthor(claim: WorkflowFields): Actor | null {
  const by = claim.verdictBy ?? claim.author;
  return by && typeof by === 'object' ? (by as Actor) : null;
}

/** True when the claim has a check, by someone other than its verdict's author, of the verdict it has. */
export function hasSecondCheck(claim: WorkflowFields): boolean {
  const check = claim.checkedBy as { id?: unknown; verdict?: unknown } | null | undefined;
  return (
    !!check && claim.verdict !== null && check.verdict === claim.verdict && check.id !== personId(verdictAuthor(claim))
  );
}

/** How the claim is named, and what a colleague must do, in words a desk uses. */
function needsColleague(claim: WorkflowFields): string {
  return `${describeAnnotation(claim as Record<string, unknown>)} can be published once a colleague other than ${nameOf(
    verdictAuthor(claim),
  )}, who gave its verdict, has marked it checked`;
}

/**
 * Why a claim may not go from `before` (null: created by this change) to `after`, changed by `senderId`, or null.
 * `required`: the document has the second-reviewer rule on. `restored`: an undo brings back a removed claim (who
 * did what is then not the sender's to name, but a restored claim cannot skip the rule either).
 */
export function workflowProblem(
  before: WorkflowFields | null,
  after: WorkflowFields,
  senderId: string,
  required: boolean,
  restored = false,
): Refusal | null {
  const name = describeAnnotation(after as Record<string, unknown>);
  // A verdict is given when it changes, or when it is given again (at a new time, or in a new name): two colleagues
  // who give the same verdict at once both write it, and whichever write Yjs keeps names its giver.
  const verdictGiven = before
    ? !same(before.verdict, after.verdict) ||
      (after.verdict != null &&
        (!same(before.verdictAt, after.verdictAt) ||
          personId(verdictAuthor(before)) !== personId(verdictAuthor(after))))
    : after.verdict != null;
  const statusChanged = !before || before.status !== after.status;
  const checkChanged = !same(before?.checkedBy, after.checkedBy);
  if (!restored) {
    // The giver recorded (a new claim's author when it names none) must be the sender.
    if (verdictGiven && after.verdict != null && personId(verdictAuthor(after)) !== senderId)
      return refuse('identity', `Who gave the verdict on ${name} must be you, the person giving it`);
    // By person: a giver written out that was implied (a claim's author), or named anew, is the same giver.
    if (!verdictGiven && before && personId(verdictAuthor(before)) !== personId(verdictAuthor(after)))
      return refuse('identity', `Who gave the verdict on ${name} changes only with the verdict`);
    if (checkChanged && after.checkedBy != null && personId(after.checkedBy) !== senderId)
      return refuse('identity', `The check of ${name} must name you, the person checking it`);
  }
  if (verdictGiven && after.checkedBy != null && !(checkChanged && !before))
    return refuse(
      'second_review',
      `A new verdict on ${name} needs a new check; the old check goes with the old verdict`,
    );
  const check = after.checkedBy as { verdict?: unknown } | null | undefined;
  if (checkChanged && check && check.verdict !== after.verdict)
    return refuse('second_review', `The check of ${name} must be of the verdict it has`);
  if (!required) return null;
  const checked = after.status === 'checked' || after.status === 'published';
  if (restored && checked)
    return refuse('second_review', `${capital(name)} comes back in review: it must be checked again`);
  if (checked && verdictGiven)
    return refuse('second_review', `${capital(name)} was checked: a new verdict sends it back to review`);
  if (statusChanged && after.status === 'checked') {
    if (after.verdict == null) return refuse('second_review', `${capital(name)} needs a verdict before it is checked`);
    if (personId(verdictAuthor(after)) === senderId)
      return refuse('second_review', `You gave the verdict on ${name}: a colleague must check it`);
    if (!checkChanged || !after.checkedBy)
      return refuse('second_review', `Marking ${name} checked records who checked it`);
  }
  if (statusChanged && after.status === 'published' && !hasSecondCheck(after))
    return refuse('second_review', capital(needsColleague(after)));
  return null;
}

function capital(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The words for a claim that waits for its second reviewer (the publish check), or null when it needs none. */
export function awaitingSecondCheck(claim: WorkflowFields): string | null {
  return hasSecondCheck(claim) ? null : needsColleague(claim);
}
