/** The SQLite store (better-sqlite3), the default: documents, updates, versions, audit, accounts and roles in one file. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@factmark/collab';
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../audit.ts';
import type { AccountStore, Membership, Session, User } from '../auth/account-store.ts';
import { mergeOffThread } from './merge-off-thread.ts';
import { schemaSql } from './schema.ts';
import { SqliteAccessTokens } from './sqlite-access-tokens.ts';
import { SqliteCaptures } from './sqlite-captures.ts';
import { dropClaimIndexOfBefore, type SqliteClaimIndex } from './sqlite-claim-index.ts';
import { openConnection } from './sqlite-connection.ts';
import { SqliteInvitations } from './sqlite-invitations.ts';
import type { SqliteNotifications } from './sqlite-notifications.ts';
import { SqliteUpdateLog } from './sqlite-update-log.ts';
import { SqliteUpdateWriter } from './sqlite-update-writer.ts';
import type { SqliteWebhooks } from './sqlite-webhooks.ts';
import type { DocumentMeta, DocumentStore, UpdateRecords, VersionMeta } from './store.ts';

/** The database file in `dataDir`, its tables created when missing. */
function openDatabase(path: string): Database.Database {
  const db = openConnection(path);
  dropClaimIndexOfBefore(db);
  db.exec(schemaSql('sqlite'));
  return db;
}

/**
 * The embedded default store: one SQLite file, `factmark.sqlite`, in
 * `dataDir`. WAL journal with `synchronous = FULL`, so an update that
 * {@link appendUpdate} returned from survives a crash of the process.
 * Updates are written by a connection on a thread of their own (see
 * `sqlite-update-writer.ts`); everything else by this one.
 */
