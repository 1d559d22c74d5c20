/**
 * What an accepted change records with its update, in one transaction: its audit trail, the notifications it sends,
 * its webhook events and what it does to the claim index — the same four whether it came over the sync connection
 * (the gate) or through the API (the document service).
 */
import { randomUUID } from 'node:crypto';
import type { BodyChange } from '@factmark/collab';
import { auditEntries } from './audit.ts';
import { claimIndexChanges } from './documents/judged-claims.ts';
import { notificationsFor } from './notifications.ts';
import type { UpdateRecords } from './storage/store.ts';
import { type EventActor, type WebhookEventRecord, webhookEventsFor } from './webhooks/webhook-events.ts';

/** The records of `changes`, made by `by` at `at` in `document`, with `events` besides theirs (a revision's). */
export function recordsOf(
  changes: readonly BodyChange[],
  by: EventActor,
  document: { id: string; title: string },
  at: string,
  events: readonly Omit<WebhookEventRecord, 'id'>[] = [],
): Required<Pick<UpdateRecords, 'audit' | 'notifications' | 'webhookEvents' | 'claimIndex'>> {
  return {
    audit: changes.flatMap((change) => auditEntries(change, by.id, at)),
    notifications: changes.flatMap((change) =>
      notificationsFor(change, by, document.id, at).map((n) => ({ ...n, id: randomUUID() })),
    ),
    webhookEvents: [...changes.flatMap((change) => webhookEventsFor(change, by, document, at)), ...events].map((e) => ({
      ...e,
      id: randomUUID(),
    })),
    claimIndex: claimIndexChanges(changes),
  };
}
