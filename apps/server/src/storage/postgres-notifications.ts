/** The notification store on PostgreSQL (see notification-store.ts); rows are written by the store's appendUpdate. */
import type { Notice } from '@factmark/api';
import type pg from 'pg';
import type { NotificationRecord } from '../notifications.ts';
import {
  ChangeSignal,
  type MailDue,
  type MailItem,
  type Mute,
  type NotificationStore,
  REVIEWER_ROLES,
  REVIEWERS,
  SEEN,
} from './notification-store.ts';
import { inTransaction } from './postgres-transaction.ts';

const UNREAD = `SELECT count(*)::int AS n FROM notifications n
  LEFT JOIN memberships m ON m.doc_id = n.doc_id AND m.user_id = n.user_id
  WHERE n.user_id = $1 AND n.read_at IS NULL AND ${SEEN}`;

/** Insert a record into `table` for its recipients on `channel` ($1 id … $7 createdAt, $8 byIds, $9 roles). */
const insertFor = (table: string, channel: 'app' | 'email') => `
  INSERT INTO ${table} (id, user_id, doc_id, annotation_id, kind, text, created_at)
  SELECT $1 || ':' || m.user_id, m.user_id, $3, $4, $5, $6, $7 FROM memberships m
  WHERE m.doc_id = $3
    AND (m.user_id = $2 OR ($2 = '${REVIEWERS}' AND m.role = ANY($9::text[])))
    AND m.user_id <> ALL($8::text[])
    AND NOT EXISTS (SELECT 1 FROM notification_mutes x
                    WHERE x.user_id = m.user_id AND x.kind = $5 AND x.channel = '${channel}')`;

/** Insert `rows` on `client` (inside the store's update transaction); to the outbox too when `email`. */
export async function insertNotifications(
  client: pg.PoolClient,
  rows: readonly NotificationRecord[],
  email: boolean,
): Promise<void> {
  for (const r of rows) {
    const params = [r.id, r.userId, r.documentId, r.annotationId, r.kind, r.text, r.createdAt, r.byIds, REVIEWER_ROLES];
    await client.query(insertFor('notifications', 'app'), params);
    if (email) await client.query(insertFor('notification_outbox', 'email'), params);
  }
}

/** {@link NotificationStore} on the PostgreSQL store's pool. */
export class PostgresNotifications implements NotificationStore {
  email = false;
  readonly changed = new ChangeSignal();

  constructor(private readonly pool: pg.Pool) {}

  async notice({ byIds: _by, ...r }: NotificationRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO notifications (id, user_id, doc_id, annotation_id, kind, text, created_at)
       SELECT $1, $2, $3, $4, $5, $6, $7
       WHERE NOT EXISTS (SELECT 1 FROM notification_mutes x WHERE x.user_id = $2 AND x.kind = $5 AND x.channel = 'app')`,
      [r.id, r.userId, r.documentId, r.annotationId, r.kind, r.text, r.createdAt],
    );
    this.changed.announce();
  }

  async inbox(userId: string, limit: number): Promise<{ notifications: Notice[]; unread: number }> {
    const { rows } = await this.pool.query(
      `SELECT n.id, n.doc_id AS "documentId", d.title AS "documentTitle", n.annotation_id AS "annotationId", n.kind,
              n.text, n.created_at AS "createdAt", n.read_at AS "readAt"
       FROM notifications n JOIN documents d ON d.id = n.doc_id
       LEFT JOIN memberships m ON m.doc_id = n.doc_id AND m.user_id = n.user_id
       WHERE n.user_id = $1 AND ${SEEN} ORDER BY n.created_at DESC, n.id LIMIT $2`,
      [userId, limit],
    );
    return { notifications: rows, unread: (await this.pool.query(UNREAD, [userId])).rows[0].n };
  }

  async markRead(userId: string, ids: readonly string[] | null, at: string): Promise<number> {
    if (ids === null)
      await this.pool.query('UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL', [
        at,
        userId,
      ]);
    else
      await this.pool.query(
        'UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id = ANY($3::text[]) AND read_at IS NULL',
        [at, userId, [...ids]],
      );
    this.changed.announce();
    return this.unread(userId);
  }

  async unread(userId: string): Promise<number> {
    return (await this.pool.query(UNREAD, [userId])).rows[0].n;
  }

  async mutes(userId: string): Promise<Mute[]> {
    const { rows } = await this.pool.query(
      'SELECT kind, channel FROM notification_mutes WHERE user_id = $1 ORDER BY kind, channel',
      [userId],
    );
    return rows;
  }

  async setMutes(userId: string, mutes: readonly Mute[]): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query('DELETE FROM notification_mutes WHERE user_id = $1', [userId]);
      for (const m of mutes)
        await c.query(
          'INSERT INTO notification_mutes (user_id, kind, channel) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [userId, m.kind, m.channel],
        );
    });
  }

  async claimMail(due: MailDue): Promise<MailItem[]> {
    return inTransaction(this.pool, async (c) => {
      // Rows another instance holds are skipped, so two instances never mail the same notification.
      const { rows: claimed } = await c.query<{ user_id: string }>(
        `UPDATE notification_outbox SET claimed_at = $1 WHERE id IN (
           SELECT id FROM notification_outbox WHERE (claimed_at IS NULL OR claimed_at < $4) AND user_id IN (
             SELECT user_id FROM notification_outbox WHERE claimed_at IS NULL OR claimed_at < $4
             GROUP BY user_id HAVING max(created_at) <= $2 OR min(created_at) <= $3)
           FOR UPDATE SKIP LOCKED)
         RETURNING user_id`,
        [due.now, due.quietSince, due.waitingSince, due.staleClaim],
      );
      if (claimed.length === 0) return [];
      await c.query(
        `DELETE FROM notification_outbox o WHERE o.claimed_at = $1 AND NOT EXISTS (
           SELECT 1 FROM memberships m WHERE m.doc_id = o.doc_id AND m.user_id = o.user_id)`,
        [due.now],
      );
      const { rows } = await c.query<MailItem>(
        `SELECT o.id, o.user_id AS "userId", u.email, u.name, o.doc_id AS "documentId", d.title AS "documentTitle",
                o.annotation_id AS "annotationId", o.kind, o.text, o.created_at AS "createdAt"
         FROM notification_outbox o JOIN users u ON u.id = o.user_id JOIN documents d ON d.id = o.doc_id
         WHERE o.claimed_at = $1 ORDER BY o.user_id, o.created_at, o.id`,
        [due.now],
      );
      return rows;
    });
  }

  async mailSent(ids: readonly string[]): Promise<void> {
    await this.pool.query('DELETE FROM notification_outbox WHERE id = ANY($1::text[])', [[...ids]]);
  }

  async mailFailed(ids: readonly string[]): Promise<void> {
    await this.pool.query('UPDATE notification_outbox SET claimed_at = NULL WHERE id = ANY($1::text[])', [[...ids]]);
  }
}
