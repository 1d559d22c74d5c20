import { type BodyChange, checkUpdate, forgetTriedUpdates, type Role } from '@factmark/collab';
import type { Document, Extension } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { AccountStore } from './auth/account-store.ts';
import type { SyncTokens } from './auth/tokens.ts';
import type { SyncLimits } from './config.ts';

/** Close code for a refused message (the close reason says why). */
export const CLOSE_FORBIDDEN = 4403;
/** Close code for a message the server cannot read. */
export const CLOSE_MALFORMED = 4400;
/** Close code for a message or document over a size limit. */
export const CLOSE_TOO_LARGE = 4413;
/** Close code when the store failed: the client retries. */
export const CLOSE_STORAGE = 4503;
/** Close code for a connection or user over the rate limit. */
export const CLOSE_RATE = 4429;

/** Hocuspocus message types (protocol of @hocuspocus/provider 3). */
const MESSAGE = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  SyncReply: 4,
  Stateless: 5,
  BroadcastStateless: 6,
  Close: 7,
  SyncStatus: 8,
};
const SYNC_STEP1 = 0;

/** What the server knows about a connection once it is authenticated. */
export interface ConnectionContext {
  userId: string;
  documentId: string;
}

/** Thrown from a hook: Hocuspocus closes the connection with this code and reason. */
class Refusal extends Error {
  readonly reason: string;
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason);
    // A WebSocket close reason holds at most 123 bytes.
    this.reason = Buffer.from(reason).subarray(0, 120).toString();
  }
}

/** A token bucket: `rate` per second sustained, bursts up to five seconds' worth. */
class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly rate: number) {
    this.tokens = rate * 5;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.rate * 5, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * The gate on the Yjs WebSocket: a connection must present a signed sync
 * token for the document, and every incoming message is checked before
 * Hocuspocus applies it — so a refused update is not applied, not stored and
 * not relayed. The role is read from the store for each update, so a changed
 * role takes effect at once. A refused message closes that connection with a
 * reason; other connections and documents carry on.
 */
export function syncGate(
  accounts: AccountStore,
  tokens: SyncTokens,
  log: Logger,
  onReject: (reason: string) => void,
  limits: SyncLimits,
  /** Store an accepted update durably; runs before Hocuspocus applies, relays or acknowledges it. */
  persist: (documentName: string, update: Uint8Array) => Promise<void>,
  /** Record the audit trail of an accepted update (who changed which annotation how). */
  audit: (documentName: string, userId: string, changes: BodyChange[]) => Promise<void>,
): Extension {
  const connectionBuckets = new WeakMap<object, Bucket>();
  const userBuckets = new Map<string, Bucket>();
  /** An upper bound of each loaded document's size: its state when first checked plus every accepted update. */
  const documentBytes = new WeakMap<Document, number>();
  const refuse = (reason: string, code: number, message: string): never => {
    onReject(reason);
    throw new Refusal(code, message);
  };
  return {
    async onAuthenticate({ token, documentName, connectionConfig }) {
      const claims = tokens.verify(token);
      if (!claims || claims.documentId !== documentName)
        throw new Refusal(CLOSE_FORBIDDEN, 'Invalid or expired sync token');
      const role = await accounts.getRole(documentName, claims.userId);
      if (!role) throw new Refusal(CLOSE_FORBIDDEN, 'You have no access to this document');
      connectionConfig.readOnly = role === 'viewer';
      return { userId: claims.userId, documentId: documentName } satisfies ConnectionContext;
    },

    async beforeHandleMessage({ update: message, document, context, documentName, connection }) {
      const ctx = context as ConnectionContext;
      const connBucket = connectionBuckets.get(connection) ?? new Bucket(limits.connectionRate);
      connectionBuckets.set(connection, connBucket);
      const userBucket = userBuckets.get(ctx.userId) ?? new Bucket(limits.userRate);
      userBuckets.set(ctx.userId, userBucket);
      if (!connBucket.take() || !userBucket.take()) {
        refuse('rate_limited', CLOSE_RATE, 'Too many messages: slow down and reconnect');
      }
      let update: Uint8Array | null = null;
      try {
        const decoder = decoding.createDecoder(message);
        decoding.readVarString(decoder);
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE.Awareness && message.length > limits.maxAwarenessBytes) {
          refuse('awareness_too_large', CLOSE_TOO_LARGE, `Presence message over ${limits.maxAwarenessBytes} bytes`);
        }
        if (type === MESSAGE.Sync || type === MESSAGE.SyncReply) {
          const step = decoding.readVarUint(decoder);
          if (step !== SYNC_STEP1) update = decoding.readVarUint8Array(decoder);
          else decoding.readVarUint8Array(decoder);
        } else if (!Object.values(MESSAGE).includes(type)) {
          throw new Error(`unknown message type ${type}`);
        }
      } catch (error) {
        if (error instanceof Refusal) throw error;
        refuse('malformed', CLOSE_MALFORMED, `Malformed message: ${(error as Error).message}`);
      }
      if (!update) return;
      const size = documentBytes.get(document) ?? Y.encodeStateAsUpdate(document).length;
      if (size + update.length > limits.maxDocumentBytes) {
        refuse('document_too_large', CLOSE_TOO_LARGE, `The document would grow past ${limits.maxDocumentBytes} bytes`);
      }
      const role: Role | null = await accounts.getRole(documentName, ctx.userId);
      if (!role) {
        onReject('no_access');
        throw new Refusal(CLOSE_FORBIDDEN, 'You no longer have access to this document');
      }
      const verdict = checkUpdate(document, update, role);
      if (!verdict.ok) {
        onReject(verdict.code);
        log.warn({ documentName, userId: ctx.userId, role, code: verdict.code }, 'update refused');
        throw new Refusal(verdict.code === 'malformed' ? CLOSE_MALFORMED : CLOSE_FORBIDDEN, verdict.reason);
      }
      if (!verdict.changes) return;
      try {
        await persist(documentName, update);
        if (verdict.bodyChanges.length > 0) await audit(documentName, ctx.userId, verdict.bodyChanges);
      } catch (error) {
        // Nothing that was not stored is applied or acknowledged: the client keeps its edits and retries.
        forgetTriedUpdates(document);
        log.error({ err: error, documentName }, 'storage failed: update refused');
        refuse('storage_failed', CLOSE_STORAGE, 'The server could not store your change; it will be retried');
      }
      documentBytes.set(document, size + update.length);
    },
  };
}
