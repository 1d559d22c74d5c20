/**
 * The rules for what an update may do to annotation bodies, sources, the
 * settings and the corrections log: each change is read as before → after
 * and judged against the role policy, the sender's identity and the server's
 * clock. Correction decisions must be whole (state, decider and log entry in
 * one update, the text replaced on acceptance).
 */
import * as Y from 'yjs';
import { annotationBodySchema, bodyJSON } from '../bodies.ts';
import { correctionLogEntrySchema } from '../corrections-log.ts';
import { ANNOTATIONS_MAP, CORRECTIONS_LOG, SETTINGS_MAP, SOURCES_MAP } from '../layout.ts';
import { may, type Role } from '../policy.ts';
import { ratingScaleSchema } from '../rating-scale.ts';
import { sourceSchema } from '../sources.ts';
import { type ArticleChange, markedText } from './article-rules.ts';
import type { Effects, Touched } from './effects.ts';
import { describeAnnotation, describeSource, type Refusal, refuse } from './refusal.ts';

/** How far ahead of the server's clock a time an update writes may be (clocks drift; offline work is older). */
export const MAX_CLOCK_SKEW_MS = 2 * 60_000;

/** An annotation body before and after an update (null where it does not exist). */
export interface BodyChange {
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Who sent an update and what the gate knows around it. */
export interface RecordContext {
  userId: string;
  role: Role;
  /** The server's clock, in milliseconds. */
  now: number;
  /** The document before the update, and the trial copy after it. */
  doc: Y.Doc;
  copy: Y.Doc;
  article: ArticleChange;
  /**
   * True when the update carries text at all, even text Yjs dropped on arrival (written into a paragraph a
   * colleague's concurrent join removed and the document has collected).
   */
  carriesText: () => boolean;
  /** True when this update itself integrated every struct of `client` in the clock range [from, to). */
  integrated: (client: number, from: number, to: number) => boolean;
}

type Json = Record<string, unknown>;

const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((m) => m && typeof m === 'object') : []);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const personId = (value: unknown) =>
  value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;

/** The keys directly under `root` that the update touched. */
export function touchedKeys(effects: Effects, root: string): Set<string> {
  const out = new Set<string>();
  const add = ({ where }: Touched) => {
    if (where.root === root && where.topKey !== null) out.add(where.topKey);
  };
  effects.inserted.forEach(add);
  effects.insertedDeleted.forEach(add);
  effects.deleted.forEach(add);
  return out;
}

/** The entry `key` under map root `root` as JSON (a body's arrays as arrays), or null when there is none. */
export function entryJSON(doc: Y.Doc, root: string, key: string): Json | null {
  const value = doc.getMap<unknown>(root).get(key);
  if (value instanceof Y.Map) return bodyJSON(value as Y.Map<unknown>);
  return value === undefined ? null : { value };
}

/** True when `key` was once set under `root` (an undo may bring back what was removed). */
function existedBefore(doc: Y.Doc, root: string, key: string): boolean {
  return doc.getMap<unknown>(root)._map.has(key);
}

function timeProblem(ctx: RecordContext, what: string, value: unknown): Refusal | null {
  if (value === null || value === undefined) return null;
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return refuse('invalid_body', `${what} is not a time`);
  if (at > ctx.now + MAX_CLOCK_SKEW_MS) return refuse('identity', `${what} is later than the server's clock`);
  return null;
}

function personProblem(ctx: RecordContext, what: string, value: unknown): Refusal | null {
  if (value === null || personId(value) === ctx.userId) return null;
  return refuse('identity', `${what} must name you, the person making the change`);
}

function firstProblem(...checks: (() => Refusal | null)[]): Refusal | null {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return null;
}

const IMMUTABLE = ['id', 'kind', 'author', 'createdAt', 'quote'];
const RESOLUTION = ['resolved', 'resolvedBy', 'resolvedAt'];
const DECISION = ['state', 'decidedBy', 'decidedAt'];
const STAMPS = ['updatedAt', 'updatedBy'];
const JUDGEMENT = ['verdict', 'rationale', 'status', 'assignee'];

