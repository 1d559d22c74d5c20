/**
 * The request bodies and queries the API accepts, as zod schemas: the server checks every request with them, the
 * OpenAPI description is made from them, and the typed client's inputs are their types — one source for all three.
 */
import { ACCESS_SCOPES, isHttpUrl, ROLES, type Role } from '@factmark/collab';
import { collapseWhitespace, MAX_TITLE_LENGTH } from '@factmark/editor';
import { z } from 'zod';
import { API_LIMITS } from './limits.ts';
import { EXPORT_FORMATS, NOTIFICATION_KINDS, WEBHOOK_EVENTS, WORK_CATEGORIES } from './wire.ts';

const email = z.email().max(API_LIMITS.email);
const password = z
  .string()
  .min(API_LIMITS.passwordMin, `Use at least ${API_LIMITS.passwordMin} characters`)
  .max(API_LIMITS.password);
const name = z.string().trim().min(1).max(API_LIMITS.name);

const webhookUrl = z
  .string()
  .trim()
  .max(2_000)
  .refine(isHttpUrl, 'A webhook goes to an http or https address, such as https://cms.example.org/factmark');
const webhookEvents = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1, 'Choose at least one event to send')
  .transform((events) => [...new Set(events)]);

/** Every request schema, by what it reads. */
export const REQUESTS = {
  signUp: z.object({ email, name, password }),
  signIn: z.object({ email: z.string().max(API_LIMITS.email), password: z.string().max(API_LIMITS.password) }),
  setup: z.object({ token: z.string().min(1).max(200), email, name, password }),
  createDocument: z.object({
    title: z.string().max(MAX_TITLE_LENGTH).optional(),
    article: z.record(z.string(), z.unknown()),
  }),
  version: z.object({ name: z.string().trim().min(1).max(API_LIMITS.versionName) }),
  rename: z.object({
    title: z
      .string()
      .transform(collapseWhitespace)
      .pipe(z.string().min(1, 'A title cannot be empty').max(MAX_TITLE_LENGTH)),
  }),
  exportQuery: z.object({
    format: z.enum(EXPORT_FORMATS),
    articleUrl: z
      .string()
      .max(2_000)
      .refine(isHttpUrl, "The article's URL must be an http or https address")
      .optional(),
    organization: z.string().max(200).optional(),
    force: z.enum(['0', '1', 'true', 'false']).optional(),
  }),
  readNotifications: z.object({ ids: z.array(z.string().max(200)).max(500).optional() }),
  notificationSettings: z.object({
    kinds: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.object({ app: z.boolean(), email: z.boolean() })),
  }),
  profile: z.object({ name }),
  accessToken: z.object({
    name: z.string().trim().min(1, 'Give the token a name: what will use it?').max(100),
    scopes: z.array(z.enum(ACCESS_SCOPES)).min(1, 'Give the token at least one scope'),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  }),
  webhook: z.object({ url: webhookUrl, events: webhookEvents }),
  webhookChange: z.object({
    url: webhookUrl.optional(),
    events: webhookEvents.optional(),
    /** true pauses the endpoint; false resumes it (its held deliveries go out). */
    paused: z.boolean().optional(),
  }),
  myWork: z.object({
    category: z.enum(WORK_CATEGORIES).optional(),
    limit: z.coerce.number().int().min(1).max(100_000).optional(),
  }),
  unsubscribe: z.object({ u: z.string().min(1).max(100), t: z.string().min(1).max(100) }),
  checkedBefore: z.object({ text: z.string().max(2_000) }),
  importAnnotations: z.object({ format: z.enum(['w3c', 'hypothesis']), data: z.unknown() }),
  revision: z.object({ article: z.record(z.string(), z.unknown()) }),
  auditQuery: z.object({ annotation: z.string().max(100).optional(), user: z.string().max(100).optional() }),
  inviteEmail: email,
  invitationToken: z.object({ token: z.string().min(1).max(200) }),
  acceptInvitation: z.object({
    token: z.string().min(1).max(200),
    name: name.optional(),
    password: password.optional(),
  }),
  member: z.object({ email: z.string().max(API_LIMITS.email), role: z.enum(ROLES as [Role, ...Role[]]) }),
};

/** What a request of kind `K` may send (the schema's input: before defaults and trimming). */
export type RequestBody<K extends keyof typeof REQUESTS> = z.input<(typeof REQUESTS)[K]>;
