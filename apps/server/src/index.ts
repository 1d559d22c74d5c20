/** The server's public surface: create it, configure it, its documents service and stores. */
export { COLLAB_PATH, createServer, type FactmarkServer } from './app.ts';
export { loadConfig, type ServerConfig } from './config.ts';
export { ensureDemoDocument } from './documents/demo.ts';
export { DocumentService } from './documents/document-service.ts';
export { isDocumentId } from './documents/ids.ts';
export { SqliteStore } from './storage/sqlite-store.ts';
export type { DocumentMeta, DocumentStore } from './storage/store.ts';
