/**
 * The HTTP API described: every route with who may call it and the zod schemas it validates its body and query
 * with — the very objects the routes parse with (`schemas.ts`), turned into OpenAPI 3.0 by zod's own JSON Schema
 * conversion, so a body's description cannot drift from its check. Served at /api/openapi.json; a test compares
 * the table with the routes Fastify registered.
 */

import { escapeHtml } from '@factmark/interop';
import type { z } from 'zod';
import { toJSONSchema } from 'zod';
import { schemas } from './schemas.ts';

/** Who may call a route: anyone, a person signed in in a browser, or also an access token (its scope named). */
export type Access = 'public' | 'browser' | 'read' | 'annotate' | 'edit' | 'admin';

/** One route, as described. */
export interface RouteDoc {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify's path (`:id`); OpenAPI's `{id}` is made from it. */
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
}

const doc = (method: RouteDoc['method'], path: string, access: Access, summary: string, more = {}): RouteDoc => ({
  method,
  path,
  access,
  summary,
  ...more,
});
const D = '/api/documents/:id';

/** Every route of the API. */
export const ROUTE_DOCS: readonly RouteDoc[] = [
  doc('GET', '/healthz', 'public', 'Liveness'),
  doc('GET', '/readyz', 'public', 'Readiness: the store answers'),
  doc('GET', '/metrics', 'public', 'Prometheus metrics (behind METRICS_TOKEN when set)'),
  doc('GET', '/api/openapi.json', 'public', 'This description, as OpenAPI 3.0'),
  doc('GET', '/api/reference', 'public', 'This description, as a page to read'),
  doc('GET', '/api/auth/me', 'browser', 'Who is signed in, and the session’s CSRF token'),
  doc('PATCH', '/api/auth/me', 'browser', 'Change one’s name', { body: schemas.profile }),
  doc('POST', '/api/auth/setup', 'public', 'Make the first administrator with the setup token', {
    body: schemas.setup,
  }),
  doc('POST', '/api/auth/signup', 'public', 'Make an account and sign in', { body: schemas.signUp }),
  doc('POST', '/api/auth/signin', 'public', 'Sign in', { body: schemas.signIn }),
  doc('POST', '/api/auth/signout', 'browser', 'Sign out'),
  doc('GET', '/api/tokens', 'browser', 'One’s personal access tokens'),
  doc('POST', '/api/tokens', 'browser', 'Make a personal access token (its secret shown once)', {
    body: schemas.accessToken,
  }),
  doc('DELETE', '/api/tokens/:tokenId', 'browser', 'Revoke a personal access token'),
  doc('GET', '/api/documents', 'read', 'The documents one has a role on, with their progress'),
  doc('POST', '/api/documents', 'edit', 'Create a document from an article (ProseMirror JSON)', {
    body: schemas.createDocument,
  }),
  doc('GET', D, 'read', 'A document’s metadata and one’s role'),
  doc('PATCH', D, 'read', 'Rename a document (owners)', { body: schemas.rename }),
  doc('DELETE', D, 'read', 'Delete a document (owners)'),
  doc('GET', `${D}/sync-token`, 'read', 'A short-lived token that opens the live (Yjs) connection'),
  doc('GET', `${D}/checked-before`, 'read', 'Claims like a text the desk judged in its other documents', {
    query: schemas.checkedBefore,
  }),
  doc('GET', `${D}/export`, 'read', 'An export (report, corrected article, W3C, ClaimReview, …)', {
    query: schemas.exportQuery,
  }),
  doc('GET', `${D}/publish-check`, 'read', 'What stops the check from being published'),
  doc('POST', `${D}/annotations/import`, 'read', 'Import annotations (W3C or Hypothesis) and anchor them', {
    body: schemas.importAnnotations,
  }),
  doc('POST', `${D}/revisions`, 'read', 'Apply a revised article, keeping the annotations anchored', {
    body: schemas.revision,
  }),
  doc('GET', `${D}/audit`, 'read', 'The audit trail', { query: schemas.auditQuery }),
  doc('GET', `${D}/versions`, 'read', 'Named versions'),
  doc('POST', `${D}/versions`, 'read', 'Name a version', { body: schemas.version }),
  doc('GET', `${D}/versions/:versionId`, 'read', 'A version’s text'),
  doc('GET', `${D}/versions/:versionId/compare`, 'read', 'A version compared with the current text'),
  doc('POST', `${D}/versions/:versionId/restore`, 'read', 'Restore a version'),
  doc('GET', `${D}/members`, 'read', 'Who has which role'),
  doc('PUT', `${D}/members`, 'read', 'Share with an address, or change a role (owners)', { body: schemas.member }),
  doc('DELETE', `${D}/members/:userId`, 'read', 'Take someone’s access away (owners)'),
  doc('GET', `${D}/invitations`, 'read', 'Pending invitations (owners)'),
  doc('DELETE', `${D}/invitations/:invitationId`, 'read', 'Withdraw an invitation (owners)'),
  doc('GET', `${D}/snapshots/:hash`, 'read', 'A captured source’s snapshot'),
  doc('POST', `${D}/sources/:sourceId/recheck`, 'read', 'Fetch a cited source again'),
  doc('POST', '/api/invitations/summary', 'public', 'What an invitation link is for', {
    body: schemas.invitationToken,
  }),
  doc('POST', '/api/invitations/accept', 'public', 'Accept an invitation (signing up, or signed in)', {
    body: schemas.acceptInvitation,
  }),
  doc('GET', '/api/my-work', 'read', 'What waits for one across one’s documents', { query: schemas.myWork }),
  doc('GET', '/api/notifications', 'read', 'One’s newest notifications and the unread count'),
  doc('GET', '/api/notifications/events', 'read', 'The unread count, live (server-sent events)'),
  doc('POST', '/api/notifications/read', 'annotate', 'Mark notifications read', { body: schemas.readNotifications }),
  doc('GET', '/api/notifications/settings', 'read', 'Which notifications one gets, in the app and by email'),
  doc('PUT', '/api/notifications/settings', 'annotate', 'Change them', { body: schemas.notificationSettings }),
  doc('POST', '/api/unsubscribe', 'public', 'Stop emails (an email’s signed link)', { body: schemas.unsubscribe }),
  doc('GET', `${D}/webhooks`, 'admin', 'A document’s webhooks (owners)'),
  doc('POST', `${D}/webhooks`, 'admin', 'Register a webhook for a document (owners; its secret shown once)', {
    body: schemas.webhook,
  }),
  doc('GET', '/api/webhooks', 'admin', 'The desk’s webhooks, for every document (administrators)'),
  doc('POST', '/api/webhooks', 'admin', 'Register a webhook for the whole desk (administrators)', {
    body: schemas.webhook,
  }),
  doc('PATCH', '/api/webhooks/:webhookId', 'admin', 'Change, pause or resume a webhook', {
    body: schemas.webhookChange,
  }),
  doc('DELETE', '/api/webhooks/:webhookId', 'admin', 'Remove a webhook'),
  doc('GET', '/api/webhooks/:webhookId/deliveries', 'admin', 'A webhook’s latest deliveries and how each went'),
  doc('POST', '/api/webhooks/:webhookId/deliveries/:deliveryId/redeliver', 'admin', 'Send a delivery again'),
];

