/** How the SQLite store opens a connection to its file: on the server's main thread and on the update writer's. */
import Database from 'better-sqlite3';

/**
 * How long a write waits while the other connection holds the write lock (one update's or one batch's transaction:
 * milliseconds) before it fails.
 */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * A connection to the database file at `path`, as durable as the store promises: WAL journal with
 * `synchronous = FULL` (a committed transaction survives a crash of the process or of the machine), foreign keys on.
 */
export function openConnection(path: string): Database.Database {
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}
