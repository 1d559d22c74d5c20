/** The notification store on SQLite (see notification-store.ts); rows are written by the store's appendUpdate. */

import type { Notice } from '@factmark/api';
import type Database from 'better-sqlite3';
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

/** The members a record goes to on `channel` (named parameters of the record), as a SELECT of user ids. */
const recipients = (channel: 'app' | 'email') => `
  SELECT m.user_id FROM memberships m
  WHERE m.doc_id = @documentId
    AND (m.user_id = @userId OR (@userId = '${REVIEWERS}' AND m.role IN (SELECT value FROM json_each(@roles))))
    AND m.user_id NOT IN (SELECT value FROM json_each(@byIds))
    AND NOT EXISTS (SELECT 1 FROM notification_mutes x
                    WHERE x.user_id = m.user_id AND x.kind = @kind AND x.channel = '${channel}')`;

/** {@link NotificationStore} on the SQLite store's connection. */
export class SqliteNotifications implements NotificationStore {
  email = false;
  readonly changed = new ChangeSignal();
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO notifications (id, user_id, doc_id, annotation_id, kind, text, created_at)
         SELECT @id || ':' || r.user_id, r.user_id, @documentId, @annotationId, @kind, @text, @createdAt
         FROM (${recipients('app')}) r`,
      ),
      outbox: db.prepare(
        `INSERT INTO notification_outbox (id, user_id, doc_id, annotation_id, kind, text, created_at)
         SELECT @id || ':' || r.user_id, r.user_id, @documentId, @annotationId, @kind, @text, @createdAt
         FROM (${recipients('email')}) r`,
      ),
      list: db.prepare(
        `SELECT n.id, n.doc_id AS documentId, d.title AS documentTitle, n.annotation_id AS annotationId, n.kind,
                n.text, n.created_at AS createdAt, n.read_at AS readAt
         FROM notifications n JOIN documents d ON d.id = n.doc_id
         LEFT JOIN memberships m ON m.doc_id = n.doc_id AND m.user_id = n.user_id
         WHERE n.user_id = ? AND ${SEEN} ORDER BY n.created_at DESC, n.id LIMIT ?`,
      ),
      unread: db.prepare(
        `SELECT count(*) AS n FROM notifications n
         LEFT JOIN memberships m ON m.doc_id = n.doc_id AND m.user_id = n.user_id
         WHERE n.user_id = ? AND n.read_at IS NULL AND ${SEEN}`,
      ),
      notice: db.prepare(
        `INSERT INTO notifications (id, user_id, doc_id, annotation_id, kind, text, created_at)
         SELECT @id, @userId, @documentId, @annotationId, @kind, @text, @createdAt
         WHERE NOT EXISTS (SELECT 1 FROM notification_mutes x
                           WHERE x.user_id = @userId AND x.kind = @kind AND x.channel = 'app')`,
      ),
      readAll: db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL'),
      readOne: db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL'),
      mutes: db.prepare('SELECT kind, channel FROM notification_mutes WHERE user_id = ? ORDER BY kind, channel'),
      unmuteAll: db.prepare('DELETE FROM notification_mutes WHERE user_id = ?'),
      mute: db.prepare('INSERT OR IGNORE INTO notification_mutes (user_id, kind, channel) VALUES (?, ?, ?)'),
      dueUsers: db.prepare(
        `SELECT user_id FROM notification_outbox WHERE claimed_at IS NULL OR claimed_at < @staleClaim
         GROUP BY user_id HAVING max(created_at) <= @quietSince OR min(created_at) <= @waitingSince`,
      ),
      claim: db.prepare(
        `UPDATE notification_outbox SET claimed_at = @now
         WHERE user_id = @userId AND (claimed_at IS NULL OR claimed_at < @staleClaim)`,
      ),
      claimed: db.prepare(
        `SELECT o.id, o.user_id AS userId, u.email, u.name, o.doc_id AS documentId, d.title AS documentTitle,
                o.annotation_id AS annotationId, o.kind, o.text, o.created_at AS createdAt
         FROM notification_outbox o JOIN users u ON u.id = o.user_id JOIN documents d ON d.id = o.doc_id
         WHERE o.user_id = ? AND o.claimed_at = ? ORDER BY o.created_at, o.id`,
      ),
      dropLost: db.prepare(
        `DELETE FROM notification_outbox WHERE user_id = ? AND claimed_at = ?
         AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.doc_id = notification_outbox.doc_id
                         AND m.user_id = notification_outbox.user_id)`,
      ),
      sent: db.prepare('DELETE FROM notification_outbox WHERE id = ?'),
      failed: db.prepare('UPDATE notification_outbox SET claimed_at = NULL WHERE id = ?'),
    };
  }

  /** Insert `rows` (inside the store's update transaction): to each recipient's inbox, and outbox when emailing. */
  insert(rows: readonly NotificationRecord[]): void {
    for (const { byIds, ...row } of rows) {
      const params = { ...row, byIds: JSON.stringify(byIds), roles: JSON.stringify(REVIEWER_ROLES) };
      this.stmts.insert.run(params);
      if (this.email) this.stmts.outbox.run(params);
    }
  }

  async notice({ byIds: _by, ...record }: NotificationRecord): Promise<void> {
    this.stmts.notice.run(record);
    this.changed.announce();
  }

  async inbox(userId: string, limit: number): Promise<{ notifications: Notice[]; unread: number }> {
    return {
      notifications: this.stmts.list.all(userId, limit) as Notice[],
      unread: (this.stmts.unread.get(userId) as { n: number }).n,
    };
  }

  async markRead(userId: string, ids: readonly string[] | null, at: string): Promise<number> {
    this.db
      .transaction(() => {
        if (ids === null) this.stmts.readAll.run(at, userId);
        else for (const id of ids) this.stmts.readOne.run(at, userId, id);
      })
      .immediate();
    this.changed.announce();
    return this.unread(userId);
  }

  async unread(userId: string): Promise<number> {
    return (this.stmts.unread.get(userId) as { n: number }).n;
  }

  async mutes(userId: string): Promise<Mute[]> {
    return this.stmts.mutes.all(userId) as Mute[];
  }

  async setMutes(userId: string, mutes: readonly Mute[]): Promise<void> {
    this.db
      .transaction(() => {
        this.stmts.unmuteAll.run(userId);
        for (const m of mutes) this.stmts.mute.run(userId, m.kind, m.channel);
      })
      .immediate();
  }

  async claimMail(due: MailDue): Promise<MailItem[]> {
    return this.db
      .transaction(() => {
        const out: MailItem[] = [];
        for (const { user_id: userId } of this.stmts.dueUsers.all(due) as { user_id: string }[]) {
          this.stmts.claim.run({ ...due, userId });
          this.stmts.dropLost.run(userId, due.now);
          out.push(...(this.stmts.claimed.all(userId, due.now) as MailItem[]));
        }
        return out;
      })
      .immediate();
  }

  async mailSent(ids: readonly string[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const id of ids) this.stmts.sent.run(id);
      })
      .immediate();
  }

  async mailFailed(ids: readonly string[]): Promise<void> {
    this.db
      .transaction(() => {
        for (const id of ids) this.stmts.failed.run(id);
      })
      .immediate();
  }
}
