/** @factmark/api: the wire types, the error table and the typed client. */

/** What an annotation import did, as the import route answers it. */
export type { ImportReport } from '@factmark/interop';
export { FactmarkClient } from './client.ts';
export { ApiError, describeError, ERRORS, errorOf, isErrorCode, type RawAnswer, statusOf } from './errors.ts';
export { type ClientOptions, CSRF_HEADER, HttpSession } from './http-session.ts';
export { API_LIMITS } from './limits.ts';
export { REQUESTS, type RequestBody } from './requests.ts';
export { WebhookCalls, type WebhookInput } from './webhook-calls.ts';
export type {
  AccessToken,
  AuditEntry,
  CheckedClaim,
  DocumentMeta,
  ErrorBody,
  Invitation,
  InvitationSummary,
  Me,
  Member,
  NewInvitation,
  NewWebhook,
  Notice,
  NotificationChannels,
  NotificationKind,
  NotificationSettings,
  PublishIssue,
  SnapshotText,
  VersionMeta,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
  WorkAnswer,
  WorkCategory,
  WorkItem,
} from './wire.ts';
export { EXPORT_FORMATS, type ExportFormat, NOTIFICATION_KINDS, WEBHOOK_EVENTS, WORK_CATEGORIES } from './wire.ts';
