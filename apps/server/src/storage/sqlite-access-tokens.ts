/** The personal access token store on SQLite (see access-token-store.ts). */
import type { AccessScope } from '@factmark/collab';
import type Database from 'better-sqlite3';
import type { AccessTokenRecord, AccessTokenStore } from './access-token-store.ts';

const COLUMNS = `id, user_id AS userId, name, scopes, created_at AS createdAt, expires_at AS expiresAt,
  revoked_at AS revokedAt`;

type Row = Omit<AccessTokenRecord, 'scopes'> & { scopes: string };
const record = (row: Row | undefined): AccessTokenRecord | null =>
  row ? { ...row, scopes: row.scopes.split(',') as AccessScope[] } : null;

/** {@link AccessTokenStore} on the SQLite store's connection. */
export class SqliteAccessTokens implements AccessTokenStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO access_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at)
         VALUES (@id, @userId, @name, @tokenHash, @scopes, @createdAt, @expiresAt)`,
      ),
      byHash: db.prepare(`SELECT ${COLUMNS} FROM access_tokens WHERE token_hash = ?`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM access_tokens WHERE id = ?`),
      list: db.prepare(
        `SELECT ${COLUMNS} FROM access_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id`,
      ),
      revoke: db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE user_id = ? AND id = ? AND revoked_at IS NULL'),
    };
  }

  async create(token: AccessTokenRecord & { tokenHash: string }): Promise<void> {
    const { revokedAt: _revoked, ...row } = token;
    this.stmts.insert.run({ ...row, scopes: token.scopes.join(',') });
  }

  async byHash(tokenHash: string): Promise<AccessTokenRecord | null> {
    return record(this.stmts.byHash.get(tokenHash) as Row | undefined);
  }

  async byId(id: string): Promise<AccessTokenRecord | null> {
    return record(this.stmts.byId.get(id) as Row | undefined);
  }

  async list(userId: string): Promise<AccessTokenRecord[]> {
    return (this.stmts.list.all(userId) as Row[]).map((r) => record(r) as AccessTokenRecord);
  }

  async revoke(userId: string, id: string, at: string): Promise<boolean> {
    return this.stmts.revoke.run(at, userId, id).changes > 0;
  }
}
