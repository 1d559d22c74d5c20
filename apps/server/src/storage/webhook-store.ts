/** The webhook store's contract: endpoints, and the durable queue of deliveries written with their updates. */
import type { Webhook, WebhookDelivery, WebhookEventType } from '@factmark/api';
// The role rules' own module: the update writer's thread loads this without the rest of the package.
import { rolesFor } from '@factmark/collab/policy';
import type { ChangeSignal } from './notification-store.ts';

/** An endpoint as the server keeps it: what its owner sees, and the secret deliveries are signed with. */
export interface StoredWebhook extends Webhook {
  secret: string;
}

/** A delivery the worker holds: the event, the endpoint it goes to, and how many tries this one makes. */
export interface DueDelivery {
  id: string;
  webhookId: string;
  url: string;
  secret: string;
  event: WebhookEventType;
  /** The body's `data`, as stored with the event (JSON). */
  data: string;
  documentId: string;
  createdAt: string;
  /** Tries so far, this one included. */
  attempts: number;
}

/** How a try ended: the answer's status (null: none came) and, when it failed, why in words. */
export interface TryOutcome {
  statusCode: number | null;
  error: string | null;
  at: string;
}

/**
 * Persistence for webhooks, in the document store's database. Events are handed to the endpoints that asked for
 * them by the store's appendUpdate, in the update's transaction (UpdateRecords' `webhookEvents`); a delivery is leased
 * while it is tried, so one whose worker died is tried again when its lease ends. A paused endpoint gets no new
 * deliveries, and those it had waiting are held until it is resumed.
 */
export interface WebhookStore {
  /** Told after this process stored deliveries (the worker wakes). */
  readonly changed: ChangeSignal;
  create(webhook: StoredWebhook): Promise<void>;
  get(id: string): Promise<StoredWebhook | null>;
  /** A document's endpoints, or (null) the desk's, oldest first. */
  list(documentId: string | null): Promise<Webhook[]>;
  /** Change what an endpoint listens to or where it is. */
  update(id: string, change: { url?: string; events?: WebhookEventType[] }): Promise<void>;
  /** Pause an endpoint, saying why; false when it was already paused. */
  pause(id: string, at: string, reason: string): Promise<boolean>;
  /** Resume an endpoint: its held deliveries go out. */
  resume(id: string, now: number): Promise<void>;
  remove(id: string): Promise<void>;
  /** An endpoint's newest deliveries, newest first. */
  deliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]>;
  /** Send a delivery again from now (a failed one, or a delivered one the receiver lost); false when there is none. */
  redeliver(webhookId: string, deliveryId: string, now: number): Promise<boolean>;
  /** Take the oldest due delivery of an active endpoint, leased until `now + leaseMs`. */
  claim(now: number, leaseMs: number): Promise<DueDelivery | null>;
  /** The endpoint answered 2xx. */
  delivered(id: string, outcome: TryOutcome): Promise<void>;
  /** This try failed: try again from `runAfter`. */
  retry(id: string, runAfter: number, outcome: TryOutcome): Promise<void>;
  /** The last try failed: the delivery failed for good. */
  fail(id: string, outcome: TryOutcome): Promise<void>;
  /** When the next delivery falls due (ms since the epoch), or null when none waits. */
  nextDue(): Promise<number | null>;
  /** Forget finished deliveries (delivered or failed) made before `before` (ISO time); how many went. */
  prune(before: string): Promise<number>;
}

/**
 * The roles that may keep a document's webhook (one rule with the routes: the policy's `integrate`). An endpoint is
 * given events only while the person who registered it may still register it — still in such a role on its
 * document, or still an administrator for the desk's — so taking someone's ownership away also stops what their
 * endpoints hear.
 */
export const WEBHOOK_ROLES: readonly string[] = rolesFor('integrate');

/** A delivery's columns, named as the wire's WebhookDelivery (and when the next try is due). */
export const DELIVERY_COLUMNS = `id, event, created_at AS "createdAt", state, attempts, status_code AS "statusCode",
  error, last_attempt_at AS "lastAttemptAt", run_after AS "runAfter"`;

/** An endpoint's row as read (events as JSON text on SQLite, parsed on PostgreSQL). */
export type HookRow = Omit<Webhook, 'events'> & { events: string | WebhookEventType[]; secret?: string };

/** An endpoint as its owner sees it (the wire's Webhook): never its secret; events parsed where the database keeps JSON as text. */
export function webhookOf(row: HookRow): Webhook {
  const { secret: _secret, ...rest } = row;
  return { ...rest, events: typeof row.events === 'string' ? JSON.parse(row.events) : row.events };
}

/** A delivery row as the wire's WebhookDelivery. */
export function deliveryOf(
  row: Omit<WebhookDelivery, 'nextAttemptAt'> & { runAfter: number | string },
): WebhookDelivery {
  const { runAfter, ...rest } = row;
  return { ...rest, nextAttemptAt: row.state === 'pending' ? new Date(Number(runAfter)).toISOString() : null };
}
