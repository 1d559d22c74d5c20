/**
 * The gate on the Yjs WebSocket, as a Hocuspocus extension: a connection
 * presents a signed sync token for the document; then each of its messages is
 * judged in order, against the document as the previous one left it. An
 * accepted update is stored (with the client ids it claims and the audit
 * trail), then applied and relayed; a refused one is never applied, stored or
 * relayed, and closes that connection with a reason. The role is read from
 * the store for each update, so a changed role takes effect at once.
 */
import { type BodyChange, checkUpdate, forgetTriedUpdates, type GateVerdict, may } from '@factmark/collab';
import type {
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  Connection,
  Document,
  Extension,
  onAuthenticatePayload,
} from '@hocuspocus/server';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { AccountStore } from '../auth/account-store.ts';
import type { SyncTokens } from '../auth/tokens.ts';
import type { SyncLimits } from '../config.ts';
import type { DocumentStore } from '../storage/store.ts';
import { ClientOwners } from './client-owners.ts';
import { readIncoming, readPresence } from './messages.ts';
import { PresenceOwners } from './presence-check.ts';
import { Bucket } from './rate.ts';
import {
  CLOSE_FORBIDDEN,
  CLOSE_MALFORMED,
  CLOSE_RATE,
  CLOSE_STORAGE,
  CLOSE_TOO_LARGE,
  SyncRefusal,
} from './refusal.ts';

export {
  CLOSE_AUTH_TIMEOUT,
  CLOSE_FORBIDDEN,
  CLOSE_MALFORMED,
  CLOSE_RATE,
  CLOSE_STORAGE,
  CLOSE_TOO_LARGE,
} from './refusal.ts';

/** What the server knows about a connection once it is authenticated. */
export interface ConnectionContext {
  userId: string;
  userName: string;
  documentId: string;
}

/** What the gate needs from the rest of the server. */
export interface SyncGateOptions {
  accounts: AccountStore;
  store: DocumentStore;
  tokens: SyncTokens;
  log: Logger;
  limits: SyncLimits;
  /** Called with the reason code of every refused message (metrics). */
  onReject: (reason: string) => void;
  /** Called with the time the gate took to judge an update, in seconds (metrics). */
  onJudged?: (seconds: number) => void;
  /** Store an accepted update durably; runs before it is applied, relayed or acknowledged. */
  persist: (documentName: string, update: Uint8Array) => Promise<void>;
  /** Record the audit trail of an accepted update, in the server's time of receipt. */
  audit: (documentName: string, userId: string, at: string, changes: BodyChange[]) => Promise<void>;
}

/** A verdict that accepted the update. */
type AcceptedVerdict = Extract<GateVerdict, { ok: true }>;

/** The gate extension: Hocuspocus calls its named hooks. */
export class SyncGate implements Extension {
  private readonly owners: ClientOwners;
  private readonly presence = new PresenceOwners();
  private readonly connectionBuckets = new WeakMap<object, Bucket>();
  private readonly userBuckets = new Map<string, Bucket>();
  /** Each connection's messages, one after another. */
  private readonly queues = new WeakMap<Connection, Promise<unknown>>();
  /** An upper bound of each loaded document's size: its state when first checked plus every accepted update. */
  private readonly documentBytes = new WeakMap<Document, number>();

  constructor(private readonly options: SyncGateOptions) {
    this.owners = new ClientOwners(options.store);
  }

  private refuse(reason: string, code: number, message: string): never {
    this.options.onReject(reason);
    throw new SyncRefusal(code, message);
  }

