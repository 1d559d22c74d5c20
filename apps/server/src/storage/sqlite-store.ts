import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentMeta, DocumentStore } from './store.ts';

/**
 * The embedded default store: one SQLite file, `factmark.sqlite`, in
 * `dataDir`. WAL journal with `synchronous = FULL`, so an update that
 * {@link appendUpdate} returned from survives a crash of the process.
 */
export class SqliteStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'factmark.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS updates_by_doc ON updates(doc_id, seq);
    `);
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
      insertUpdate: this.db.prepare('INSERT INTO updates (doc_id, data) VALUES (?, ?)'),
      touch: this.db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?'),
      setTitle: this.db.prepare('UPDATE documents SET title = ? WHERE id = ?'),
      load: this.db.prepare('SELECT data FROM updates WHERE doc_id = ? ORDER BY seq'),
    };
  }

  async listDocuments(): Promise<DocumentMeta[]> {
    return this.stmts.list.all() as DocumentMeta[];
  }

  async getDocument(id: string): Promise<DocumentMeta | null> {
    return (this.stmts.get.get(id) as DocumentMeta | undefined) ?? null;
  }

  async createDocument(meta: DocumentMeta, initialUpdate: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertDoc.run(meta);
      this.stmts.insertUpdate.run(meta.id, initialUpdate);
    })();
  }

  async appendUpdate(id: string, update: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertUpdate.run(id, update);
      this.stmts.touch.run(new Date().toISOString(), id);
    })();
  }

  async loadUpdates(id: string): Promise<Uint8Array[]> {
    return (this.stmts.load.all(id) as { data: Buffer }[]).map((row) => new Uint8Array(row.data));
  }

  async setTitle(id: string, title: string): Promise<void> {
    this.stmts.setTitle.run(title, id);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
