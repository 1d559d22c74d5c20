/**
 * The Hocuspocus assembly: documents kept in memory a while after use, the gate
 * (authentication, rate limits, the update gate, group commit with the audit
 * log; relaying before storing on one instance) as one extension, storage,
 * source capture, and Redis for several instances, configured from one object.
 */
import { Redis } from '@hocuspocus/extension-redis';
import { type Extension, Hocuspocus } from '@hocuspocus/server';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { AccountStore } from '../auth/account-store.ts';
import type { SyncTokens } from '../auth/tokens.ts';
import type { ServerConfig } from '../config.ts';
import type { Metrics } from '../metrics.ts';
import { persistence } from '../persistence.ts';
import { type SourceCapture, sourceCapture } from '../sources/source-capture.ts';
import type { DocumentStore, UpdateRecords } from '../storage/store.ts';
import { type ConnectionContext, syncGate } from './gate-extension.ts';
import { keptDocuments } from './kept-documents.ts';
import { documentWarmer } from './warm-documents.ts';

/** The sync server and what the HTTP side needs of it. */
export interface Sync {
  hocuspocus: Hocuspocus;
  /** The sockets that have authenticated one document at least (the rest are held to tight limits). */
  authenticated: WeakSet<object>;
  /** Close the connections of `userId` (null: everyone) to a document, saying why; they reconnect as they may. */
  disconnect: (documentId: string, userId: string | null, reason: string) => void;
  /** Close every connection opened with access token `tokenId` (it was revoked), saying why. */
  disconnectToken: (tokenId: string, reason: string) => void;
  /** Source capture, or null when SOURCE_CAPTURE is off. */
  capture: SourceCapture | null;
  /** Store an update made on the server before it is applied, with what it records. */
  persist: (documentName: string, update: Uint8Array, alongside?: UpdateRecords) => Promise<void>;
  /** Keep a document in memory no longer than its connections (it was deleted): see `kept-documents.ts`. */
  release: (documentId: string) => Promise<void>;
  /** Load a document its page is about to connect to, unless it is in memory (see `warm-documents.ts`). */
  warm: (documentId: string) => void;
  /** Wait, at most `ms` milliseconds, for every accepted update to be stored (the server is stopping). */
  flush: (ms: number) => Promise<void>;
}

/** What the assembly needs. */
export interface SyncOptions {
  config: ServerConfig;
  store: DocumentStore & AccountStore;
  log: Logger;
  tokens: SyncTokens;
  metrics: Metrics;
  /** Called with the reason code of every refused Yjs message. */
  onReject: (code: string) => void;
}

/** Build the sync server. */
export function createSync({ config, store, log, tokens, metrics, onReject }: SyncOptions): Sync {
  const storage = persistence(
    store,
    log,
    (seconds) => {
      metrics.updates.inc();
      metrics.storageWrite.observe(seconds);
    },
    config.compactEvery,
  );
  const authenticated = new WeakSet<object>();
  const gate = syncGate({
    accounts: store,
    store,
    tokens,
    log,
    limits: config.limits,
    onReject,
    onJudged: (seconds) => metrics.gate.observe(seconds),
    persist: storage.storeIncoming,
    relayBeforeStore: !config.redisUrl,
  });
  // A socket counts as signed in once one of its documents has authenticated.
  const signedIn: Extension = {
    async connected({ connection }) {
      authenticated.add(connection.webSocket);
    },
  };
  const capture = sourceCapture({
    settings: config.sources,
    store,
    log,
    persist: storage.storeIncoming,
    hocuspocus: () => hocuspocus,
  });
  // First: when it keeps a document, no other extension's unload hook has run.
  const kept = keptDocuments(
    config.keepDocuments,
    () => hocuspocus,
    (document) => gate.sizeOf(document) ?? Y.encodeStateAsUpdate(document).length,
  );
  const warmer = documentWarmer(() => hocuspocus, log);
  const hocuspocus = new Hocuspocus({
    quiet: true,
    extensions: [
      kept,
      gate,
      signedIn,
      warmer.extension,
      storage,
      ...(capture ? [capture.extension] : []),
      ...redis(config),
    ],
  });
  const disconnect = (documentId: string, userId: string | null, reason: string) => {
    hocuspocus.documents.get(documentId)?.connections.forEach(({ connection }) => {
      if (userId === null || (connection.context as ConnectionContext).userId === userId) {
        connection.close({ code: 4403, reason });
      }
    });
  };
  const disconnectToken = (tokenId: string, reason: string) => {
    for (const document of hocuspocus.documents.values())
      document.connections.forEach(({ connection }) => {
        if ((connection.context as ConnectionContext).accessTokenId === tokenId)
          connection.close({ code: 4403, reason });
      });
  };
  return {
    hocuspocus,
    authenticated,
    disconnect,
    disconnectToken,
    capture,
    persist: storage.storeIncoming,
    release: kept.release,
    warm: warmer.warm,
    flush: (ms) => gate.flush(ms),
  };
}

/** With REDIS_URL, the Hocuspocus Redis extension: instances relay documents and presence to each other. */
function redis(config: ServerConfig): Extension[] {
  if (!config.redisUrl) return [];
  const url = new URL(config.redisUrl);
  return [
    new Redis({
      host: url.hostname,
      port: Number(url.port || 6379),
      prefix: config.redisPrefix,
      options: {
        ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
        ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
      },
    }),
  ];
}
