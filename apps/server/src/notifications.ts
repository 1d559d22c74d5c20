/**
 * Notifications: what an accepted change tells the people it concerns — an assignment to the assignee, a reply to
 * whoever started the thread, a decision on a correction to whoever proposed it — derived from the change's bodies
 * before and after (as the audit trail is), never sent to the person who made the change.
 */
import type { NotificationKind } from '@factmark/api';
import type { BodyChange } from '@factmark/collab';
import { collapseWhitespace, shorten } from '@factmark/editor';

/** A notification as stored with the update that caused it. */
export interface NotificationRecord {
  id: string;
  userId: string;
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

/** How an annotation is named in a notification: its kind and words. */
function named(body: Json): string {
  const words = shorten(collapseWhitespace(String(body.kind === 'claim' ? body.statement : (body.quote ?? ''))), 60);
  return `the ${String(body.kind)} “${words}”`;
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
  const tell = (userId: string, kind: NotificationKind, text: string) => {
    if (userId && userId !== by.id && !out.some((n) => n.userId === userId && n.kind === kind))
      out.push({ userId, documentId, annotationId: change.id, kind, text, createdAt: at });
  };
  const assignee = personId(after.assignee);
  if (after.kind === 'claim' && assignee && assignee !== personId(before?.assignee))
    tell(assignee, 'assigned', `${by.name} assigned you ${named(after)}`);
  const thread = list(after.thread);
  const known = new Set(list(before?.thread).map((m) => String(m.id)));
  const starter = personId(thread[0]?.author);
  if (before && thread.some((m) => !known.has(String(m.id)) && personId(m.author) === by.id))
    tell(starter, 'reply', `${by.name} replied on ${named(after)}`);
  if (after.kind === 'correction' && before?.state === 'proposed' && after.state !== 'proposed')
    tell(personId(after.author), 'decision', `${by.name} ${String(after.state)} your correction ${named(after)}`);
  return out;
}
