/**
 * The webhook worker: takes due deliveries from the durable queue (several instances may share it), signs each
 * (signing.ts) and posts it under source capture's egress rules (safe-fetch.ts: http(s) only, no private address
 * unless SOURCE_FETCH_ALLOW lets it, no redirect followed). A 2xx answer delivers it; anything else is tried again
 * after a doubling wait; when the last try fails, or the address may never be reached, the delivery fails, its
 * endpoint is paused and its owner told. Deliveries are at least once: one whose worker died mid-try is tried again
 * when its lease ends, under the same `webhook-id`.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { cardUrl } from '../mail/mail-messages.ts';
import type { NotificationRecord } from '../notifications.ts';
import { QueuePump } from '../queue-pump.ts';
import { type FetchLimits, FetchRefused, safePost } from '../sources/safe-fetch.ts';
import type { NotificationStore } from '../storage/notification-store.ts';
import type { DueDelivery, TryOutcome, WebhookStore } from '../storage/webhook-store.ts';
import { signedHeaders } from './signing.ts';

/** How the worker runs. */
export interface WebhookWorkerOptions {
  store: WebhookStore;
  /** Where the owner of a paused endpoint is told. */
  notifications: NotificationStore;
  /** The egress rules (source capture's allow list and resolver) and the time an endpoint may take. */
  limits: FetchLimits;
  /** Tries of one delivery, and the first retry's wait (doubled each time, at most an hour). */
  attempts: number;
  retryMs: number;
  /** Days a finished delivery stays listed (then it is forgotten: the queue does not grow without end). */
  keepDays: number;
  /** The app's address, for the links in events (PUBLIC_URL; null: the address it listens on). */
  publicUrl: string | null;
  log: Logger;
}

const HOUR = 3_600_000;

/** The User-Agent of every delivery: who posts and why. */
export const WEBHOOK_USER_AGENT = 'FactmarkWebhooks/1.0 (fact-checking desk events; +https://github.com/factmark)';
/** Refusals no retry can cure: the address is not one the server may reach. */
const PERMANENT: ReadonlySet<FetchRefused['code']> = new Set(['not_http', 'address']);

type Json = Record<string, unknown>;

/**
 * The body of a delivery: `{ type, timestamp, data }` (the Standard Webhooks shape) with links to the document and
 * the annotation added — the same bytes on every try.
 */
export function deliveryBody(delivery: Pick<DueDelivery, 'event' | 'createdAt' | 'data'>, publicUrl: string): string {
  const data = JSON.parse(delivery.data) as Json;
  const document = data.document as Json;
  const documentId = String(document.id);
  const annotation = data.annotation as Json | undefined;
  return JSON.stringify({
    type: delivery.event,
    timestamp: delivery.createdAt,
    data: {
      ...data,
      document: { ...document, url: `${publicUrl}/d/${encodeURIComponent(documentId)}` },
      ...(annotation
        ? { annotation: { ...annotation, url: cardUrl(publicUrl, documentId, String(annotation.id)) } }
        : {}),
    },
  });
}

/** Runs webhook deliveries until stopped. */
export class WebhookWorker {
  private readonly pump: QueuePump<DueDelivery>;
  private readonly stopListening: () => void;

  constructor(private readonly options: WebhookWorkerOptions) {
    const { store } = options;
    // A try takes at most the timeout; a delivery whose worker died is taken again a little after.
    const leaseMs = options.limits.timeoutMs + 2_000;
    this.pump = new QueuePump(
      { claim: (now) => store.claim(now, leaseMs), run: (d) => this.deliver(d), nextDue: () => store.nextDue() },
      options.log,
      'webhook',
      4,
      5_000,
    );
    this.stopListening = store.changed.listen(() => this.pump.wake());
  }

  private base = 'http://localhost';
  private pruning: NodeJS.Timeout | null = null;

  /** Start delivering (what a previous run left included); `listening` is the server's address. */
  start(listening: string): void {
    this.base = this.options.publicUrl ?? listening;
    this.pump.start();
    void this.prune();
    this.pruning = setInterval(() => void this.prune(), HOUR);
    this.pruning.unref();
  }

  /** Forget the finished deliveries older than `keepDays`. */
  async prune(now = Date.now()): Promise<number> {
    const before = new Date(now - this.options.keepDays * 24 * HOUR).toISOString();
    return this.options.store.prune(before).catch((error: unknown) => {
      this.options.log.warn({ err: error }, 'could not forget old webhook deliveries');
      return 0;
    });
  }

  /** Stop delivering and wait for the tries under way. */
  async stop(): Promise<void> {
    if (this.pruning) clearInterval(this.pruning);
    this.stopListening();
    await this.pump.stop();
  }

  /** The wait before try `attempts + 1`. */
  private delay(attempts: number): number {
    return Math.min(HOUR, this.options.retryMs * 2 ** (attempts - 1));
  }

  private async deliver(delivery: DueDelivery): Promise<void> {
    const { store, limits } = this.options;
    const body = deliveryBody(delivery, this.base);
    const at = () => new Date().toISOString();
    let outcome: TryOutcome;
    let permanent = false;
    try {
      const headers = signedHeaders(delivery.secret, delivery.id, body, Date.now());
      const answer = await safePost(delivery.url, body, headers, limits);
      if (answer.status >= 200 && answer.status < 300) {
        await store.delivered(delivery.id, { statusCode: answer.status, error: null, at: at() });
        return;
      }
      const said = answer.body.trim().slice(0, 200);
      outcome = {
        statusCode: answer.status,
        error: `The endpoint answered ${answer.status}${said ? `: ${said}` : ''}`,
        at: at(),
      };
    } catch (error) {
      if (!(error instanceof FetchRefused)) throw error;
      permanent = PERMANENT.has(error.code);
      outcome = { statusCode: null, error: error.message, at: at() };
    }
    if (!permanent && delivery.attempts < this.options.attempts) {
      await store.retry(delivery.id, Date.now() + this.delay(delivery.attempts), outcome);
      return;
    }
    await store.fail(delivery.id, outcome);
    await this.pause(delivery, outcome);
  }

  /** Pause the endpoint a delivery failed for good on, and tell its owner. */
  private async pause(delivery: DueDelivery, outcome: TryOutcome): Promise<void> {
    const { store, notifications, log } = this.options;
    const tries = delivery.attempts === 1 ? 'once' : `${delivery.attempts} times`;
    const reason = `A “${delivery.event}” event could not be delivered (tried ${tries}): ${outcome.error}`;
    if (!(await store.pause(delivery.webhookId, outcome.at, reason))) return;
    log.warn({ webhookId: delivery.webhookId, url: delivery.url, reason }, 'webhook paused');
    const webhook = await store.get(delivery.webhookId);
    if (!webhook) return;
    const notice: NotificationRecord = {
      id: randomUUID(),
      userId: webhook.ownerId,
      byIds: [],
      documentId: webhook.documentId ?? delivery.documentId,
      // No card: the inbox links the endpoint's page — a document's, or the desk's ('desk').
      annotationId: webhook.documentId ? '' : 'desk',
      kind: 'webhook',
      text: `The webhook to ${new URL(delivery.url).host} was paused. ${reason}`,
      createdAt: outcome.at,
    };
    await notifications
      .notice(notice)
      .catch((error: unknown) => log.warn({ err: error }, 'could not tell a webhook owner'));
  }
}
