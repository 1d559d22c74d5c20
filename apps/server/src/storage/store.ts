/** The document store's contract: documents, their Yjs updates, versions and the audit log (SQLite or PostgreSQL). */
import type { DocumentMeta, VersionMeta } from '@factmark/api';
import type { AuditEntry } from '../audit.ts';
import type { NotificationRecord } from '../notifications.ts';
import type { WebhookEventRecord } from '../webhooks/webhook-events.ts';
import type { CaptureStore } from './capture-store.ts';
import type { ClaimIndexChange, ClaimIndexStore } from './claim-index-store.ts';
import type { NotificationStore } from './notification-store.ts';
import type { WebhookStore } from './webhook-store.ts';

/** What the server knows about a document besides its Yjs content, and a named version (the API's wire types). */
export type { DocumentMeta, VersionMeta };

/**
 * A write for a document that no longer exists (deleted while the write waited): nothing can store it, so it is not
 * tried again. Both stores say so with this error (its `code` crosses a thread boundary).
 */
export class DocumentGone extends Error {
  static readonly code = 'FACTMARK_DOCUMENT_GONE';
  readonly code = DocumentGone.code;

  constructor(readonly documentId: string) {
    super(`Document ${documentId} no longer exists`);
    this.name = 'DocumentGone';
  }
}

/** What is recorded with an accepted update: the client ids it claims, by user, and its audit trail. */
export interface UpdateRecords {
  claims?: readonly { userId: string; clients: readonly number[] }[];
  audit?: readonly AuditEntry[];
  /** What the update tells the people it concerns (see notifications.ts). */
  notifications?: readonly NotificationRecord[];
  /** What the update tells webhooks (see webhook-events.ts): each event queued for every endpoint that asked for it. */
  webhookEvents?: readonly WebhookEventRecord[];
  /**
   * What the update does to the document's judged claims, in order: applied to the claim index with the update when
   * the index was at the document's version before it (see claim-index-store.ts). Absent: what the update does to
   * them is not known, and the index falls behind (a search reads the document whole again).
   */
  claimIndex?: readonly ClaimIndexChange[];
}

/**
 * Persistence for documents: their metadata and the Yjs updates that make up
 * their content. An update is stored before the call returns; loading a
 * document applies every stored update in order.
 */
export interface DocumentStore {
  /** Source capture: its job queue, fetches and snapshots (see capture-store.ts). */
  readonly captures: CaptureStore;
  /** The desk's index of judged claims, for "checked before" (see claim-index-store.ts). */
  readonly claimIndex: ClaimIndexStore;
  /** Each person's notifications (see notification-store.ts). */
  readonly notifications: NotificationStore;
  /** Webhook endpoints and their deliveries (see webhook-store.ts). */
  readonly webhooks: WebhookStore;
  listDocuments(): Promise<DocumentMeta[]>;
  getDocument(id: string): Promise<DocumentMeta | null>;
  /** Create a document whose content starts as `initialUpdate`. */
  createDocument(meta: DocumentMeta, initialUpdate: Uint8Array): Promise<void>;
  /**
   * Append one update to a document's log and touch its `updatedAt`; with
   * `alongside`, the client ids it claims, its audit trail and its claim index changes are recorded in
   * the same transaction (all or none, one round trip).
   */
  appendUpdate(id: string, update: Uint8Array, alongside?: UpdateRecords): Promise<void>;
  /** Every stored update of a document, oldest first. */
  loadUpdates(id: string): Promise<Uint8Array[]>;
  /** How many update rows a document has (what loading it costs). */
  countUpdates(id: string): Promise<number>;
  /**
   * Replace the updates stored so far with one merged update, in one
   * transaction. Updates appended meanwhile are kept: exactly the rows that
   * were read are deleted. Returns how many rows were merged.
   */
  compact(id: string): Promise<number>;
  /** Keep a named version with the document's full state. */
  createVersion(meta: VersionMeta, state: Uint8Array): Promise<void>;
  /** A document's versions, newest first. */
  listVersions(documentId: string): Promise<VersionMeta[]>;
  /** One version and its state, or null. */
  getVersion(documentId: string, versionId: string): Promise<{ meta: VersionMeta; state: Uint8Array } | null>;
  /** Append entries to a document's audit trail. */
  appendAudit(documentId: string, entries: AuditEntry[]): Promise<void>;
  /** A document's audit trail, oldest first, optionally only one annotation's or one user's entries. */
  listAudit(documentId: string, filter?: { annotationId?: string; userId?: string }): Promise<AuditEntry[]>;
  /** Which user each Yjs client id of a document has written as (see the update gate). */
  clientOwners(documentId: string): Promise<Map<number, string>>;
  /** Record that `userId` writes as `clients` in a document; a client id already owned keeps its owner. */
  claimClients(documentId: string, clients: readonly number[], userId: string): Promise<void>;
  /** Delete a document, its updates and its memberships. */
  deleteDocument(id: string): Promise<void>;
  /** Change a document's title in its metadata. */
  setTitle(id: string, title: string): Promise<void>;
  close(): Promise<void>;
}
