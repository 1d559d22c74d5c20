/** The SQL dialects the stores speak. */
export type Dialect = 'sqlite' | 'postgres';

/** The column types of a dialect. */
interface Types {
  serial: string;
  blob: string;
  bool: string;
  bigint: string;
  json: string;
  no: string;
}

/** Source capture's tables: snapshots by content hash, every fetch, and the durable job queue. */
function captureTables(t: Types): string {
  return `
    CREATE TABLE IF NOT EXISTS snapshots (
      hash TEXT PRIMARY KEY,
      content_type TEXT NOT NULL,
      title TEXT NOT NULL,
      byline TEXT NOT NULL,
      published TEXT NOT NULL,
      text TEXT NOT NULL,
      raw ${t.blob} NOT NULL
    );
    CREATE TABLE IF NOT EXISTS fetches (
      seq ${t.serial},
      url TEXT NOT NULL,
      final_url TEXT NOT NULL,
      status INTEGER NOT NULL,
      fetched_at TEXT NOT NULL,
      hash TEXT REFERENCES snapshots(hash)
    );
    CREATE INDEX IF NOT EXISTS fetches_by_url ON fetches(url, seq);
    CREATE TABLE IF NOT EXISTS capture_jobs (
      seq ${t.serial},
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      source_id TEXT NOT NULL,
      url TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('capture', 'recheck')),
      state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      run_after ${t.bigint} NOT NULL,
      lease_until ${t.bigint} NOT NULL DEFAULT 0,
      error TEXT NOT NULL DEFAULT ''
    );
    CREATE UNIQUE INDEX IF NOT EXISTS capture_jobs_open
      ON capture_jobs(doc_id, source_id, url, kind) WHERE state IN ('pending', 'running');
    CREATE INDEX IF NOT EXISTS capture_jobs_due ON capture_jobs(state, run_after);
  `;
}

/**
 * The claim index for "checked before" (claim-index-store.ts): judged claims per document and the document version
 * they were read from; their words in SQLite's FTS5, or under PostgreSQL's pg_trgm (a GiST index for nearest neighbours).
 */
function claimIndexTables(dialect: Dialect): string {
  const docs = `
    CREATE TABLE IF NOT EXISTS claim_index_docs (
      doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
      indexed_at TEXT NOT NULL
    );`;
  const columns = `
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      claim_id TEXT NOT NULL,
      statement TEXT NOT NULL,
      verdict TEXT NOT NULL,
      checked_at TEXT NOT NULL`;
  // On SQLite the claims' words are an FTS5 index over the claims' table, kept by triggers (a claim's words go with
  // it, a document's deletion included); its rows are the claims' own `seq`.
  if (dialect === 'sqlite')
    return `${docs}
    CREATE TABLE IF NOT EXISTS claim_index (
      seq INTEGER PRIMARY KEY,${columns},
      UNIQUE (doc_id, claim_id)
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS claim_words USING fts5(
      statement, content = 'claim_index', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER IF NOT EXISTS claim_words_insert AFTER INSERT ON claim_index BEGIN
      INSERT INTO claim_words (rowid, statement) VALUES (new.seq, new.statement);
    END;
    CREATE TRIGGER IF NOT EXISTS claim_words_delete AFTER DELETE ON claim_index BEGIN
      INSERT INTO claim_words (claim_words, rowid, statement) VALUES ('delete', old.seq, old.statement);
    END;
    CREATE TRIGGER IF NOT EXISTS claim_words_update AFTER UPDATE ON claim_index BEGIN
      INSERT INTO claim_words (claim_words, rowid, statement) VALUES ('delete', old.seq, old.statement);
      INSERT INTO claim_words (rowid, statement) VALUES (new.seq, new.statement);
    END;`;
  const claims = `${docs}
    CREATE TABLE IF NOT EXISTS claim_index (${columns},
      PRIMARY KEY (doc_id, claim_id)
    );`;
  // pg_trgm lives in public for every schema a store uses; two stores starting at once may race to create it.
  return `
    DO $$ BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
    EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
    END $$;
    ${claims}
    CREATE INDEX IF NOT EXISTS claim_index_nearest ON claim_index USING gist (statement public.gist_trgm_ops);`;
}

/**
 * The desk's tables across documents: invitations for addresses without an account, each person's notifications,
 * the kinds they turned off per channel, the outbox of notifications waiting to be emailed, and personal access
 * tokens (stored hashed).
 */
