/**
 * Webhook events: what an accepted change tells other systems — a claim created, its verdict changed, a claim
 * published, a correction accepted or rejected, a message posted — derived from the change's bodies before and after
 * (as the audit trail and the notifications are), plus the article revised, which the document service says itself.
 * Each event is stored with the update that caused it; the store hands it to every endpoint that asked for it.
 */
import type { WebhookEventType } from '@factmark/api';
import { type BodyChange, mentionedIds } from '@factmark/collab';

/** An event as stored with its update: what happened, and the `data` of the body its deliveries send. */
export interface WebhookEventRecord {
  /** The event's id (each delivery's id is made from it and its endpoint's). */
  id: string;
  documentId: string;
  type: WebhookEventType;
  createdAt: string;
  /** The delivery body's `data` (JSON): the document, the annotation, the message, who did it. */
  data: string;
}

/** Who made a change, as events name them. */
export interface EventActor {
  id: string;
  name: string;
}

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** The fields of an annotation an event carries: what a CMS or a data desk needs to show it. */
function annotationData(body: Json, id: string): Json {
  const pick = (...keys: string[]) => Object.fromEntries(keys.filter((k) => k in body).map((k) => [k, body[k]]));
  const common = { id, kind: body.kind, quote: body.quote ?? '' };
  if (body.kind === 'claim')
    return { ...common, ...pick('statement', 'verdict', 'rationale', 'status', 'claimant', 'claimDate', 'filedVia') };
  if (body.kind === 'correction')
    return { ...common, ...pick('original', 'proposed', 'category', 'rationale', 'state') };
  if (body.kind === 'citation') return { ...common, ...pick('sourceId', 'stance', 'claimId') };
  return { ...common, ...pick('resolved') };
}

/** The types of event one annotation's change makes, with the new messages for `comment.added`. */
function eventTypes(change: BodyChange): { type: WebhookEventType; message?: Json }[] {
  const { before, after } = change;
  if (!after) return [];
  const out: { type: WebhookEventType; message?: Json }[] = [];
  if (after.kind === 'claim') {
    if (!before) out.push({ type: 'claim.created' });
    else if (before.verdict !== after.verdict) out.push({ type: 'claim.verdict_changed' });
    if (after.status === 'published' && before?.status !== 'published') out.push({ type: 'claim.published' });
  }
  if (after.kind === 'correction' && before?.state !== after.state) {
    if (after.state === 'accepted') out.push({ type: 'correction.accepted' });
    if (after.state === 'rejected') out.push({ type: 'correction.rejected' });
  }
  const known = new Set(list(before?.thread).map((m) => String(m.id)));
  for (const m of list(after.thread))
    if (!known.has(String(m.id)))
      out.push({
        type: 'comment.added',
        message: {
          id: m.id,
          // Mentions stay references (`<@userId>`), listed beside the text.
          text: String(m.text ?? ''),
          mentions: mentionedIds(String(m.text ?? '')),
          author: m.author,
          createdAt: m.createdAt,
        },
      });
  return out;
}

/** The events `change`, made by `by` at `at` in document `document`, sends (without ids: the caller gives them). */
export function webhookEventsFor(
  change: BodyChange,
  by: EventActor,
  document: { id: string; title: string },
  at: string,
): Omit<WebhookEventRecord, 'id'>[] {
  const after = change.after;
  if (!after) return [];
  return eventTypes(change).map(({ type, message }) => ({
    documentId: document.id,
    type,
    createdAt: at,
    data: JSON.stringify({
      document,
      annotation: annotationData(after, change.id),
      ...(message ? { message } : {}),
      by,
    }),
  }));
}

/** The `document.revised` event: the article replaced by a new revision (or a version restored). */
export function revisedEvent(
  document: { id: string; title: string },
  by: EventActor,
  at: string,
  revision: { how: 'revision' | 'restore'; previousVersionId: string | null; summary: Json },
): Omit<WebhookEventRecord, 'id'> {
  return {
    documentId: document.id,
    type: 'document.revised',
    createdAt: at,
    data: JSON.stringify({ document, revision, by }),
  };
}
