/** The webhook store on PostgreSQL (see webhook-store.ts); deliveries are written by the store's appendUpdate. */
import type { Webhook, WebhookDelivery, WebhookEventType } from '@factmark/api';
import type pg from 'pg';
import type { WebhookEventRecord } from '../webhooks/webhook-events.ts';
import { ChangeSignal } from './notification-store.ts';
import { inTransaction } from './postgres-transaction.ts';
import {
  DELIVERY_COLUMNS,
  type DueDelivery,
  deliveryOf,
  type StoredWebhook,
  type TryOutcome,
  WEBHOOK_ROLES,
  type WebhookStore,
  webhookOf,
} from './webhook-store.ts';

const HOOK = `id, doc_id AS "documentId", owner_id AS "ownerId", url, events, created_at AS "createdAt",
  paused_at AS "pausedAt", pause_reason AS "pauseReason"`;

/** Queue `events` on `client` for the endpoints that asked for them (inside the store's update transaction). */
export async function insertWebhookEvents(
  client: pg.PoolClient,
  events: readonly WebhookEventRecord[],
): Promise<number> {
  let queued = 0;
  for (const e of events) {
    const { rowCount } = await client.query(
      `INSERT INTO webhook_deliveries (id, webhook_id, doc_id, event, data, created_at, state, run_after)
       SELECT $1 || ':' || w.id, w.id, $2, $3, $4, $5, 'pending', $6 FROM webhooks w
       WHERE (w.doc_id = $2 OR w.doc_id IS NULL) AND w.paused_at IS NULL AND w.events ? $3
         AND CASE WHEN w.doc_id IS NULL
           THEN EXISTS (SELECT 1 FROM users u WHERE u.id = w.owner_id AND u.is_admin)
           ELSE EXISTS (SELECT 1 FROM memberships m WHERE m.doc_id = w.doc_id AND m.user_id = w.owner_id
                        AND m.role = ANY($7::text[])) END`,
      [e.id, e.documentId, e.type, e.data, e.createdAt, Date.now(), WEBHOOK_ROLES],
    );
    queued += rowCount ?? 0;
  }
  return queued;
}

/** {@link WebhookStore} on the PostgreSQL store's pool. */
export class PostgresWebhooks implements WebhookStore {
  readonly changed = new ChangeSignal();

  constructor(private readonly pool: pg.Pool) {}

  async create(w: StoredWebhook): Promise<void> {
    await this.pool.query(
      `INSERT INTO webhooks (id, doc_id, owner_id, url, events, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [w.id, w.documentId, w.ownerId, w.url, JSON.stringify(w.events), w.secret, w.createdAt],
    );
  }

  async get(id: string): Promise<StoredWebhook | null> {
    const { rows } = await this.pool.query(`SELECT ${HOOK}, secret FROM webhooks WHERE id = $1`, [id]);
    const row = rows[0];
    return row ? { ...webhookOf(row), secret: String(row.secret) } : null;
  }

  async list(documentId: string | null): Promise<Webhook[]> {
    const { rows } = await this.pool.query(
      `SELECT ${HOOK} FROM webhooks WHERE doc_id IS NOT DISTINCT FROM $1 ORDER BY created_at, id`,
      [documentId],
    );
    return rows.map(webhookOf);
  }

  async update(id: string, change: { url?: string; events?: WebhookEventType[] }): Promise<void> {
    await this.pool.query(
      'UPDATE webhooks SET url = coalesce($1, url), events = coalesce($2::jsonb, events) WHERE id = $3',
      [change.url ?? null, change.events ? JSON.stringify(change.events) : null, id],
    );
  }

  async pause(id: string, at: string, reason: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE webhooks SET paused_at = $1, pause_reason = $2 WHERE id = $3 AND paused_at IS NULL',
      [at, reason, id],
    );
    return (rowCount ?? 0) > 0;
  }

  async resume(id: string, now: number): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query('UPDATE webhooks SET paused_at = NULL, pause_reason = NULL WHERE id = $1', [id]);
      await c.query(
        `UPDATE webhook_deliveries SET run_after = $1, lease_until = NULL WHERE webhook_id = $2 AND state = 'pending'`,
        [now, id],
      );
    });
    this.changed.announce();
  }

  async remove(id: string): Promise<void> {
    await this.pool.query('DELETE FROM webhooks WHERE id = $1', [id]);
  }

  async deliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    const { rows } = await this.pool.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY seq DESC LIMIT $2`,
      [webhookId, limit],
    );
    return rows.map(deliveryOf);
  }

  async redeliver(webhookId: string, deliveryId: string, now: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, run_after = $1, lease_until = NULL
       WHERE webhook_id = $2 AND id = $3 AND (state <> 'pending' OR lease_until IS NULL)`,
      [now, webhookId, deliveryId],
    );
    if (rowCount) this.changed.announce();
    return (rowCount ?? 0) > 0;
  }

  async claim(now: number, leaseMs: number): Promise<DueDelivery | null> {
    const { rows } = await this.pool.query(
      `UPDATE webhook_deliveries d SET attempts = d.attempts + 1, lease_until = $2
       FROM webhooks w
       WHERE w.id = d.webhook_id AND d.seq = (
         SELECT x.seq FROM webhook_deliveries x JOIN webhooks y ON y.id = x.webhook_id
         WHERE x.state = 'pending' AND y.paused_at IS NULL AND x.run_after <= $1
           AND (x.lease_until IS NULL OR x.lease_until <= $1)
         ORDER BY x.run_after, x.seq LIMIT 1 FOR UPDATE OF x SKIP LOCKED)
       RETURNING d.id, d.webhook_id AS "webhookId", w.url, w.secret, d.event, d.data, d.doc_id AS "documentId",
         d.created_at AS "createdAt", d.attempts`,
      [now, now + leaseMs],
    );
    return (rows[0] as DueDelivery | undefined) ?? null;
  }

  private async outcome(id: string, state: string, runAfter: number | null, o: TryOutcome): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_deliveries SET state = $2, run_after = coalesce($3, run_after), lease_until = NULL,
         status_code = $4, error = $5, last_attempt_at = $6 WHERE id = $1`,
      [id, state, runAfter, o.statusCode, o.error, o.at],
    );
  }

  delivered(id: string, outcome: TryOutcome): Promise<void> {
    return this.outcome(id, 'delivered', null, outcome);
  }

  retry(id: string, runAfter: number, outcome: TryOutcome): Promise<void> {
    return this.outcome(id, 'pending', runAfter, outcome);
  }

  fail(id: string, outcome: TryOutcome): Promise<void> {
    return this.outcome(id, 'failed', null, outcome);
  }

  async nextDue(): Promise<number | null> {
    const { rows } = await this.pool.query(
      `SELECT MIN(GREATEST(d.run_after, coalesce(d.lease_until, 0))) AS at
       FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
       WHERE d.state = 'pending' AND w.paused_at IS NULL`,
    );
    const at = rows[0]?.at;
    return at === null || at === undefined ? null : Number(at);
  }

  async prune(before: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM webhook_deliveries WHERE state IN ('delivered', 'failed') AND created_at < $1`,
      [before],
    );
    return rowCount ?? 0;
  }
}
