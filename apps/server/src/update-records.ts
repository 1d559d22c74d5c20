/**
 * What an accepted change records with its update, in one transaction: its audit trail, the notifications it sends,
 * its webhook events and what it does to the claim index — the same four whether it came over the sync connection
 * (the gate) or through the API (the document service).
 */
import { randomUUID } from 'node:crypto';
import type { BodyChange } from '@factmark/collab';
import * as Y from 'yjs';
import { auditEntries } from './audit.ts';
import { claimIndexChanges } from './documents/judged-claims.ts';
import { notificationsFor } from './notifications.ts';
import type { UpdateRecords } from './storage/store.ts';
import type { AcceptedUpdate } from './sync/group-commit.ts';
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

/** One write of a batch of accepted updates: the updates as one, the client ids they claim, their records. */
export function batchRecords(
  documentName: string,
  batch: readonly AcceptedUpdate[],
): { update: Uint8Array; alongside: UpdateRecords } {
  const claims = new Map<string, number[]>();
  for (const { userId, claims: ids } of batch)
    if (ids.length > 0) claims.set(userId, [...(claims.get(userId) ?? []), ...ids]);
  const updates = batch.map((a) => a.update);
  const records = batch.map(({ bodyChanges, userId, userName, documentTitle, receivedAt }) =>
    recordsOf(bodyChanges, { id: userId, name: userName }, { id: documentName, title: documentTitle }, receivedAt),
  );
  return {
    update: updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates),
    alongside: {
      claims: [...claims].map(([userId, clients]) => ({ userId, clients })),
      audit: records.flatMap((r) => r.audit),
      notifications: records.flatMap((r) => r.notifications),
      webhookEvents: records.flatMap((r) => r.webhookEvents),
      claimIndex: records.flatMap((r) => r.claimIndex),
    },
  };
}
