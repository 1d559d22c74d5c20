/** The notification store on PostgreSQL (see notification-store.ts); rows are written by the store's appendUpdate. */
import type { Notice } from '@factmark/api';
import type pg from 'pg';
import type { NotificationRecord } from '../notifications.ts';
import type { NotificationStore } from './notification-store.ts';

const UNREAD = `SELECT count(*)::int AS n FROM notifications n
  JOIN memberships m ON m.doc_id = n.doc_id AND m.user_id = n.user_id WHERE n.user_id = $1 AND n.read_at IS NULL`;

/** Insert `rows` on `client` (inside the store's update transaction). */
export async function insertNotifications(client: pg.PoolClient, rows: readonly NotificationRecord[]): Promise<void> {
  for (const r of rows)
    await client.query(
      `INSERT INTO notifications (id, user_id, doc_id, annotation_id, kind, text, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.id, r.userId, r.documentId, r.annotationId, r.kind, r.text, r.createdAt],
    );
}

/** {@link NotificationStore} on the PostgreSQL store's pool. */
export class PostgresNotifications implements NotificationStore {
  constructor(private readonly pool: pg.Pool) {}

  async inbox(userId: string, limit: number): Promise<{ notifications: Notice[]; unread: number }> {
    const { rows } = await this.pool.query(
      `SELECT n.id, n.doc_id AS "documentId", d.title AS "documentTitle", n.annotation_id AS "annotationId", n.kind,
              n.text, n.created_at AS "createdAt", n.read_at AS "readAt"
       FROM notifications n JOIN documents d ON d.id = n.doc_id
       JOIN memberships m ON m.doc_id = n.doc_id AND m.user_id = n.user_id
       WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id LIMIT $2`,
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
    return (await this.pool.query(UNREAD, [userId])).rows[0].n;
  }
}
