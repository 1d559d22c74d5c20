export { COLLAB_PATH, createServer, type FactmarkServer } from './app.ts';
export { loadConfig, type ServerConfig } from './config.ts';
export { createDocument, ensureDemoDocument, isDocumentId } from './documents.ts';
export { SqliteStore } from './storage/sqlite-store.ts';
export type { DocumentMeta, DocumentStore } from './storage/store.ts';
