/** The HTTP API's wire types: what each route answers, shared by the server and every client. */
import type { AccessScope, Role } from '@factmark/collab';
import type { ErrorCode } from '@factmark/editor';
import type { CheckProgress } from '@factmark/interop';

/** A document as the server lists it. */
export interface DocumentMeta {
  id: string;
  title: string;
  /** ISO 8601 times. */
  createdAt: string;
  updatedAt: string;
  /** The caller's role on it (in the list of the caller's documents). */
  role?: Role;
  /** How far its check has come: claims checked of all, claims per verdict (in the list of the caller's documents). */
  progress?: CheckProgress;
}

/** A named version: the whole document state at one moment. */
export interface VersionMeta {
  id: string;
  documentId: string;
  name: string;
  createdAt: string;
  createdBy: string;
}

/** A person with an account, as the API shows them to themselves. */
export interface Me {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

/** Someone with a role on a document. */
export interface Member {
  user: { id: string; name: string; email: string };
  role: Role;
}

/** Every error answer: `{ error: { code, message } }`, with the problems of a check not ready to publish. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; problems?: string[] };
}

/** One entry of a document's audit trail: who changed which annotation, how, when (the server's time). */
export interface AuditEntry {
  at: string;
  userId: string;
  annotationId: string;
  /** created, removed, verdict, status, checked (a second reviewer's check), correction_accepted, correction_rejected, changed */
  action: string;
  /** What changed: `{ from, to }` for verdict and status, `{ kind }` for created/removed, `{ fields }` otherwise. */
  details: Record<string, unknown>;
}

/** One thing that stands between a check and publishing: its words, and the annotation it is about (null: the document). */
export interface PublishIssue {
  message: string;
  annotationId: string | null;
}

/** An invitation to a document for an email address without an account (its link's secret is never listed). */
export interface Invitation {
  id: string;
  documentId: string;
  email: string;
  role: Role;
  invitedByName: string;
  createdAt: string;
  /** After this time the link no longer works. */
  expiresAt: string;
  /** When it was used (null: pending). */
  acceptedAt: string | null;
}

/** An invitation as its owner gets it once: with its link, and whether the server emailed that link. */
export interface NewInvitation extends Invitation {
  link: string;
  /** True when the link went by email (SMTP_URL set); otherwise the owner passes it on. */
  emailed: boolean;
}

/** What a person opening an invitation's link is told: where, as what, from whom, until when. */
export interface InvitationSummary {
  email: string;
  role: Role;
  documentTitle: string;
  invitedByName: string;
  expiresAt: string;
  /** True when an account with this address exists (then the person signs in rather than up). */
  accountExists: boolean;
}

/**
 * What a notification tells of: an assignment, a mention, a reply to one's thread, a decision on one's correction,
 * a request for a second check.
 */
export type NotificationKind = 'assigned' | 'mention' | 'reply' | 'decision' | 'review' | 'webhook';

/** Every kind of notification, in the order settings list them. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'assigned',
  'mention',
  'reply',
  'decision',
  'review',
  'webhook',
];

/** How a person hears of one kind of notification: in the app's inbox, by email. */
export interface NotificationChannels {
  app: boolean;
  email: boolean;
}

/** A person's notification settings: the channels of each kind, and whether this server sends email at all. */
export interface NotificationSettings {
  kinds: Record<NotificationKind, NotificationChannels>;
  /** False when the server has no SMTP_URL: then only the inbox. */
  emailAvailable: boolean;
}

/** One notification in a person's inbox. */
export interface Notice {
  id: string;
  documentId: string;
  documentTitle: string;
  annotationId: string;
  kind: NotificationKind;
  text: string;
  createdAt: string;
  /** When it was marked read (null: unread). */
  readAt: string | null;
}

/** Why an annotation waits for someone, on their My work page. */
export type WorkCategory = (typeof WORK_CATEGORIES)[number];

/** Every kind of waiting work. */
export const WORK_CATEGORIES = ['assigned', 'unfinished', 'decision', 'replies', 'mentioned', 'review'] as const;

/** One row of My work: an annotation in one of the person's documents that waits for them, and why. */
export interface WorkItem {
  category: WorkCategory;
  documentId: string;
  documentTitle: string;
  annotationId: string;
  kind: 'claim' | 'citation' | 'correction' | 'comment';
  /** The words it is on (a claim: its statement). */
  text: string;
  verdict: string | null;
  /** What waits, in words ("no source yet", "Ben replied"). */
  detail: string;
  /** When it last changed (newest first). */
  changedAt: string;
}

/** A claim the desk judged in another document, like the one on a card ("checked before"). */
export interface CheckedClaim {
  documentId: string;
  documentTitle: string;
  claimId: string;
  statement: string;
  verdict: string;
  /** When it was checked (its second review), else when its verdict was given, YYYY-MM-DD. */
  checkedAt: string;
  /** How alike the two claims' words are (trigram similarity), 0 to 1. */
  score: number;
}

/** A captured source's snapshot as the snapshot route answers it (its raw bytes stay on the server). */
export interface SnapshotText {
  /** SHA-256 of the bytes received, hex. */
  hash: string;
  contentType: string;
  title: string;
  byline: string;
  published: string;
  /** The text a reader reads, extracted from the page or PDF. */
  text: string;
  /** How many bytes were received. */
  bytes: number;
}

/** My work's answer: the rows asked for, the count of each kind, and of all. */
export interface WorkAnswer {
  items: WorkItem[];
  counts: Partial<Record<WorkCategory, number>>;
  total: number;
}

/** A personal access token as its person lists it (never its secret). */
export interface AccessToken {
  id: string;
  name: string;
  scopes: AccessScope[];
  createdAt: string;
  /** After this time it is refused (null: never). */
  expiresAt: string | null;
}

/** What a webhook can be told of: a claim created, its verdict changed, a claim published, a correction decided, a message posted, the article revised. */
export const WEBHOOK_EVENTS = [
  'claim.created',
  'claim.verdict_changed',
  'claim.published',
  'correction.accepted',
  'correction.rejected',
  'comment.added',
  'document.revised',
] as const;
/** One kind of webhook event. */
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** A webhook endpoint as its owner lists it (its secret is shown once, when it is made). */
export interface Webhook {
  id: string;
  /** The document it listens to; null: every document of the desk (administrators only). */
  documentId: string | null;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
  /** Who registered it (the person told when it is paused). */
  ownerId: string;
  /** When it was paused (after a delivery failed every try, or by hand), and why; null while active. */
  pausedAt: string | null;
  pauseReason: string | null;
}

/** One delivery of an event to an endpoint: where it stands, how the endpoint last answered. */
export interface WebhookDelivery {
  /** The delivery's id: the `webhook-id` header, the same on every retry (receivers drop repeats by it). */
  id: string;
  event: WebhookEventType;
  createdAt: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** The last answer's HTTP status (null: none came). */
  statusCode: number | null;
  /** Why the last try failed, in words (null when it did not). */
  error: string | null;
  lastAttemptAt: string | null;
  /** When the next try is due (pending only). */
  nextAttemptAt: string | null;
}

/** A webhook just made: the endpoint and its signing secret, shown this once. */
export interface NewWebhook {
  webhook: Webhook;
  secret: string;
}

/** The formats a document can be exported in. */
export const EXPORT_FORMATS = [
  'w3c',
  'claimreview',
  'claimreview-markup',
  'corrected-html',
  'corrected-md',
  'corrected-pdf',
  'report-html',
  'report-md',
  'report-pdf',
] as const;
/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
