/** The invitation store on PostgreSQL (see invitation-store.ts). */
import type pg from 'pg';
import type { InvitationStore, StoredInvitation } from './invitation-store.ts';

const COLUMNS = `id, token_hash AS "tokenHash", doc_id AS "documentId", email, role, invited_by AS "invitedById",
  invited_by_name AS "invitedByName", created_at AS "createdAt", expires_at AS "expiresAt", accepted_at AS "acceptedAt"`;

/** {@link InvitationStore} on the PostgreSQL store's pool. */
export class PostgresInvitations implements InvitationStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(i: StoredInvitation): Promise<void> {
    await this.pool.query(
      `INSERT INTO invitations (id, token_hash, doc_id, email, role, invited_by, invited_by_name, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [i.id, i.tokenHash, i.documentId, i.email, i.role, i.invitedById, i.invitedByName, i.createdAt, i.expiresAt],
    );
  }

  async find(tokenHash: string): Promise<StoredInvitation | null> {
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM invitations WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ?? null;
  }

  async pending(documentId: string, now: string): Promise<StoredInvitation[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM invitations WHERE doc_id = $1 AND accepted_at IS NULL AND expires_at > $2
       ORDER BY created_at, id`,
      [documentId, now],
    );
    return rows;
  }

  async revoke(documentId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM invitations WHERE doc_id = $1 AND id = $2 AND accepted_at IS NULL',
      [documentId, id],
    );
    return rowCount === 1;
  }

  async accept(id: string, now: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL AND expires_at > $1',
      [now, id],
    );
    return rowCount === 1;
  }
}