function deskTables(): string {
  return `
    CREATE TABLE IF NOT EXISTS invitations (
      id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL UNIQUE,
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      email TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
      invited_by TEXT NOT NULL,
      invited_by_name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      accepted_at TEXT
    );
    CREATE INDEX IF NOT EXISTS invitations_by_doc ON invitations(doc_id, created_at);
    CREATE TABLE IF NOT EXISTS notifications (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      annotation_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL,
      read_at TEXT
    );
    CREATE INDEX IF NOT EXISTS notifications_by_user ON notifications(user_id, created_at);
    CREATE TABLE IF NOT EXISTS notification_mutes (
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind TEXT NOT NULL,
      channel TEXT NOT NULL CHECK (channel IN ('app', 'email')),
      PRIMARY KEY (user_id, kind, channel)
    );
    CREATE TABLE IF NOT EXISTS notification_outbox (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      annotation_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      text TEXT NOT NULL,
      created_at TEXT NOT NULL,
      claimed_at TEXT
    );
    CREATE INDEX IF NOT EXISTS notification_outbox_by_user ON notification_outbox(user_id, created_at);
    CREATE TABLE IF NOT EXISTS access_tokens (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      scopes TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT,
      revoked_at TEXT
    );
    CREATE INDEX IF NOT EXISTS access_tokens_by_user ON access_tokens(user_id, created_at);
  `;
}

/**
 * Webhooks: endpoints (a document's, or the desk's when doc_id is null) and the durable queue of their deliveries,
 * written with the update whose events they carry; a delivery is leased while it is tried.
 */
function webhookTables(t: Types): string {
  return `
    CREATE TABLE IF NOT EXISTS webhooks (
      id TEXT PRIMARY KEY,
      doc_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
      owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      url TEXT NOT NULL,
      events ${t.json} NOT NULL,
      secret TEXT NOT NULL,
      created_at TEXT NOT NULL,
      paused_at TEXT,
      pause_reason TEXT
    );
    CREATE INDEX IF NOT EXISTS webhooks_by_doc ON webhooks(doc_id);
    CREATE TABLE IF NOT EXISTS webhook_deliveries (
      seq ${t.serial},
      id TEXT NOT NULL UNIQUE,
      webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
      doc_id TEXT NOT NULL,
      event TEXT NOT NULL,
      data TEXT NOT NULL,
      created_at TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      run_after ${t.bigint} NOT NULL,
      lease_until ${t.bigint},
      status_code INTEGER,
      error TEXT,
      last_attempt_at TEXT
    );
    CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(state, run_after);
    CREATE INDEX IF NOT EXISTS webhook_deliveries_by_hook ON webhook_deliveries(webhook_id, seq);
  `;
}

/** The column types of `dialect`. */
function typesOf(dialect: Dialect): Types {
  return dialect === 'sqlite'
    ? {
        serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
        blob: 'BLOB',
        bool: 'INTEGER',
        bigint: 'INTEGER',
        json: 'TEXT',
        no: '0',
      }
    : {
        serial: 'BIGSERIAL PRIMARY KEY',
        blob: 'BYTEA',
        bool: 'BOOLEAN',
        bigint: 'BIGINT',
        json: 'JSONB',
        no: 'FALSE',
      };
}

/** The tables of a Factmark database, written once for both dialects. */
export function schemaSql(dialect: Dialect): string {
  const t = typesOf(dialect);
  return `
    CREATE TABLE IF NOT EXISTS documents (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS updates (
      seq ${t.serial},
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      data ${t.blob} NOT NULL
    );
    CREATE INDEX IF NOT EXISTS updates_by_doc ON updates(doc_id, seq);
    CREATE TABLE IF NOT EXISTS users (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      is_admin ${t.bool} NOT NULL DEFAULT ${t.no},
      created_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sessions (
      token_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL,
      expires_at ${t.bigint} NOT NULL
    );
    CREATE TABLE IF NOT EXISTS memberships (
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'commenter', 'viewer')),
      PRIMARY KEY (doc_id, user_id)
    );
    CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS audit (
      seq ${t.serial},
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      at TEXT NOT NULL,
      user_id TEXT NOT NULL,
      annotation_id TEXT NOT NULL,
      action TEXT NOT NULL,
      details ${t.json} NOT NULL
    );
    CREATE INDEX IF NOT EXISTS audit_by_doc ON audit(doc_id, seq);
    CREATE TABLE IF NOT EXISTS client_owners (
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      client_id ${t.bigint} NOT NULL,
      user_id TEXT NOT NULL,
      PRIMARY KEY (doc_id, client_id)
    );
    CREATE TABLE IF NOT EXISTS versions (
      id TEXT PRIMARY KEY,
      doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      state ${t.blob} NOT NULL
    );
    ${deskTables()}
    ${captureTables(t)}
    ${claimIndexTables(dialect)}
    ${webhookTables(t)}
  `;
}
