/** The webhook store on SQLite (see webhook-store.ts); deliveries are written by the store's appendUpdate. */
import type { Webhook, WebhookDelivery, WebhookEventType } from '@factmark/api';
import type Database from 'better-sqlite3';
import type { WebhookEventRecord } from '../webhooks/webhook-events.ts';
import { ChangeSignal } from './notification-store.ts';
import {
  DELIVERY_COLUMNS,
  type DueDelivery,
  deliveryOf,
  type HookRow,
  type StoredWebhook,
  type TryOutcome,
  WEBHOOK_ROLES,
  type WebhookStore,
  webhookOf,
} from './webhook-store.ts';

const HOOK = `id, doc_id AS documentId, owner_id AS ownerId, url, events, created_at AS createdAt,
  paused_at AS pausedAt, pause_reason AS pauseReason`;
/** {@link WebhookStore} on the SQLite store's connection (synchronous statements, so every call is atomic). */
export class SqliteWebhooks implements WebhookStore {
  readonly changed = new ChangeSignal();
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      fanOut: db.prepare(
        `INSERT INTO webhook_deliveries (id, webhook_id, doc_id, event, data, created_at, state, run_after)
         SELECT @id || ':' || w.id, w.id, @documentId, @type, @data, @createdAt, 'pending', @now FROM webhooks w
         WHERE (w.doc_id = @documentId OR w.doc_id IS NULL) AND w.paused_at IS NULL
           AND EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = @type)
           AND CASE WHEN w.doc_id IS NULL
             THEN EXISTS (SELECT 1 FROM users u WHERE u.id = w.owner_id AND u.is_admin)
             ELSE EXISTS (SELECT 1 FROM memberships m WHERE m.doc_id = w.doc_id AND m.user_id = w.owner_id
                          AND m.role IN (SELECT value FROM json_each(@roles))) END`,
      ),
      create: db.prepare(
        `INSERT INTO webhooks (id, doc_id, owner_id, url, events, secret, created_at)
         VALUES (@id, @documentId, @ownerId, @url, @events, @secret, @createdAt)`,
      ),
      get: db.prepare(`SELECT ${HOOK}, secret FROM webhooks WHERE id = ?`),
      list: db.prepare(`SELECT ${HOOK} FROM webhooks WHERE doc_id IS ? ORDER BY created_at, id`),
      update: db.prepare('UPDATE webhooks SET url = coalesce(?, url), events = coalesce(?, events) WHERE id = ?'),
      pause: db.prepare('UPDATE webhooks SET paused_at = ?, pause_reason = ? WHERE id = ? AND paused_at IS NULL'),
      resume: db.prepare('UPDATE webhooks SET paused_at = NULL, pause_reason = NULL WHERE id = ?'),
      release: db.prepare(
        `UPDATE webhook_deliveries SET run_after = ?, lease_until = NULL WHERE webhook_id = ? AND state = 'pending'`,
      ),
      remove: db.prepare('DELETE FROM webhooks WHERE id = ?'),
      deliveries: db.prepare(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?`,
      ),
      redeliver: db.prepare(
        `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, run_after = ?, lease_until = NULL
         WHERE webhook_id = ? AND id = ? AND (state <> 'pending' OR lease_until IS NULL)`,
      ),
      due: db.prepare(
        `SELECT d.seq FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.state = 'pending' AND w.paused_at IS NULL AND d.run_after <= @now
           AND (d.lease_until IS NULL OR d.lease_until <= @now)
         ORDER BY d.run_after, d.seq LIMIT 1`,
      ),
      lease: db.prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, lease_until = ? WHERE seq = ?
         RETURNING id, webhook_id AS webhookId, event, data, doc_id AS documentId, created_at AS createdAt, attempts`,
      ),
      endpoint: db.prepare('SELECT url, secret FROM webhooks WHERE id = ?'),
      outcome: db.prepare(
        `UPDATE webhook_deliveries SET state = @state, run_after = coalesce(@runAfter, run_after), lease_until = NULL,
           status_code = @statusCode, error = @error, last_attempt_at = @at WHERE id = @id`,
      ),
      prune: db.prepare(`DELETE FROM webhook_deliveries WHERE state IN ('delivered', 'failed') AND created_at < ?`),
      nextDue: db.prepare(
        `SELECT MIN(CASE WHEN d.lease_until > d.run_after THEN d.lease_until ELSE d.run_after END) AS at
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.state = 'pending' AND w.paused_at IS NULL`,
      ),
    };
  }

  /** Queue `events` for the endpoints that asked for them (inside the store's update transaction). */
  insert(events: readonly WebhookEventRecord[]): number {
    let queued = 0;
    for (const e of events)
      queued += this.stmts.fanOut.run({ ...e, now: Date.now(), roles: JSON.stringify(WEBHOOK_ROLES) }).changes;
    return queued;
  }

  async create(webhook: StoredWebhook): Promise<void> {
    this.stmts.create.run({ ...webhook, events: JSON.stringify(webhook.events) });
  }

  async get(id: string): Promise<StoredWebhook | null> {
    const row = this.stmts.get.get(id) as HookRow | undefined;
    return row ? { ...webhookOf(row), secret: String(row.secret) } : null;
  }

  async list(documentId: string | null): Promise<Webhook[]> {
    return (this.stmts.list.all(documentId) as HookRow[]).map(webhookOf);
  }

  async update(id: string, change: { url?: string; events?: WebhookEventType[] }): Promise<void> {
    this.stmts.update.run(change.url ?? null, change.events ? JSON.stringify(change.events) : null, id);
  }

  async pause(id: string, at: string, reason: string): Promise<boolean> {
    return this.stmts.pause.run(at, reason, id).changes > 0;
  }

  async resume(id: string, now: number): Promise<void> {
    this.db
      .transaction(() => {
        this.stmts.resume.run(id);
        this.stmts.release.run(now, id);
      })
      .immediate();
    this.changed.announce();
  }

  async remove(id: string): Promise<void> {
    this.stmts.remove.run(id);
  }

  async deliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    return (this.stmts.deliveries.all(webhookId, limit) as Parameters<typeof deliveryOf>[0][]).map(deliveryOf);
  }

  async redeliver(webhookId: string, deliveryId: string, now: number): Promise<boolean> {
    const changed = this.stmts.redeliver.run(now, webhookId, deliveryId).changes > 0;
    if (changed) this.changed.announce();
    return changed;
  }

  async claim(now: number, leaseMs: number): Promise<DueDelivery | null> {
    return this.db
      .transaction(() => {
        const due = this.stmts.due.get({ now }) as { seq: number } | undefined;
        if (!due) return null;
        const row = this.stmts.lease.get(now + leaseMs, due.seq) as Omit<DueDelivery, 'url' | 'secret'>;
        const endpoint = this.stmts.endpoint.get(row.webhookId) as { url: string; secret: string };
        return { ...row, ...endpoint };
      })
      .immediate();
  }

  async delivered(id: string, outcome: TryOutcome): Promise<void> {
    this.stmts.outcome.run({ id, state: 'delivered', runAfter: null, ...outcome });
  }

  async retry(id: string, runAfter: number, outcome: TryOutcome): Promise<void> {
    this.stmts.outcome.run({ id, state: 'pending', runAfter, ...outcome });
  }

  async fail(id: string, outcome: TryOutcome): Promise<void> {
    this.stmts.outcome.run({ id, state: 'failed', runAfter: null, ...outcome });
  }

  async nextDue(): Promise<number | null> {
    const at = (this.stmts.nextDue.get() as { at: number | null }).at;
    return at === null ? null : Number(at);
  }

  async prune(before: string): Promise<number> {
    return this.stmts.prune.run(before).changes;
  }
}
