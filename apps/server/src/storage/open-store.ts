/** Opens the store the configuration names: PostgreSQL with DATABASE_URL, SQLite in the data directory otherwise. */
import type { AccountStore } from '../auth/account-store.ts';
import type { ServerConfig } from '../config.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { DocumentStore } from './store.ts';

/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export async function openStore(config: ServerConfig): Promise<DocumentStore & AccountStore> {
  if (config.databaseUrl) return PostgresStore.open(config.databaseUrl, config.databaseSchema ?? undefined);
  return new SqliteStore(config.dataDir);
}
