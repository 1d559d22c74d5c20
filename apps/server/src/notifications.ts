/**
 * Notifications: what an accepted change tells the people it concerns — an assignment to the assignee, a mention
 * (in a message or a rationale) to the person mentioned, a reply to whoever started the thread, a decision on a
 * correction to whoever proposed it, a request for a second check to the document's reviewers — derived from the
 * change's bodies before and after (as the audit trail is), never sent to the person who made the change. Who
 * actually gets one is settled where it is stored: members of the document only, and not a kind they turned off.
 */
import type { NotificationKind } from '@factmark/api';
import { type BodyChange, hasSecondCheck, newMentions, verdictAuthor } from '@factmark/collab';
import { collapseWhitespace, shorten } from '@factmark/editor';

import { REVIEWERS } from './storage/notification-store.ts';

/** A notification as stored with the update that caused it. */
export interface NotificationRecord {
  id: string;
  /** Who it is for: a user's id, or {@link REVIEWERS}. */
  userId: string;
  /** Who caused it (never told; nor, for a review request, is the verdict's giver). */
  byIds: string[];
  documentId: string;
  annotationId: string;
  kind: NotificationKind;
  /** What happened, in words ("Ana assigned you the claim “140 aircraft”"). */
  text: string;
  createdAt: string;
}

type Json = Record<string, unknown>;
const personId = (v: unknown) => (v && typeof v === 'object' ? String((v as { id?: unknown }).id ?? '') : '');
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** An annotation's words in a notification. */
function words(body: Json): string {
  return `“${shorten(collapseWhitespace(String(body.kind === 'claim' ? body.statement : (body.quote ?? ''))), 60)}”`;
}

/** How an annotation is named in a notification: its kind and words. */
function named(body: Json): string {
  return `the ${String(body.kind)} ${words(body)}`;
}

/** The people newly mentioned by `change`: in a message (new or edited) or in the rationale. */
function mentionedBy(before: Json | null, after: Json): { id: string; where: 'message' | 'rationale' }[] {
  const earlier = new Map(list(before?.thread).map((m) => [String(m.id), text(m.text)]));
  const out: { id: string; where: 'message' | 'rationale' }[] = [];
  for (const m of list(after.thread))
    for (const id of newMentions(earlier.get(String(m.id)) ?? '', text(m.text))) out.push({ id, where: 'message' });
  for (const id of newMentions(text(before?.rationale), text(after.rationale))) out.push({ id, where: 'rationale' });
  return out;
}

/**
 * The notifications `change`, made by `by` at `at` in document `documentId`, sends (without ids: the caller gives
 * them).
 */
export function notificationsFor(
  change: BodyChange,
  by: { id: string; name: string },
  documentId: string,
  at: string,
): Omit<NotificationRecord, 'id'>[] {
  const { before, after } = change;
  if (!after) return [];
  const out: Omit<NotificationRecord, 'id'>[] = [];
  const tell = (userId: string, kind: NotificationKind, what: string, byIds = [by.id]) => {
    if (userId && userId !== by.id && !out.some((n) => n.userId === userId && n.kind === kind))
      out.push({ userId, byIds, documentId, annotationId: change.id, kind, text: what, createdAt: at });
  };
  const assignee = personId(after.assignee);
  if (after.kind === 'claim' && assignee && assignee !== personId(before?.assignee))
    tell(assignee, 'assigned', `${by.name} assigned you ${named(after)}`);
  for (const m of mentionedBy(before, after))
    tell(
      m.id,
      'mention',
      `${by.name} mentioned you in ${m.where === 'message' ? 'a message on' : 'the rationale of'} ${named(after)}`,
    );
  const thread = list(after.thread);
  const known = new Set(list(before?.thread).map((m) => String(m.id)));
  const starter = personId(thread[0]?.author);
  if (before && thread.some((m) => !known.has(String(m.id)) && personId(m.author) === by.id))
    tell(starter, 'reply', `${by.name} replied on ${named(after)}`);
  if (after.kind === 'correction' && before?.state === 'proposed' && after.state !== 'proposed')
    tell(personId(after.author), 'decision', `${by.name} ${String(after.state)} your correction ${words(after)}`);
  if (
    after.kind === 'claim' &&
    after.status === 'in_review' &&
    before?.status !== 'in_review' &&
    after.verdict &&
    !hasSecondCheck(after)
  ) {
    const giver = personId(verdictAuthor(after));
    tell(REVIEWERS, 'review', `${by.name} asks for a second check of ${named(after)} (${String(after.verdict)})`, [
      ...new Set([by.id, giver].filter(Boolean)),
    ]);
  }
  return out;
}