function threadProblem(ctx: RecordContext, before: Json, after: Json, name: string): Refusal | null {
  const old = new Map<string, Json>();
  for (const m of list(before.thread)) old.set(String(m.id), m);
  const seen = new Set<string>();
  for (const m of list(after.thread)) {
    const id = String(m.id);
    seen.add(id);
    const was = old.get(id);
    if (was && same(was, m)) continue;
    if (was) {
      if (!may(ctx.role, 'change', personId(was.author) === ctx.userId))
        return refuse('not_yours', `Only its author or an editor can change a message on ${name}`);
      // An edit changes the text (and its time); who wrote it, and when, stay.
      if (!same(was.author, m.author) || was.createdAt !== m.createdAt)
        return refuse('identity', `A message on ${name} keeps its author and time`);
      const edited = m.editedAt === was.editedAt ? null : timeProblem(ctx, 'An edited message', m.editedAt);
      if (edited) return edited;
      continue;
    }
    if (!may(ctx.role, 'annotate')) return refuse('read_only', 'Your role cannot reply');
    const problem =
      personProblem(ctx, `A new message on ${name}`, m.author) ?? timeProblem(ctx, 'A message', m.createdAt);
    if (problem) return problem;
  }
  for (const [id, m] of old) {
    if (!seen.has(id) && !may(ctx.role, 'change', personId(m.author) === ctx.userId))
      return refuse('not_yours', `Only its author or an editor can remove a message on ${name}`);
  }
  return null;
}

/**
 * A correction's decision fields changed. Deciding (accepted or rejected) takes one log entry in the
 * sender's name in the same update; reopening takes the decision out of the log. Colleagues deciding at
 * once each send their whole decision, so a decided correction may be decided again.
 */
function decisionProblem(ctx: RecordContext, id: string, before: Json, after: Json, log: LogChange): Refusal | null {
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
  if (log.appended.filter((e) => e.correctionId === id).length !== 1)
    return refuse('decision', `Deciding ${name} must add one entry to the corrections log`);
  if (!same(before.decidedBy, after.decidedBy) && personId(after.decidedBy) !== ctx.userId)
    return refuse('identity', `The decision on ${name} must name you`);
  if (before.state === 'proposed' && (personId(after.decidedBy) !== ctx.userId || after.decidedAt === null))
    return refuse('identity', `The decision on ${name} must name you and when you made it`);
  return timeProblem(ctx, 'The decision', after.decidedAt);
}

function changedBodyProblem(ctx: RecordContext, id: string, before: Json, after: Json, log: LogChange): Refusal | null {
  const name = describeAnnotation(before);
  const own = personId(before.author) === ctx.userId;
  const changed = Object.keys({ ...before, ...after }).filter((k) => !same(before[k], after[k]));
  for (const key of changed) {
    if (IMMUTABLE.includes(key)) return refuse('identity', `The ${key} of ${name} cannot change`);
  }
  const rest = changed.filter((k) => !['thread', ...RESOLUTION, ...DECISION, ...STAMPS].includes(k));
  for (const key of rest) {
    const action = before.kind === 'claim' && JUDGEMENT.includes(key) ? 'judge' : 'change';
    if (!may(ctx.role, action, own))
      return refuse('not_yours', `Your role can change only your own annotations, not ${name}`);
  }
  return firstProblem(
    () => (changed.includes('thread') ? threadProblem(ctx, before, after, name) : null),
    () =>
      changed.some((k) => RESOLUTION.includes(k))
        ? may(ctx.role, 'annotate')
          ? (personProblem(ctx, `Resolving ${name}`, after.resolvedBy) ??
            timeProblem(ctx, 'The resolution', after.resolvedAt))
          : refuse('read_only', 'Your role cannot resolve threads')
        : null,
    () => (changed.some((k) => DECISION.includes(k)) ? decisionProblem(ctx, id, before, after, log) : null),
    () => (changed.includes('updatedBy') ? personProblem(ctx, `The last change to ${name}`, after.updatedBy) : null),
    () => (changed.includes('updatedAt') ? timeProblem(ctx, 'The time of the change', after.updatedAt) : null),
  );
}

