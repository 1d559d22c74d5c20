/**
 * A document's update log on one SQLite connection: the rows an accepted update is stored with (the update, the
 * client ids it claims, its audit trail, its notifications, webhook deliveries and claim index changes) and the
 * transaction that writes them together. The store's own connection uses it for the writes it makes itself (a new
 * document, a claim alone, compaction); the update writer's thread (`sqlite-update-writer.ts`) for every update.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../audit.ts';
import { nextVersion } from './document-version.ts';
import { SqliteClaimIndex } from './sqlite-claim-index.ts';
import { SqliteNotifications } from './sqlite-notifications.ts';
import { SqliteWebhooks } from './sqlite-webhooks.ts';
import { DocumentGone, type UpdateRecords } from './store.ts';

/** The update log's statements on `db`, and the tables written with an update (claim index, notifications, webhooks). */
export class SqliteUpdateLog {
  readonly claimIndex: SqliteClaimIndex;
  readonly notifications: SqliteNotifications;
  readonly webhooks: SqliteWebhooks;
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.claimIndex = new SqliteClaimIndex(db);
    this.notifications = new SqliteNotifications(db);
    this.webhooks = new SqliteWebhooks(db);
    this.stmts = {
      insertUpdate: db.prepare('INSERT INTO updates (doc_id, data) VALUES (?, ?)'),
      updatedAt: db.prepare('SELECT updated_at AS updatedAt FROM documents WHERE id = ?'),
      touch: db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?'),
      claim: db.prepare(
        'INSERT INTO client_owners (doc_id, client_id, user_id) VALUES (?, ?, ?) ON CONFLICT (doc_id, client_id) DO NOTHING',
      ),
      insertAudit: db.prepare(
        'INSERT INTO audit (doc_id, at, user_id, annotation_id, action, details) VALUES (?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  /**
   * Store `update` with `alongside` in one immediate transaction (the write lock taken first, so another connection's
   * commit never makes it fail half way), the document's version moved on to `now` (ms, the caller's clock: the
   * time the update was given) or just after the version before; `email`: notifications go to the outbox too.
   * Returns how many webhook deliveries it queued.
   */
  append(id: string, update: Uint8Array, alongside: UpdateRecords, email: boolean, now: number): number {
    this.notifications.email = email;
    return this.db
      .transaction(() => {
        const before = this.stmts.updatedAt.get(id) as { updatedAt: string } | undefined;
        if (!before) throw new DocumentGone(id);
        for (const { userId, clients } of alongside.claims ?? []) this.insertClaims(id, clients, userId);
        this.insertUpdate(id, update);
        const at = nextVersion(before.updatedAt, new Date(now));
        if (alongside.claimIndex) this.claimIndex.follow(id, at, alongside.claimIndex);
        this.stmts.touch.run(at, id);
        this.insertAudit(id, alongside.audit ?? []);
        this.notifications.insert(alongside.notifications ?? []);
        return this.webhooks.insert(alongside.webhookEvents ?? []);
      })
      .immediate();
  }

  /** One row of the log (inside a caller's transaction, or alone). */
  insertUpdate(id: string, update: Uint8Array): void {
    this.stmts.insertUpdate.run(id, update);
  }

  /** Record that `userId` writes as `clients` in a document; an owned client id keeps its owner. */
  insertClaims(documentId: string, clients: readonly number[], userId: string): void {
    for (const client of clients) this.stmts.claim.run(documentId, client, userId);
  }

  insertAudit(documentId: string, entries: readonly AuditEntry[]): void {
    for (const e of entries) {
      this.stmts.insertAudit.run(documentId, e.at, e.userId, e.annotationId, e.action, JSON.stringify(e.details));
    }
  }
}
