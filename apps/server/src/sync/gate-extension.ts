/**
 * The gate on the Yjs WebSocket, as a Hocuspocus extension: a connection
 * presents a signed sync token for the document; then each of its messages is
 * judged in order, against the document as the previous one left it. A
 * refused update is never applied, stored or relayed, and closes that
 * connection with a reason. An accepted one is stored with the client ids it
 * claims and the audit trail, in a batch with the document's other accepted
 * updates, and acknowledged once stored. It is applied (and so relayed) at
 * once when it writes only under client ids its sender owns in the store
 * already, else once stored, so that every item anyone has seen is under a
 * client id whose owner the store records (`relay-order.ts`; a restart
 * between relaying and storing: `orphans.ts`). The role is read from the
 * store for each update, so a changed role takes effect at once.
 */
import { addsNothing, checkUpdate, forgetTriedUpdates, may, prepareTrialCopy, readTitle } from '@factmark/collab';
import type {
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  Connection,
  connectedPayload,
  Document,
  Extension,
  onAuthenticatePayload,
} from '@hocuspocus/server';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { effectiveRole } from '../auth/access-tokens.ts';
import type { AccountStore } from '../auth/account-store.ts';
import type { SyncTokens } from '../auth/tokens.ts';
import type { SyncLimits } from '../config.ts';
import { DocumentGone, type DocumentStore, type UpdateRecords } from '../storage/store.ts';
import { batchRecords } from '../update-records.ts';
import { ClientOwners } from './client-owners.ts';
import { type AcceptedUpdate, GroupCommit } from './group-commit.ts';
import { readIncoming } from './messages.ts';
import { orphansOf, whenHolds, withoutOrphans } from './orphans.ts';
import { type ClaimClient, PresenceGate } from './presence-check.ts';
import { Bucket } from './rate.ts';
import {
  CLOSE_FORBIDDEN,
  CLOSE_MALFORMED,
  CLOSE_RATE,
  CLOSE_STORAGE,
  CLOSE_TOO_LARGE,
  SyncRefusal,
} from './refusal.ts';
import { RelayOrder } from './relay-order.ts';

export {
  CLOSE_AUTH_TIMEOUT,
  CLOSE_FORBIDDEN,
  CLOSE_MALFORMED,
  CLOSE_RATE,
  CLOSE_STORAGE,
  CLOSE_TOO_LARGE,
} from './refusal.ts';

/** How long after a document loads the gate prepares for its first edit (its first readers are served by then). */
const PREPARE_AFTER_LOAD_MS = 100;

/** What the server knows about a connection once it is authenticated. */
export interface ConnectionContext {
  userId: string;
  userName: string;
  documentId: string;
  /** The personal access token the connection was opened with, if any: its scopes cap the role. */
  accessTokenId?: string;
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
  /** Store accepted updates (merged into one) durably, with the client ids they claim and their audit trail, at once. */
  persist: (documentName: string, update: Uint8Array, alongside: UpdateRecords) => Promise<void>;
  /**
   * Relay an accepted update before it is stored when every client id it writes under is its sender's in the store
   * (see `relay-order.ts`). False with several instances: another copies what this one holds in memory, and would
   * keep what this one had not stored when it stopped.
   */
  relayBeforeStore: boolean;
}

/** An accepted update: when it is applied (and relayed), and when stored (then acknowledged). */
interface Accepted {
  applied: Promise<void>;
  stored: Promise<void>;
}

/** The gate extension: Hocuspocus calls its named hooks. */
export class SyncGate implements Extension {
  private readonly owners: ClientOwners;
  private readonly presence: PresenceGate;
  private readonly connectionBuckets = new WeakMap<object, Bucket>();
  private readonly userBuckets = new Map<string, Bucket>();
  /** Each connection's messages, one after another. */
  private readonly queues = new WeakMap<Connection, Promise<unknown>>();
  /** Accepted updates waiting to be stored, batched per document. */
  private readonly commits = new GroupCommit((name, batch) => this.storeBatch(name, batch));
  /** When accepted updates are applied, and so relayed (see `relay-order.ts`). */
  private readonly order: RelayOrder;
  /** An upper bound of each loaded document's size: its state when first checked plus every accepted update. */
  private readonly documentBytes = new WeakMap<Document, number>();

