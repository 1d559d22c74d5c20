/**
 * The rules for what an update may do to annotation bodies, sources and the
 * settings: each change is read as before → after and judged against the
 * role policy, the sender's identity and the server's clock (decisions on
 * corrections: `decision-rules.ts`).
 */
import type * as Y from 'yjs';
import { annotationBodySchema, FIXED_FIELDS, issueWords } from '../bodies.ts';
import { hintDecisionSchema, hintKeySchema } from '../hint-decisions.ts';
import { ANNOTATIONS_MAP, HINT_DECISIONS_MAP, SETTINGS_MAP, SOURCES_MAP } from '../layout.ts';
import { may } from '../policy.ts';
import { PUBLICATION_FIELDS, publicationSchema, REVIEW_RULE_KEY, reviewRuleSchema } from '../publication.ts';
import { ratingScaleSchema } from '../rating-scale.ts';
import { workflowProblem } from '../second-review.ts';
import { sourceSchema } from '../sources.ts';
import { decisionProblem, type LogChange } from './decision-rules.ts';
import {
  type BodyChange,
  entryJSON,
  existedBefore,
  firstProblem,
  type Json,
  list,
  personId,
  personProblem,
  type RecordContext,
  same,
  timeProblem,
} from './record-context.ts';
import { describeAnnotation, describeSource, type Refusal, refuse } from './refusal.ts';

const IMMUTABLE: readonly string[] = ['id', ...FIXED_FIELDS];
const RESOLUTION = ['resolved', 'resolvedBy', 'resolvedAt'];
const DECISION = ['state', 'decidedBy', 'decidedAt'];
const STAMPS = ['updatedAt', 'updatedBy'];
const JUDGEMENT = ['verdict', 'rationale', 'status', 'assignee', 'verdictBy', 'verdictAt', 'checkedBy'];
const WORKFLOW = ['verdict', 'status', 'verdictBy', 'verdictAt', 'checkedBy'];

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