/** A zod schema as OpenAPI 3.0's JSON Schema. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/** The query parameters of an object schema. */
function parameters(route: RouteDoc): Record<string, unknown>[] {
  const path = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = route.query ? jsonSchema(route.query) : null;
  const props = (query?.properties ?? {}) as Record<string, unknown>;
  const required = new Set((query?.required ?? []) as string[]);
  return [
    ...path,
    ...Object.entries(props).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema })),
  ];
}

const ACCESS_WORDS: Record<Access, string> = {
  public: 'Anyone.',
  browser: 'Signed in in a browser (session cookie and CSRF header); access tokens are refused.',
  read: 'A session, or an access token with the read scope (the role policy decides on a document).',
  annotate: 'A session, or an access token with the annotate scope.',
  edit: 'A session, or an access token with the edit scope.',
  admin: 'A session, or an access token with the admin scope (an owner’s role; the desk’s webhooks: an administrator).',
};

/** The OpenAPI 3.0 document of the API. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTE_DOCS) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const secured = route.access !== 'public';
    const operations = paths[path] ?? {};
    paths[path] = operations;
    operations[route.method.toLowerCase()] = {
      summary: route.summary,
      description: ACCESS_WORDS[route.access],
      parameters: parameters(route),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } }
        : {}),
      ...(secured ? { security: [{ session: [] }, ...(route.access === 'browser' ? [] : [{ token: [] }])] } : {}),
      responses: {
        '200': { description: 'Done (201 when something was created); the answer is JSON' },
        default: { description: 'An error: `{ error: { code, message } }`, the message in words a person knows' },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Factmark', version: '1', description: 'The API of a Factmark server (docs/integrations.md).' },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'fm_session' },
        token: { type: 'http', scheme: 'bearer', description: 'A personal access token (fmk_…)' },
      },
    },
  };
}

/** The fields of a body or query, in words: `name (type, required)`. */
function fieldsOf(schema: z.ZodType | undefined): string {
  if (!schema) return '';
  const json = jsonSchema(schema);
  const required = new Set((json.required ?? []) as string[]);
  const props = Object.entries((json.properties ?? {}) as Record<string, { type?: unknown; enum?: unknown[] }>);
  return props
    .map(([name, p]) => {
      const type = p.enum ? p.enum.join(' | ') : String(p.type ?? 'any');
      return `${name} (${type}${required.has(name) ? ', required' : ''})`;
    })
    .join('; ');
}

/** The description as a page to read (`/api/reference`): a table of every route, every word escaped. */
export function referencePage(): string {
  const rows = ROUTE_DOCS.map((r) => {
    const body = fieldsOf(r.body);
    const query = fieldsOf(r.query);
    const fields = [body && `Body: ${body}`, query && `Query: ${query}`].filter(Boolean).join('<br>');
    return `<tr><td><code>${r.method}</code></td><td><code>${escapeHtml(r.path)}</code></td><td>${escapeHtml(r.summary)}</td><td>${escapeHtml(ACCESS_WORDS[r.access])}</td><td>${fields}</td></tr>`;
  }).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Factmark API</title></head><body>
<h1>Factmark API</h1>
<p>Every route of this server. The same description as OpenAPI 3.0: <a href="/api/openapi.json">/api/openapi.json</a>.
Errors answer <code>{ "error": { "code", "message" } }</code>. Access tokens: <code>Authorization: Bearer fmk_…</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Who may</th><th>Fields</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>`;
}
