/** The invitation store on SQLite (see invitation-store.ts). */
import type Database from 'better-sqlite3';
import type { InvitationStore, StoredInvitation } from './invitation-store.ts';

const COLUMNS = `id, token_hash AS tokenHash, doc_id AS documentId, email, role, invited_by AS invitedById,
  invited_by_name AS invitedByName, created_at AS createdAt, expires_at AS expiresAt, accepted_at AS acceptedAt`;

/** {@link InvitationStore} on the SQLite store's connection. */
export class SqliteInvitations implements InvitationStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO invitations (id, token_hash, doc_id, email, role, invited_by, invited_by_name, created_at, expires_at)
         VALUES (@id, @tokenHash, @documentId, @email, @role, @invitedById, @invitedByName, @createdAt, @expiresAt)`,
      ),
      find: db.prepare(`SELECT ${COLUMNS} FROM invitations WHERE token_hash = ?`),
      pending: db.prepare(
        `SELECT ${COLUMNS} FROM invitations WHERE doc_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY created_at, id`,
      ),
      revoke: db.prepare('DELETE FROM invitations WHERE doc_id = ? AND id = ? AND accepted_at IS NULL'),
      accept: db.prepare(
        'UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL AND expires_at > ?',
      ),
    };
  }

  async create(invitation: StoredInvitation): Promise<void> {
    const { acceptedAt: _accepted, ...row } = invitation;
    this.stmts.insert.run(row);
  }

  async find(tokenHash: string): Promise<StoredInvitation | null> {
    return (this.stmts.find.get(tokenHash) as StoredInvitation | undefined) ?? null;
  }

  async pending(documentId: string, now: string): Promise<StoredInvitation[]> {
    return this.stmts.pending.all(documentId, now) as StoredInvitation[];
  }

  async revoke(documentId: string, id: string): Promise<boolean> {
    return this.stmts.revoke.run(documentId, id).changes === 1;
  }

  async accept(id: string, now: string): Promise<boolean> {
    return this.stmts.accept.run(now, id, now).changes === 1;
  }
}