export class SqliteStore implements DocumentStore, AccountStore {
  private readonly db: Database.Database;
  private readonly log: SqliteUpdateLog;
  private readonly writer: SqliteUpdateWriter;
  private readonly stmts;
  /** Source capture's jobs, fetches and snapshots, in the same file. */
  readonly captures: SqliteCaptures;
  /** The claim index for "checked before". */
  readonly claimIndex: SqliteClaimIndex;
  /** Invitations to documents for addresses without an account. */
  readonly invitations: SqliteInvitations;
  /** Personal access tokens. */
  readonly accessTokens: SqliteAccessTokens;
  /** Each person's notifications. */
  readonly notifications: SqliteNotifications;
  readonly webhooks: SqliteWebhooks;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'factmark.sqlite');
    this.db = openDatabase(path);
    this.log = new SqliteUpdateLog(this.db);
    this.writer = new SqliteUpdateWriter(path);
    this.captures = new SqliteCaptures(this.db);
    this.claimIndex = this.log.claimIndex;
    this.invitations = new SqliteInvitations(this.db);
    this.accessTokens = new SqliteAccessTokens(this.db);
    this.notifications = this.log.notifications;
    this.webhooks = this.log.webhooks;
    this.stmts = {
      list: this.db.prepare(
        'SELECT id, title, created_at AS createdAt, updated_at AS updatedAt FROM documents ORDER BY updated_at DESC, id',
      ),
      get: this.db.prepare(
        'SELECT id, title, created_at AS createdAt, updated_at AS updatedAt FROM documents WHERE id = ?',
      ),
      insertDoc: this.db.prepare(
        'INSERT INTO documents (id, title, created_at, updated_at) VALUES (@id, @title, @createdAt, @updatedAt)',
      ),
      setTitle: this.db.prepare('UPDATE documents SET title = ? WHERE id = ?'),
      deleteDoc: this.db.prepare('DELETE FROM documents WHERE id = ?'),
      load: this.db.prepare('SELECT data FROM updates WHERE doc_id = ? ORDER BY seq'),
      loadWithSeq: this.db.prepare('SELECT seq, data FROM updates WHERE doc_id = ? ORDER BY seq'),
      count: this.db.prepare('SELECT COUNT(*) AS n FROM updates WHERE doc_id = ?'),
      deleteUpTo: this.db.prepare('DELETE FROM updates WHERE doc_id = ? AND seq <= ?'),
      countUsers: this.db.prepare('SELECT COUNT(*) AS n FROM users'),
      insertUser: this.db.prepare(
        'INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      userByEmail: this.db.prepare(
        'SELECT id, email, name, is_admin AS isAdmin, created_at AS createdAt, password_hash AS passwordHash FROM users WHERE email = ?',
      ),
      user: this.db.prepare(
        'SELECT id, email, name, is_admin AS isAdmin, created_at AS createdAt FROM users WHERE id = ?',
      ),
      insertSession: this.db.prepare(
        'INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)',
      ),
      session: this.db.prepare(
        'SELECT user_id AS userId, csrf_token AS csrfToken, expires_at AS expiresAt FROM sessions WHERE token_hash = ? AND expires_at > ?',
      ),
      deleteSession: this.db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      getSetting: this.db.prepare('SELECT value FROM settings WHERE key = ?'),
      putSetting: this.db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      deleteSetting: this.db.prepare('DELETE FROM settings WHERE key = ?'),
      putRole: this.db.prepare(
        'INSERT INTO memberships (doc_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT(doc_id, user_id) DO UPDATE SET role = excluded.role',
      ),
      owners: this.db.prepare('SELECT client_id AS client, user_id AS userId FROM client_owners WHERE doc_id = ?'),
      deleteRole: this.db.prepare('DELETE FROM memberships WHERE doc_id = ? AND user_id = ?'),
      role: this.db.prepare('SELECT role FROM memberships WHERE doc_id = ? AND user_id = ?'),
      members: this.db.prepare(
        'SELECT m.doc_id AS documentId, u.id, u.email, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.doc_id = ? ORDER BY u.name, u.email',
      ),
      documentsOf: this.db.prepare('SELECT doc_id AS id, role FROM memberships WHERE user_id = ?'),
      insertVersion: this.db.prepare(
        'INSERT INTO versions (id, doc_id, name, created_at, created_by, state) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      versions: this.db.prepare(
        'SELECT id, doc_id AS documentId, name, created_at AS createdAt, created_by AS createdBy FROM versions WHERE doc_id = ? ORDER BY created_at DESC, id DESC',
      ),
      version: this.db.prepare(
        'SELECT id, doc_id AS documentId, name, created_at AS createdAt, created_by AS createdBy, state FROM versions WHERE doc_id = ? AND id = ?',
      ),
      audit: this.db.prepare(
        `SELECT at, user_id AS userId, annotation_id AS annotationId, action, details FROM audit
         WHERE doc_id = @doc AND (@annotation IS NULL OR annotation_id = @annotation) AND (@user IS NULL OR user_id = @user)
         ORDER BY seq`,
      ),
    };
  }

  async listDocuments(): Promise<DocumentMeta[]> {
    return this.stmts.list.all() as DocumentMeta[];
  }

  async getDocument(id: string): Promise<DocumentMeta | null> {
    return (this.stmts.get.get(id) as DocumentMeta | undefined) ?? null;
  }

  async createDocument(meta: DocumentMeta, initialUpdate: Uint8Array): Promise<void> {
    this.db
      .transaction(() => {
        this.stmts.insertDoc.run(meta);
        this.log.insertUpdate(meta.id, initialUpdate);
      })
      .immediate();
  }

  /** Written by the update writer's thread: this thread waits for nothing but its answer (see sqlite-update-writer.ts). */
  async appendUpdate(id: string, update: Uint8Array, alongside: UpdateRecords = {}): Promise<void> {
    const queued = await this.writer.append(id, update, alongside, this.notifications.email);
    if (alongside.notifications?.length) this.notifications.changed.announce();
    if (queued > 0) this.webhooks.changed.announce();
  }

  async loadUpdates(id: string): Promise<Uint8Array[]> {
    return (this.stmts.load.all(id) as { data: Buffer }[]).map((row) => new Uint8Array(row.data));
  }

  async createVersion(meta: VersionMeta, state: Uint8Array): Promise<void> {
    this.stmts.insertVersion.run(meta.id, meta.documentId, meta.name, meta.createdAt, meta.createdBy, state);
  }

  async listVersions(documentId: string): Promise<VersionMeta[]> {
    return this.stmts.versions.all(documentId) as VersionMeta[];
  }

  async getVersion(documentId: string, versionId: string): Promise<{ meta: VersionMeta; state: Uint8Array } | null> {
    const row = this.stmts.version.get(documentId, versionId) as (VersionMeta & { state: Buffer }) | undefined;
    if (!row) return null;
    const { state, ...meta } = row;
    return { meta, state: new Uint8Array(state) };
  }

  async appendAudit(documentId: string, entries: AuditEntry[]): Promise<void> {
    this.db.transaction(() => this.log.insertAudit(documentId, entries)).immediate();
  }

  async listAudit(documentId: string, filter: { annotationId?: string; userId?: string } = {}): Promise<AuditEntry[]> {
    const rows = this.stmts.audit.all({
      doc: documentId,
      annotation: filter.annotationId ?? null,
      user: filter.userId ?? null,
    }) as (Omit<AuditEntry, 'details'> & { details: string })[];
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
  }

  async clientOwners(documentId: string): Promise<Map<number, string>> {
    const rows = this.stmts.owners.all(documentId) as { client: number; userId: string }[];
    return new Map(rows.map((r) => [Number(r.client), r.userId]));
  }

  async claimClients(documentId: string, clients: readonly number[], userId: string): Promise<void> {
    this.db.transaction(() => this.log.insertClaims(documentId, clients, userId)).immediate();
  }

  async deleteDocument(id: string): Promise<void> {
    this.stmts.deleteDoc.run(id);
  }

  async countUpdates(id: string): Promise<number> {
    return (this.stmts.count.get(id) as { n: number }).n;
  }

  async compact(id: string): Promise<number> {
    const rows = this.stmts.loadWithSeq.all(id) as { seq: number; data: Buffer }[];
    const last = rows[rows.length - 1];
    if (rows.length < 2 || !last) return 0;
    // Merged on a worker thread while the server goes on storing: a row written meanwhile has a later seq (AUTOINCREMENT
    // never reuses one), so deleting up to the last row read deletes exactly the rows merged.
    const merged = await mergeOffThread(rows.map((r) => new Uint8Array(r.data)));
    this.db
      .transaction(() => {
        this.stmts.deleteUpTo.run(id, last.seq);
        this.log.insertUpdate(id, merged);
      })
      .immediate();
    return rows.length;
  }

  async setTitle(id: string, title: string): Promise<void> {
    this.stmts.setTitle.run(title, id);
  }

  async countUsers(): Promise<number> {
    return (this.stmts.countUsers.get() as { n: number }).n;
  }

  async createUser(user: User, passwordHash: string): Promise<void> {
    this.stmts.insertUser.run(user.id, user.email, user.name, passwordHash, user.isAdmin ? 1 : 0, user.createdAt);
  }

  async findUserByEmail(email: string): Promise<(User & { passwordHash: string }) | null> {
    const row = this.stmts.userByEmail.get(email) as
      | (Omit<User, 'isAdmin'> & { passwordHash: string; isAdmin: number })
      | undefined;
    return row ? { ...row, isAdmin: Boolean(row.isAdmin) } : null;
  }

  async renameUser(id: string, name: string): Promise<void> {
    this.db.prepare('UPDATE users SET name = ? WHERE id = ?').run(name, id);
  }

  async getUser(id: string): Promise<User | null> {
    const row = this.stmts.user.get(id) as (Omit<User, 'isAdmin'> & { isAdmin: number }) | undefined;
    return row ? { ...row, isAdmin: Boolean(row.isAdmin) } : null;
  }

  async createSession(tokenHash: string, session: Session): Promise<void> {
    this.stmts.insertSession.run(tokenHash, session.userId, session.csrfToken, session.expiresAt);
  }

  async getSession(tokenHash: string, now: number): Promise<Session | null> {
    return (this.stmts.session.get(tokenHash, now) as Session | undefined) ?? null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.stmts.deleteSession.run(tokenHash);
  }

  async getSetting(key: string): Promise<string | null> {
    return (this.stmts.getSetting.get(key) as { value: string } | undefined)?.value ?? null;
  }

  async setSetting(key: string, value: string | null): Promise<void> {
    if (value === null) this.stmts.deleteSetting.run(key);
    else this.stmts.putSetting.run(key, value);
  }

  async setRole(documentId: string, userId: string, role: Role | null): Promise<void> {
    if (role === null) this.stmts.deleteRole.run(documentId, userId);
    else this.stmts.putRole.run(documentId, userId, role);
  }

  async getRole(documentId: string, userId: string): Promise<Role | null> {
    return (this.stmts.role.get(documentId, userId) as { role: Role } | undefined)?.role ?? null;
  }

  async listMembers(documentId: string): Promise<Membership[]> {
    return (
      this.stmts.members.all(documentId) as {
        documentId: string;
        id: string;
        email: string;
        name: string;
        role: Role;
      }[]
    ).map((r) => ({ documentId: r.documentId, user: { id: r.id, email: r.email, name: r.name }, role: r.role }));
  }

  async documentsOf(userId: string): Promise<Map<string, Role>> {
    return new Map((this.stmts.documentsOf.all(userId) as { id: string; role: Role }[]).map((r) => [r.id, r.role]));
  }

  async close(): Promise<void> {
    await this.writer.close();
    this.db.close();
  }
}