function createdBodyProblem(ctx: RecordContext, id: string, after: Json): Refusal | null {
  const name = describeAnnotation(after);
  if (!may(ctx.role, 'annotate')) return refuse('read_only', 'Your role cannot annotate');
  // An undo may bring back a body someone else created; only roles that may change anything may do that.
  const restored = existedBefore(ctx.doc, ANNOTATIONS_MAP, id) && may(ctx.role, 'change', false);
  const thread = list(after.thread);
  return firstProblem(
    () => (restored ? null : personProblem(ctx, `The author of ${name}`, after.author)),
    () => (restored ? null : personProblem(ctx, `The last change to ${name}`, after.updatedBy)),
    () => (restored ? null : personProblem(ctx, `Resolving ${name}`, after.resolvedBy ?? null)),
    () =>
      restored || after.kind !== 'correction' || after.state === 'proposed'
        ? null
        : refuse('decision', `A correction starts as a proposal: ${name}`),
    () => {
      if (restored) return null;
      for (const m of thread) {
        const problem = personProblem(ctx, `A message on ${name}`, m.author);
        if (problem) return problem;
      }
      return null;
    },
    () => timeProblem(ctx, 'The creation time', after.createdAt),
    () => timeProblem(ctx, 'The time of the change', after.updatedAt),
    () => thread.map((m) => timeProblem(ctx, 'A message', m.createdAt)).find((p) => p) ?? null,
  );
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

/** Judge the bodies the update touched: the refusal, or the body changes (for the audit trail). */
export function checkBodies(ctx: RecordContext, ids: Set<string>, log: LogChange): Refusal | BodyChange[] {
  const changes: BodyChange[] = [];
  for (const id of ids) {
    const before = entryJSON(ctx.doc, ANNOTATIONS_MAP, id);
    const after = entryJSON(ctx.copy, ANNOTATIONS_MAP, id);
    if (same(before, after)) continue;
    if (after) {
      const parsed = annotationBodySchema.safeParse(after);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return refuse(
          'invalid_body',
          `${describeAnnotation(before ?? after)}: ${issue?.path.join('.') || 'body'}: ${issue?.message}`,
        );
      }
      if (parsed.data.id !== id) return refuse('invalid_body', `${describeAnnotation(after)} has another's id`);
    }
    const problem = !before
      ? createdBodyProblem(ctx, id, after as Json)
      : !after
        ? may(ctx.role, 'change', personId(before.author) === ctx.userId)
          ? null
          : refuse('not_yours', `Your role can remove only your own annotations, not ${describeAnnotation(before)}`)
        : changedBodyProblem(ctx, id, before, after, log);
    if (problem) return problem;
    changes.push({ id, before, after });
  }
  return changes;
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

/** Judge the sources the update touched. */
export function checkSources(ctx: RecordContext, ids: Set<string>): Refusal | null {
  for (const id of ids) {
    const before = entryJSON(ctx.doc, SOURCES_MAP, id);
    const after = entryJSON(ctx.copy, SOURCES_MAP, id);
    if (same(before, after)) continue;
    if (after) {
      const parsed = sourceSchema.safeParse(after);
      if (!parsed.success || parsed.data.id !== id) {
        const issue = parsed.error?.issues[0];
        return refuse(
          'invalid_body',
          `${describeSource(after)}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'its id does not match'}`,
        );
      }
    }
    const own = personId(before?.createdBy) === ctx.userId;
    const problem = !before
      ? may(ctx.role, 'annotate')
        ? existedBefore(ctx.doc, SOURCES_MAP, id) && may(ctx.role, 'change', false)
          ? null
          : (personProblem(ctx, `Who added ${describeSource(after)}`, after?.createdBy) ??
            timeProblem(ctx, 'The time the source was added', after?.createdAt))
        : refuse('read_only', 'Your role cannot add sources')
      : !may(ctx.role, 'change', own)
        ? refuse('not_yours', `Your role can change only the sources you added, not ${describeSource(before)}`)
        : after && (!same(before.createdBy, after.createdBy) || !same(before.createdAt, after.createdAt))
          ? refuse('identity', `Who added ${describeSource(before)}, and when, cannot change`)
          : null;
    if (problem) return problem;
  }
  return null;
}

/** Judge a change to the settings (the rating scale). */
export function checkSettings(ctx: RecordContext): Refusal | null {
  if (!may(ctx.role, 'changeScale')) return refuse('settings', "Commenters cannot change the document's settings");
  const scale = ctx.copy.getMap(SETTINGS_MAP).get('ratingScale');
  if (scale !== undefined && !ratingScaleSchema.safeParse(scale).success)
    return refuse('invalid_body', 'The rating scale is not valid');
  return null;
}
