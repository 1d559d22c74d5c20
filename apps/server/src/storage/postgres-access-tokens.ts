/** The personal access token store on PostgreSQL (see access-token-store.ts). */
import type { AccessScope } from '@factmark/collab';
import type pg from 'pg';
import type { AccessTokenRecord, AccessTokenStore } from './access-token-store.ts';

const COLUMNS = `id, user_id AS "userId", name, scopes, created_at AS "createdAt", expires_at AS "expiresAt",
  revoked_at AS "revokedAt"`;

type Row = Omit<AccessTokenRecord, 'scopes'> & { scopes: string };
const record = (row: Row | undefined): AccessTokenRecord | null =>
  row ? { ...row, scopes: row.scopes.split(',') as AccessScope[] } : null;

/** {@link AccessTokenStore} on the PostgreSQL store's pool. */
export class PostgresAccessTokens implements AccessTokenStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(t: AccessTokenRecord & { tokenHash: string }): Promise<void> {
    await this.pool.query(
      `INSERT INTO access_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [t.id, t.userId, t.name, t.tokenHash, t.scopes.join(','), t.createdAt, t.expiresAt],
    );
  }

  async byHash(tokenHash: string): Promise<AccessTokenRecord | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM access_tokens WHERE token_hash = $1`, [
      tokenHash,
    ]);
    return record(rows[0]);
  }

  async byId(id: string): Promise<AccessTokenRecord | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM access_tokens WHERE id = $1`, [id]);
    return record(rows[0]);
  }

  async list(userId: string): Promise<AccessTokenRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM access_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id`,
      [userId],
    );
    return rows.map((r) => record(r) as AccessTokenRecord);
  }

  async revoke(userId: string, id: string, at: string): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE access_tokens SET revoked_at = $1 WHERE user_id = $2 AND id = $3 AND revoked_at IS NULL',
      [at, userId, id],
    );
    return (result.rowCount ?? 0) > 0;
  }
}
