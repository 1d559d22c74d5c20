/** The notification store on SQLite (see notification-store.ts); rows are written by the store's appendUpdate. */

import type { Notice } from '@factmark/api';
import type Database from 'better-sqlite3';
import type { NotificationRecord } from '../notifications.ts';
import type { NotificationStore } from './notification-store.ts';

/** {@link NotificationStore} on the SQLite store's connection. */
export class SqliteNotifications implements NotificationStore {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO notifications (id, user_id, doc_id, annotation_id, kind, text, created_at)
         VALUES (@id, @userId, @documentId, @annotationId, @kind, @text, @createdAt)`,
      ),
      list: db.prepare(
        `SELECT n.id, n.doc_id AS documentId, d.title AS documentTitle, n.annotation_id AS annotationId, n.kind,
                n.text, n.created_at AS createdAt, n.read_at AS readAt
         FROM notifications n JOIN documents d ON d.id = n.doc_id
         JOIN memberships m ON m.doc_id = n.doc_id AND m.user_id = n.user_id
         WHERE n.user_id = ? ORDER BY n.created_at DESC, n.id LIMIT ?`,
      ),
      unread: db.prepare(
        `SELECT count(*) AS n FROM notifications n JOIN memberships m ON m.doc_id = n.doc_id AND m.user_id = n.user_id
         WHERE n.user_id = ? AND n.read_at IS NULL`,
      ),
      readAll: db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL'),
      readOne: db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL'),
    };
  }

  /** Insert `rows` (inside the store's update transaction). */
  insert(rows: readonly NotificationRecord[]): void {
    for (const row of rows) this.stmts.insert.run(row);
  }

  async inbox(userId: string, limit: number): Promise<{ notifications: Notice[]; unread: number }> {
    return {
      notifications: this.stmts.list.all(userId, limit) as Notice[],
      unread: (this.stmts.unread.get(userId) as { n: number }).n,
    };
  }

  async markRead(userId: string, ids: readonly string[] | null, at: string): Promise<number> {
    this.db.transaction(() => {
      if (ids === null) this.stmts.readAll.run(at, userId);
      else for (const id of ids) this.stmts.readOne.run(at, userId, id);
    })();
    return (this.stmts.unread.get(userId) as { n: number }).n;
  }
}