  constructor(private readonly options: SyncGateOptions) {
    this.owners = new ClientOwners(options.store);
    this.order = new RelayOrder(this.commits, this.owners, options.relayBeforeStore);
    // A claim with presence only saves a first edit its wait: when it cannot be made, that edit claims the id itself.
    const claim: ClaimClient = (document, clientId, user) =>
      this.order.claimAlone(document, clientId, user).catch((err: unknown) => {
        options.log.warn({ err, documentName: document.name }, 'client id not claimed with presence');
      });
    this.presence = new PresenceGate(options.limits.maxAwarenessBytes, options.relayBeforeStore ? claim : null);
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
    const role = await effectiveRole(accounts, documentName, claims.userId, claims.accessTokenId);
    if (!role) throw new SyncRefusal(CLOSE_FORBIDDEN, 'You have no access to this document');
    const user = await accounts.getUser(claims.userId);
    if (!user) throw new SyncRefusal(CLOSE_FORBIDDEN, 'Your account no longer exists');
    connectionConfig.readOnly = !may(role, 'annotate');
    const via = claims.accessTokenId ? { accessTokenId: claims.accessTokenId } : {};
    return { userId: user.id, userName: user.name, documentId: documentName, ...via };
  }

  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    // Loaded in the background: the first update from a client waits for it.
    this.owners
      .load(document)
      .catch((error: unknown) =>
        this.options.log.error({ err: error, documentName: document.name }, 'client owners not loaded'),
      );
  }

  /** An upper bound of `document`'s encoded size, once the gate has measured it. */
  sizeOf(document: Document): number | undefined {
    return this.documentBytes.get(document);
  }

  /** A reader joined (the document just loaded, or kept in memory with its trial copy let go meanwhile). */
  async connected({ documentName, instance }: connectedPayload): Promise<void> {
    const document = instance.documents.get(documentName);
    if (document) this.prepareSoon(document);
  }

  /**
   * Once the readers who just came have their copy: the document's size and the gate's trial copy, so that the first
   * edit does not wait for them (each a whole encoding of the document). Only for readers: a document the server
   * opened alone (an import) is not judged. A document kept in memory after its last reader left lets its copy go
   * when changes made meanwhile put it too far behind (an import): built again here.
   */
  private prepareSoon(document: Document): void {
    setTimeout(() => {
      if (document.isDestroyed) return;
      if (this.documentBytes.has(document)) return prepareTrialCopy(document);
      // One encoding serves both.
      const state = Y.encodeStateAsUpdate(document);
      this.documentBytes.set(document, state.length);
      prepareTrialCopy(document, state);
    }, PREPARE_AFTER_LOAD_MS);
  }

  /**
   * Each message waits for the connection's previous one to be judged, is
   * paced by its buckets, then judged; an accepted update is then applied in
   * its turn (at once, or once its batch is stored: see {@link GroupCommit})
   * and acknowledged once stored. The next message is judged meanwhile (the
   * trial copy holds what was accepted), so a fast typist is not held to one
   * update per storage round trip.
   */
  beforeHandleMessage({ update: message, document, context, connection }: beforeHandleMessagePayload): Promise<void> {
    const ctx = context as ConnectionContext;
    const { connBucket, userBucket } = this.bucketsOf(connection, ctx);
    connBucket.waiting++;
    userBucket.waiting++;
    const previous = this.queues.get(connection) ?? Promise.resolve();
    const judged = previous
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
        if (incoming.kind === 'update') return this.judgeUpdate(document, ctx, incoming.update, connection);
        if (incoming.kind !== 'awareness') return null;
        const user = { id: ctx.userId, name: ctx.userName };
        const refused = await this.presence.judge(document, user, connection, message, incoming.bytes);
        if (refused) this.refuse(refused.reason, refused.code, refused.message);
        return null;
      })
      .finally(() => {
        connBucket.waiting--;
        userBucket.waiting--;
      });
    // After a refusal the connection closes: what it queued behind is refused with it.
    this.queues.set(connection, judged);
    // Hocuspocus applies the message after this hook (Yjs skips what the document has already) and acknowledges it.
    return judged.then(async (accepted) => {
      if (!accepted) return;
      await this.stored(document, accepted.applied);
      await this.stored(document, accepted.stored);
    });
  }

  /**
   * Wait for an accepted update to be applied, or stored; when storing failed first, refuse it (nothing applied or
   * acknowledged).
   */
  private async stored(document: Document, step: Promise<void>): Promise<void> {
    try {
      await step;
    } catch (error) {
      // The trial copy and the owners in memory hold what was accepted and not stored: both are read again.
      forgetTriedUpdates(document);
      this.owners.forget(document);
      if (error instanceof DocumentGone) {
        this.options.log.info({ documentName: document.name }, 'update for a deleted document dropped');
        this.refuse('document_deleted', CLOSE_FORBIDDEN, 'The document was deleted');
      }
      this.options.log.error({ err: error, documentName: document.name }, 'storage failed: update refused');
      this.refuse('storage_failed', CLOSE_STORAGE, 'The server could not store your change; it will be retried');
    }
  }

  private bucketsOf(connection: Connection, ctx: ConnectionContext) {
    const { limits } = this.options;
    const connBucket = this.connectionBuckets.get(connection) ?? new Bucket(limits.connectionRate);
    this.connectionBuckets.set(connection, connBucket);
    const userBucket = this.userBuckets.get(ctx.userId) ?? new Bucket(limits.userRate);
    this.userBuckets.set(ctx.userId, userBucket);
    return { connBucket, userBucket };
  }

  /**
   * Judge an update: null when it changes nothing, else when it is applied
   * and when stored (see {@link SyncGate.beforeHandleMessage}). When it holds
   * a colleague's items the server lacks (see `orphans.ts`), what the sender
   * wrote is judged, applied and relayed at once, and the whole update once
   * the colleague's copy has brought their items back (the owner's sync after
   * a restart), or refused after the limit's wait.
   */
  private async judgeUpdate(
    document: Document,
    ctx: ConnectionContext,
    update: Uint8Array,
    connection: Connection,
  ): Promise<Accepted | null> {
    // Owners as loaded: a lost item is under an id its writer owned before the server stopped.
    const orphans = orphansOf(document, update, await this.owners.load(document), ctx.userId);
    if (orphans.size === 0) return this.judgeOne(document, ctx, update, connection);
    const own = withoutOrphans(document, update, orphans);
    // Applied in its turn; a failure to store it refuses what follows it too.
    if (own) await this.judgeOne(document, ctx, own, connection);
    if (!(await whenHolds(document, orphans, this.options.limits.orphansWaitMs))) {
      this.refuse(
        'client_id',
        CLOSE_FORBIDDEN,
        "Your copy holds a colleague's change the server lost, and their copy has not sent it again",
      );
    }
    return this.judgeOne(document, ctx, update, connection);
  }

  /** Judge one update as it is (see {@link SyncGate.judgeUpdate}). */
  private async judgeOne(
    document: Document,
    ctx: ConnectionContext,
    update: Uint8Array,
    connection: Connection,
  ): Promise<Accepted | null> {
    const { accounts, limits, log } = this.options;
    // What every sync starts with (the client's reply when it has nothing new) costs no encoding of the document.
    if (addsNothing(document, update)) return null;
    const size = this.documentBytes.get(document) ?? Y.encodeStateAsUpdate(document).length;
    if (size + update.length > limits.maxDocumentBytes) {
      this.refuse(
        'document_too_large',
        CLOSE_TOO_LARGE,
        `The document would grow past ${limits.maxDocumentBytes} bytes`,
      );
    }
    const role = await effectiveRole(accounts, document.name, ctx.userId, ctx.accessTokenId);
    if (!role) this.refuse('no_access', CLOSE_FORBIDDEN, 'You no longer have access to this document');
    const known = await this.owners.for(document, update);
    const started = performance.now();
    const verdict = checkUpdate(document, update, { userId: ctx.userId, role }, { owners: known, addsSomething: true });
    this.options.onJudged?.((performance.now() - started) / 1000);
    if (!verdict.ok) {
      log.warn({ documentName: document.name, userId: ctx.userId, role, code: verdict.code }, 'update refused');
      this.refuse(verdict.code, verdict.code === 'malformed' ? CLOSE_MALFORMED : CLOSE_FORBIDDEN, verdict.reason);
    }
    if (!verdict.changes) return null;
    ClientOwners.reserve(known, verdict.claims, ctx.userId);
    this.documentBytes.set(document, size + update.length);
    const entry: AcceptedUpdate = {
      update,
      userId: ctx.userId,
      userName: ctx.userName,
      claims: verdict.claims,
      bodyChanges: verdict.bodyChanges,
      documentTitle: verdict.bodyChanges.length > 0 ? readTitle(document) : '',
      receivedAt: new Date().toISOString(),
    };
    const stored = this.commits.add(document.name, entry);
    // Awaited by the message's own handler, which handles a failure (this keeps Node from calling it unhandled).
    stored.catch(() => {});
    const applied = this.order.apply(document, entry, stored, () => Y.applyUpdate(document, update, connection));
    return { stored, applied };
  }

  /** Wait for every accepted update to be stored (a stopping server), at most `ms` milliseconds. */
  flush(ms: number): Promise<void> {
    return this.commits.drained(ms);
  }

  /** Store a batch of accepted updates in one write: the updates as one, the client ids they claim, their audit trail. */
  private async storeBatch(documentName: string, batch: readonly AcceptedUpdate[]): Promise<void> {
    const { update, alongside } = batchRecords(documentName, batch);
    await this.options.persist(documentName, update, alongside);
  }
}

/** The gate extension, configured. */
export function syncGate(options: SyncGateOptions): SyncGate {
  return new SyncGate(options);
}
