/**
 * The gate's rules for deciding corrections: a decision is whole (state,
 * decider and one log entry in the sender's name, the text replaced on
 * acceptance, all in one update); an entry leaves the log only when its
 * correction is reopened.
 */
import * as Y from 'yjs';
import { correctionLogEntrySchema, rawCorrectionsLog } from '../corrections-log.ts';
import { ANNOTATIONS_MAP, CORRECTIONS_LOG } from '../layout.ts';
import { may } from '../policy.ts';
import { markedText } from './article-rules.ts';
import type { Effects, Touched } from './effects.ts';
import {
  type BodyChange,
  entryJSON,
  type Json,
  personId,
  personProblem,
  type RecordContext,
  same,
  timeProblem,
} from './record-context.ts';
import { describeAnnotation, type Refusal, refuse } from './refusal.ts';

/**
 * True when the update turns a rejected correction's body into an acceptance the log already holds for it,
 * word for word (who and when): what the decision repair writes when an acceptance beat a concurrent
 * rejection (`standingDecision`). It adds no decision of the sender's, so it needs no log entry of its own.
 */
function takesLoggedAcceptance(ctx: RecordContext, id: string, before: Json, after: Json): boolean {
  if (before.state !== 'rejected' || after.state !== 'accepted') return false;
  return rawCorrectionsLog(ctx.doc).some(
    (e) =>
      e.correctionId === id &&
      e.decision === 'accepted' &&
      same(e.decidedBy, after.decidedBy) &&
      e.decidedAt === after.decidedAt,
  );
}

/**
 * A correction's decision fields changed. Deciding (accepted or rejected) takes one log entry in the
 * sender's name in the same update; reopening takes the decision out of the log. Colleagues deciding at
 * once each send their whole decision, so a decided correction may be decided again; and a rejection that
 * a concurrent acceptance beat may give way to that acceptance, as the log records it (the decision repair).
 */
export function decisionProblem(
  ctx: RecordContext,
  id: string,
  before: Json,
  after: Json,
  log: LogChange,
): Refusal | null {
  const name = describeAnnotation(before);
  if (!may(ctx.role, 'decideCorrection'))
    return refuse('decision', `Only an editor or the owner can accept or reject ${name}`);
  if (after.state === 'proposed') {
    if (before.state === 'proposed')
      return refuse('decision', `The decision on ${name} can only change with its state`);
    if (after.decidedBy !== null || after.decidedAt !== null)
      return refuse('decision', `Reopening ${name} must clear who decided it`);
    return log.removed.some((e) => e.correctionId === id)
      ? null
      : refuse('decision', `Reopening ${name} must take its decision out of the corrections log`);
  }
  const appended = log.appended.filter((e) => e.correctionId === id).length;
  if (appended === 0 && takesLoggedAcceptance(ctx, id, before, after)) return null;
  if (appended !== 1) return refuse('decision', `Deciding ${name} must add one entry to the corrections log`);
  if (!same(before.decidedBy, after.decidedBy) && personId(after.decidedBy) !== ctx.userId)
    return refuse('identity', `The decision on ${name} must name you`);
  if (before.state === 'proposed' && (personId(after.decidedBy) !== ctx.userId || after.decidedAt === null))
    return refuse('identity', `The decision on ${name} must name you and when you made it`);
  return timeProblem(ctx, 'The decision', after.decidedAt);
}

/** The corrections log entries an update appended and removed. */
export interface LogChange {
  appended: Json[];
  removed: Json[];
}

/** Read what the update did to the corrections log. */
export function logChange(effects: Effects): LogChange {
  const values = (list: Touched[]) =>
    list
      .filter((t) => t.where.root === CORRECTIONS_LOG && t.content instanceof Y.ContentAny)
      .flatMap((t) => (t.content as Y.ContentAny).arr as Json[]);
  return { appended: values(effects.inserted), removed: values(effects.deleted) };
}

/** True when the correction's span already reads as its proposed text (nothing left to replace). */
function readsAsProposed(ctx: RecordContext, correction: Json | null): boolean {
  return (
    correction !== null &&
    typeof correction.id === 'string' &&
    markedText(ctx.copy, correction.id) === correction.proposed
  );
}

/**
 * Judge the log: each appended entry is a decision in the sender's name on a correction that this update
 * leaves decided (or that a colleague removed meanwhile), and an acceptance replaces text in the same
 * update; an entry leaves the log only when its correction is reopened.
 */
export function checkLog(ctx: RecordContext, log: LogChange, decided: BodyChange[]): Refusal | null {
  if (log.appended.length === 0 && log.removed.length === 0) return null;
  if (!may(ctx.role, 'decideCorrection'))
    return refuse('corrections_log', 'Only editors can accept or reject corrections');
  for (const entry of log.appended) {
    if (!correctionLogEntrySchema.safeParse(entry).success)
      return refuse('corrections_log', 'A corrections log entry is not valid');
    const correction = entryJSON(ctx.copy, ANNOTATIONS_MAP, String(entry.correctionId));
    if (correction && correction.state === 'proposed')
      return refuse('corrections_log', 'A corrections log entry must come with the decision it records');
    const replaced = entry.replaced as { client: number; from: number; to: number } | undefined;
    if (replaced && !ctx.integrated(replaced.client, replaced.from, replaced.to))
      return refuse('corrections_log', 'A corrections log entry can only name text written in the same change');
    if (entry.decision === 'accepted' && !ctx.article.wrote && !ctx.carriesText() && !readsAsProposed(ctx, correction))
      return refuse('decision', `Accepting ${describeAnnotation(correction)} must replace its text in the same change`);
    const problem =
      personProblem(ctx, 'A corrections log entry', entry.decidedBy) ??
      timeProblem(ctx, 'The log entry', entry.decidedAt);
    if (problem) return problem;
  }
  for (const entry of log.removed) {
    const change = decided.find((c) => c.id === entry.correctionId);
    if (change?.after?.state !== 'proposed' || change.before?.state === 'proposed')
      return refuse('corrections_log', 'A decision can leave the corrections log only when the correction is reopened');
  }
  return null;
}