function changedBodyProblem(ctx: RecordContext, id: string, before: Json, after: Json, log: LogChange): Refusal | null {
  const name = describeAnnotation(before);
  const own = personId(before.author) === ctx.userId;
  const changed = Object.keys({ ...before, ...after }).filter((k) => !same(before[k], after[k]));
  for (const key of changed) {
    if (IMMUTABLE.includes(key)) return refuse('identity', `The ${key} of ${name} cannot change`);
    if (key === 'filedVia') return refuse('identity', `Only the server records that ${name} was filed through the API`);
  }
  const rest = changed.filter((k) => !['thread', ...RESOLUTION, ...DECISION, ...STAMPS].includes(k));
  for (const key of rest) {
    const action = before.kind === 'claim' && JUDGEMENT.includes(key) ? 'judge' : 'change';
    if (!may(ctx.role, action, own))
      return refuse('not_yours', `Your role can change only your own annotations, not ${name}`);
  }
  return firstProblem(
    () =>
      before.kind === 'claim' && changed.some((k) => WORKFLOW.includes(k))
        ? workflowProblem(before, after, ctx.userId, secondReviewer(ctx))
        : null,
    () => (changed.includes('verdictAt') ? timeProblem(ctx, 'The time of the verdict', after.verdictAt) : null),
    () =>
      changed.includes('checkedBy') ? timeProblem(ctx, 'The time of the check', list([after.checkedBy])[0]?.at) : null,
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
  if (!restored && after.filedVia !== undefined)
    return refuse('identity', `Only the server records that ${name} was filed through the API`);
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
    () => (after.kind === 'claim' ? workflowProblem(null, after, ctx.userId, secondReviewer(ctx), restored) : null),
    () => timeProblem(ctx, 'The creation time', after.createdAt),
    () => timeProblem(ctx, 'The time of the change', after.updatedAt),
    () => thread.map((m) => timeProblem(ctx, 'A message', m.createdAt)).find((p) => p) ?? null,
  );
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
      // The schema drops what it does not know: a field it does not know, newly written, is refused, not kept.
      const stray = Object.keys(after).find((k) => !(k in parsed.data) && !same(before?.[k], after[k]));
      if (stray !== undefined)
        return refuse(
          'invalid_body',
          `${describeAnnotation(before ?? after)}: "${stray}" is not a field of a ${after.kind}`,
        );
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

/** True when the second-reviewer rule holds before or after the update (turning it off is an update of its own). */
function secondReviewer(ctx: RecordContext): boolean {
  const on = (doc: Y.Doc) =>
    reviewRuleSchema.safeParse(doc.getMap(SETTINGS_MAP).get(REVIEW_RULE_KEY)).data?.secondReviewer ?? true;
  return on(ctx.doc) || on(ctx.copy);
}

/** Judge a change to the settings: the rating scale, the publication details, the second-reviewer rule. */
export function checkSettings(ctx: RecordContext, keys: Set<string>): Refusal | null {
  const settings = ctx.copy.getMap(SETTINGS_MAP);
  for (const key of keys) {
    if (same(ctx.doc.getMap(SETTINGS_MAP).get(key), settings.get(key))) continue;
    const value = settings.get(key);
    if (key === 'ratingScale') {
      if (!may(ctx.role, 'changeScale')) return refuse('settings', 'Your role cannot change the rating scale');
      if (value !== undefined && !ratingScaleSchema.safeParse(value).success)
        return refuse('invalid_body', 'The rating scale is not valid');
    } else if ((PUBLICATION_FIELDS as string[]).includes(key)) {
      if (!may(ctx.role, 'describe')) return refuse('settings', 'Your role cannot change the publication details');
      const parsed = publicationSchema.safeParse({ [key]: value });
      if (value !== undefined && !parsed.success) return refuse('invalid_body', issueWords(parsed.error.issues[0]));
    } else if (key === REVIEW_RULE_KEY) {
      if (!may(ctx.role, 'setReviewRule'))
        return refuse('settings', 'Only an owner can turn the second-reviewer rule off or on');
      const parsed = reviewRuleSchema.safeParse(value);
      if (!parsed.success) return refuse('invalid_body', 'The second-reviewer rule is not valid');
      const problem =
        personProblem(ctx, 'Who set the second-reviewer rule', parsed.data.by) ??
        timeProblem(ctx, 'The time the second-reviewer rule was set', parsed.data.at);
      if (problem) return problem;
    } else return refuse('unknown_type', 'The change holds a setting Factmark does not have');
  }
  return null;
}

/** Judge decisions on the claim finder's hints: whole, valid, in the sender's name; others' only as the role allows. */
export function checkHintDecisions(ctx: RecordContext, keys: Set<string>): Refusal | null {
  for (const key of keys) {
    // A decision is a plain value (entryJSON wraps it as { value }); a nested type is the layout rules' to refuse.
    const before = entryJSON(ctx.doc, HINT_DECISIONS_MAP, key)?.value as Json | undefined;
    const after = entryJSON(ctx.copy, HINT_DECISIONS_MAP, key)?.value as Json | undefined;
    if (same(before, after)) continue;
    if (!may(ctx.role, 'annotate')) return refuse('read_only', 'Your role cannot decide on hints');
    if (after) {
      const parsed = hintDecisionSchema.safeParse(after);
      if (!parsed.success || !hintKeySchema.safeParse(key).success)
        return refuse('invalid_body', 'A decision on a hint is not valid');
      const problem =
        personProblem(ctx, 'Who decided on the hint', parsed.data.by) ??
        timeProblem(ctx, 'The time of the decision on the hint', parsed.data.at);
      if (problem) return problem;
    }
    if (before && !may(ctx.role, 'change', personId(before.by) === ctx.userId))
      return refuse(
        'not_yours',
        `Your role can change only your own decisions on hints, not the one on “${String(before.text).slice(0, 60)}”`,
      );
  }
  return null;
}
