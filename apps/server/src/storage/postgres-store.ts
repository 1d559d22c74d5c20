/** The PostgreSQL store (pg): documents, updates, versions, audit, accounts and roles, for several instances behind one proxy. */
import type { Role } from '@factmark/collab';
import pg from 'pg';
import type { AuditEntry } from '../audit.ts';
import type { AccountStore, Membership, Session, User } from '../auth/account-store.ts';
import { nextVersion } from './document-version.ts';
import { mergeOffThread } from './merge-off-thread.ts';
import { PostgresAccessTokens } from './postgres-access-tokens.ts';
import { PostgresCaptures } from './postgres-captures.ts';
import { PostgresClaimIndex } from './postgres-claim-index.ts';
import { PostgresInvitations } from './postgres-invitations.ts';
import { insertNotifications, PostgresNotifications } from './postgres-notifications.ts';
import { inTransaction } from './postgres-transaction.ts';
import { insertWebhookEvents, PostgresWebhooks } from './postgres-webhooks.ts';
import { schemaSql } from './schema.ts';
import { DocumentGone, type DocumentMeta, type DocumentStore, type UpdateRecords, type VersionMeta } from './store.ts';

const META = 'id, title, created_at AS "createdAt", updated_at AS "updatedAt"';
const VERSION = 'id, doc_id AS "documentId", name, created_at AS "createdAt", created_by AS "createdBy"';
const USER = 'id, email, name, is_admin AS "isAdmin", created_at AS "createdAt"';

/**
 * The store for more than one server process: PostgreSQL, selected by
 * DATABASE_URL. Same tables and semantics as the SQLite store; an update is
 * committed before {@link appendUpdate} resolves.
 */
export class PostgresStore implements DocumentStore, AccountStore {
  /** Source capture's jobs, fetches and snapshots, in the same database. */
  readonly captures: PostgresCaptures;
  /** The claim index for "checked before". */
  readonly claimIndex: PostgresClaimIndex;
  /** Invitations to documents for addresses without an account. */
  readonly invitations: PostgresInvitations;
  /** Personal access tokens. */
  readonly accessTokens: PostgresAccessTokens;
  /** Each person's notifications. */
  readonly notifications: PostgresNotifications;
  readonly webhooks: PostgresWebhooks;

  private constructor(private readonly pool: pg.Pool) {
    this.captures = new PostgresCaptures(pool);
    this.claimIndex = new PostgresClaimIndex(pool);
    this.invitations = new PostgresInvitations(pool);
    this.accessTokens = new PostgresAccessTokens(pool);
    this.notifications = new PostgresNotifications(pool);
    this.webhooks = new PostgresWebhooks(pool);
  }