  /** A connection presents a signed sync token for the document; its role decides whether it may write at all. */
  async onAuthenticate({ token, documentName, connectionConfig }: onAuthenticatePayload): Promise<ConnectionContext> {
    const { tokens, accounts } = this.options;
    const claims = tokens.verify(token);
    if (!claims || claims.documentId !== documentName)
      throw new SyncRefusal(CLOSE_FORBIDDEN, 'Invalid or expired sync token');
    const role = await accounts.getRole(documentName, claims.userId);
    if (!role) throw new SyncRefusal(CLOSE_FORBIDDEN, 'You have no access to this document');
    const user = await accounts.getUser(claims.userId);
    if (!user) throw new SyncRefusal(CLOSE_FORBIDDEN, 'Your account no longer exists');
    connectionConfig.readOnly = !may(role, 'annotate');
    return { userId: user.id, userName: user.name, documentId: documentName };
  }

  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    // Loaded in the background: the first update from a client waits for it.
    this.owners
      .load(document)
      .catch((error: unknown) =>
        this.options.log.error({ err: error, documentName: document.name }, 'client owners not loaded'),
      );
  }

  /** Each message waits for the connection's previous one, is paced by its buckets, then judged. */
  beforeHandleMessage({ update: message, document, context, connection }: beforeHandleMessagePayload): Promise<void> {
    const ctx = context as ConnectionContext;
    const { connBucket, userBucket } = this.bucketsOf(connection, ctx);
    connBucket.waiting++;
    userBucket.waiting++;
    const previous = this.queues.get(connection) ?? Promise.resolve();
    const run = previous
      .then(async () => {
        if (connBucket.flooded() || userBucket.flooded()) {
          this.refuse('rate_limited', CLOSE_RATE, 'Too many messages: slow down and reconnect');
        }
        // Paced, not refused: a fast sender waits for its turn.
        await connBucket.take();
        await userBucket.take();
        let incoming: ReturnType<typeof readIncoming>;
        try {
          incoming = readIncoming(message);
        } catch (error) {
          return this.refuse('malformed', CLOSE_MALFORMED, `Malformed message: ${(error as Error).message}`);
        }
        if (incoming.kind === 'update') await this.judgeUpdate(document, connection, ctx, incoming.update);
        else if (incoming.kind === 'awareness') this.judgePresence(document, ctx, message, incoming.bytes);
      })
      .finally(() => {
        connBucket.waiting--;
        userBucket.waiting--;
      });
    // After a refusal the connection closes: what it queued behind is refused with it.
    this.queues.set(connection, run);
    return run;
  }

  private bucketsOf(connection: Connection, ctx: ConnectionContext) {
    const { limits } = this.options;
    const connBucket = this.connectionBuckets.get(connection) ?? new Bucket(limits.connectionRate);
    this.connectionBuckets.set(connection, connBucket);
    const userBucket = this.userBuckets.get(ctx.userId) ?? new Bucket(limits.userRate);
    this.userBuckets.set(ctx.userId, userBucket);
    return { connBucket, userBucket };
  }

  private async judgeUpdate(document: Document, connection: Connection, ctx: ConnectionContext, update: Uint8Array) {
    const { accounts, limits, log } = this.options;
    const size = this.documentBytes.get(document) ?? Y.encodeStateAsUpdate(document).length;
    if (size + update.length > limits.maxDocumentBytes) {
      this.refuse(
        'document_too_large',
        CLOSE_TOO_LARGE,
        `The document would grow past ${limits.maxDocumentBytes} bytes`,
      );
    }
    const role = await accounts.getRole(document.name, ctx.userId);
    if (!role) this.refuse('no_access', CLOSE_FORBIDDEN, 'You no longer have access to this document');
    const known = await this.owners.for(document, update);
    const started = performance.now();
    const verdict = checkUpdate(document, update, { userId: ctx.userId, role }, { owners: known });
    this.options.onJudged?.((performance.now() - started) / 1000);
    if (!verdict.ok) {
      log.warn({ documentName: document.name, userId: ctx.userId, role, code: verdict.code }, 'update refused');
      this.refuse(verdict.code, verdict.code === 'malformed' ? CLOSE_MALFORMED : CLOSE_FORBIDDEN, verdict.reason);
    }
    if (!verdict.changes) return;
    await this.keep(document, ctx, update, verdict);
    this.documentBytes.set(document, size + update.length);
    // Applied here, in order, so the next message is judged on the document as this one left it
    // (Hocuspocus applies it again after this hook: Yjs skips what the document already has).
    Y.applyUpdate(document, update, connection);
  }

  /** Store an accepted update: the client ids it claims, the update, its audit trail (refused when storage fails). */
  private async keep(document: Document, ctx: ConnectionContext, update: Uint8Array, verdict: AcceptedVerdict) {
    const receivedAt = new Date().toISOString();
    try {
      await this.owners.claim(document, verdict.claims, ctx.userId);
      await this.options.persist(document.name, update);
      if (verdict.bodyChanges.length > 0)
        await this.options.audit(document.name, ctx.userId, receivedAt, verdict.bodyChanges);
    } catch (error) {
      // Nothing that was not stored is applied or acknowledged: the client keeps its edits and retries.
      forgetTriedUpdates(document);
      this.options.log.error({ err: error, documentName: document.name }, 'storage failed: update refused');
      this.refuse('storage_failed', CLOSE_STORAGE, 'The server could not store your change; it will be retried');
    }
  }

  private judgePresence(document: Document, ctx: ConnectionContext, message: Uint8Array, bytes: Uint8Array) {
    const { limits } = this.options;
    if (message.length > limits.maxAwarenessBytes) {
      this.refuse('awareness_too_large', CLOSE_TOO_LARGE, `Presence message over ${limits.maxAwarenessBytes} bytes`);
    }
    let problem: string | null;
    try {
      problem = this.presence.check(document, readPresence(bytes), ctx.userId, ctx.userName);
    } catch (error) {
      return this.refuse('malformed', CLOSE_MALFORMED, `Malformed presence: ${(error as Error).message}`);
    }
    if (problem) this.refuse('presence', CLOSE_FORBIDDEN, problem);
  }
}

/** The gate extension, configured. */
export function syncGate(options: SyncGateOptions): Extension {
  return new SyncGate(options);
}