  /** Connect, create the tables when missing (in `schema`, when given), and check the connection. */
  static async open(connectionString: string, schema?: string): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString,
      max: 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    pool.on('error', () => {}); // Idle-client errors surface on the next query.
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    await pool.query(schemaSql('postgres'));
    return new PostgresStore(pool);
  }

  private async one<T>(sql: string, params: unknown[] = []): Promise<T | null> {
    return ((await this.pool.query(sql, params)).rows[0] as T | undefined) ?? null;
  }

  async listDocuments(): Promise<DocumentMeta[]> {
    return (await this.pool.query(`SELECT ${META} FROM documents ORDER BY updated_at DESC, id`)).rows;
  }

  async getDocument(id: string): Promise<DocumentMeta | null> {
    return this.one(`SELECT ${META} FROM documents WHERE id = $1`, [id]);
  }

  async createDocument(meta: DocumentMeta, initialUpdate: Uint8Array): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query('INSERT INTO documents (id, title, created_at, updated_at) VALUES ($1, $2, $3, $4)', [
        meta.id,
        meta.title,
        meta.createdAt,
        meta.updatedAt,
      ]);
      await c.query('INSERT INTO updates (doc_id, data) VALUES ($1, $2)', [meta.id, Buffer.from(initialUpdate)]);
    });
  }

  async appendUpdate(id: string, update: Uint8Array, alongside: UpdateRecords = {}): Promise<void> {
    const queued = await inTransaction(this.pool, async (c) => {
      // The document's row is held to the commit (as touching it would), so its updates' claim index changes follow
      // one another; NO KEY, as the rows referring to it take theirs.
      const held = await c.query('SELECT updated_at FROM documents WHERE id = $1 FOR NO KEY UPDATE', [id]);
      if (held.rows.length === 0) throw new DocumentGone(id);
      for (const { userId, clients } of alongside.claims ?? []) await insertClaims(c, id, clients, userId);
      await c.query('INSERT INTO updates (doc_id, data) VALUES ($1, $2)', [id, Buffer.from(update)]);
      const at = nextVersion(held.rows[0].updated_at);
      if (alongside.claimIndex) await this.claimIndex.follow(c, id, at, alongside.claimIndex);
      await c.query('UPDATE documents SET updated_at = $1 WHERE id = $2', [at, id]);
      await insertAudit(c, id, alongside.audit ?? []);
      await insertNotifications(c, alongside.notifications ?? [], this.notifications.email);
      return insertWebhookEvents(c, alongside.webhookEvents ?? []);
    });
    if (alongside.notifications?.length) this.notifications.changed.announce();
    if (queued > 0) this.webhooks.changed.announce();
  }

  async loadUpdates(id: string): Promise<Uint8Array[]> {
    const { rows } = await this.pool.query<{ data: Buffer }>(
      'SELECT data FROM updates WHERE doc_id = $1 ORDER BY seq',
      [id],
    );
    return rows.map((r) => new Uint8Array(r.data));
  }

  async countUpdates(id: string): Promise<number> {
    return Number((await this.one<{ n: string }>('SELECT COUNT(*) AS n FROM updates WHERE doc_id = $1', [id]))?.n ?? 0);
  }

  async compact(id: string): Promise<number> {
    const { rows } = await this.pool.query<{ seq: string; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE doc_id = $1 ORDER BY seq',
      [id],
    );
    if (rows.length < 2) return 0;
    // Merged on a worker thread, the process going on meanwhile.
    const merged = await mergeOffThread(rows.map((r) => new Uint8Array(r.data)));
    return inTransaction(this.pool, async (c) => {
      // Delete exactly the rows merged: a row committed meanwhile (even with a lower seq) is kept.
      await c.query('DELETE FROM updates WHERE doc_id = $1 AND seq = ANY($2::bigint[])', [id, rows.map((r) => r.seq)]);
      await c.query('INSERT INTO updates (doc_id, data) VALUES ($1, $2)', [id, Buffer.from(merged)]);
      return rows.length;
    });
  }

  async createVersion(meta: VersionMeta, state: Uint8Array): Promise<void> {
    await this.pool.query(
      'INSERT INTO versions (id, doc_id, name, created_at, created_by, state) VALUES ($1, $2, $3, $4, $5, $6)',
      [meta.id, meta.documentId, meta.name, meta.createdAt, meta.createdBy, Buffer.from(state)],
    );
  }

  async listVersions(documentId: string): Promise<VersionMeta[]> {
    const { rows } = await this.pool.query<VersionMeta>(
      `SELECT ${VERSION} FROM versions WHERE doc_id = $1 ORDER BY created_at DESC, id DESC`,
      [documentId],
    );
    return rows;
  }

  async getVersion(documentId: string, versionId: string): Promise<{ meta: VersionMeta; state: Uint8Array } | null> {
    const row = await this.one<VersionMeta & { state: Buffer }>(
      `SELECT ${VERSION}, state FROM versions WHERE doc_id = $1 AND id = $2`,
      [documentId, versionId],
    );
    if (!row) return null;
    const { state, ...meta } = row;
    return { meta, state: new Uint8Array(state) };
  }

  async appendAudit(documentId: string, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await inTransaction(this.pool, (c) => insertAudit(c, documentId, entries));
  }

  async listAudit(documentId: string, filter: { annotationId?: string; userId?: string } = {}): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditEntry>(
      `SELECT at, user_id AS "userId", annotation_id AS "annotationId", action, details FROM audit
       WHERE doc_id = $1 AND ($2::text IS NULL OR annotation_id = $2) AND ($3::text IS NULL OR user_id = $3)
       ORDER BY seq`,
      [documentId, filter.annotationId ?? null, filter.userId ?? null],
    );
    return rows;
  }

  async clientOwners(documentId: string): Promise<Map<number, string>> {
    const { rows } = await this.pool.query<{ client: string; userId: string }>(
      'SELECT client_id AS client, user_id AS "userId" FROM client_owners WHERE doc_id = $1',
      [documentId],
    );
    return new Map(rows.map((r) => [Number(r.client), r.userId]));
  }

  async claimClients(documentId: string, clients: readonly number[], userId: string): Promise<void> {
    await insertClaims(this.pool, documentId, clients, userId);
  }

  async deleteDocument(id: string): Promise<void> {
    await this.pool.query('DELETE FROM documents WHERE id = $1', [id]);
  }

  async setTitle(id: string, title: string): Promise<void> {
    await this.pool.query('UPDATE documents SET title = $1 WHERE id = $2', [title, id]);
  }

  async countUsers(): Promise<number> {
    return Number((await this.one<{ n: string }>('SELECT COUNT(*) AS n FROM users'))?.n ?? 0);
  }

  async createUser(user: User, passwordHash: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [user.id, user.email, user.name, passwordHash, user.isAdmin, user.createdAt],
    );
  }

  async findUserByEmail(email: string): Promise<(User & { passwordHash: string }) | null> {
    return this.one(`SELECT ${USER}, password_hash AS "passwordHash" FROM users WHERE email = $1`, [email]);
  }

  async renameUser(id: string, name: string): Promise<void> {
    await this.pool.query('UPDATE users SET name = $1 WHERE id = $2', [name, id]);
  }

  async getUser(id: string): Promise<User | null> {
    return this.one(`SELECT ${USER} FROM users WHERE id = $1`, [id]);
  }

  async createSession(tokenHash: string, session: Session): Promise<void> {
    await this.pool.query(
      'INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)',
      [tokenHash, session.userId, session.csrfToken, session.expiresAt],
    );
  }

  async getSession(tokenHash: string, now: number): Promise<Session | null> {
    const row = await this.one<{ userId: string; csrfToken: string; expiresAt: string }>(
      'SELECT user_id AS "userId", csrf_token AS "csrfToken", expires_at AS "expiresAt" FROM sessions WHERE token_hash = $1 AND expires_at > $2',
      [tokenHash, now],
    );
    return row ? { ...row, expiresAt: Number(row.expiresAt) } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.one<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]))?.value ?? null;
  }

  async setSetting(key: string, value: string | null): Promise<void> {
    if (value === null) await this.pool.query('DELETE FROM settings WHERE key = $1', [key]);
    else {
      await this.pool.query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      );
    }
  }

  async setRole(documentId: string, userId: string, role: Role | null): Promise<void> {
    if (role === null)
      await this.pool.query('DELETE FROM memberships WHERE doc_id = $1 AND user_id = $2', [documentId, userId]);
    else {
      await this.pool.query(
        'INSERT INTO memberships (doc_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (doc_id, user_id) DO UPDATE SET role = excluded.role',
        [documentId, userId, role],
      );
    }
  }

  async getRole(documentId: string, userId: string): Promise<Role | null> {
    return (
      (
        await this.one<{ role: Role }>('SELECT role FROM memberships WHERE doc_id = $1 AND user_id = $2', [
          documentId,
          userId,
        ])
      )?.role ?? null
    );
  }

  async listMembers(documentId: string): Promise<Membership[]> {
    const { rows } = await this.pool.query<{ id: string; email: string; name: string; role: Role }>(
      'SELECT u.id, u.email, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.doc_id = $1 ORDER BY u.name, u.email',
      [documentId],
    );
    return rows.map((r) => ({ documentId, user: { id: r.id, email: r.email, name: r.name }, role: r.role }));
  }

  async documentsOf(userId: string): Promise<Map<string, Role>> {
    const { rows } = await this.pool.query<{ id: string; role: Role }>(
      'SELECT doc_id AS id, role FROM memberships WHERE user_id = $1',
      [userId],
    );
    return new Map(rows.map((r) => [r.id, r.role]));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Drop a schema made for tests. */
  async dropSchema(schema: string): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  }
}

/** Record client ids as `userId`'s; an id already owned keeps its owner. */
async function insertClaims(
  db: pg.Pool | pg.PoolClient,
  documentId: string,
  clients: readonly number[],
  userId: string,
): Promise<void> {
  if (clients.length === 0) return;
  await db.query(
    `INSERT INTO client_owners (doc_id, client_id, user_id)
     SELECT $1, c, $3 FROM unnest($2::bigint[]) AS c ON CONFLICT (doc_id, client_id) DO NOTHING`,
    [documentId, clients, userId],
  );
}

/** Append audit entries (inside a transaction). */
async function insertAudit(c: pg.PoolClient, documentId: string, entries: readonly AuditEntry[]): Promise<void> {
  for (const e of entries) {
    await c.query(
      'INSERT INTO audit (doc_id, at, user_id, annotation_id, action, details) VALUES ($1, $2, $3, $4, $5, $6)',
      [documentId, e.at, e.userId, e.annotationId, e.action, JSON.stringify(e.details)],
    );
  }
}
