/**
 * Every documented route called once, as its description says: each request body is first checked against the
 * schema /api/openapi.json gives for it (Ajv, the JSON Schema validator OpenAPI tools use), then sent, and the
 * route must answer as it is described — done, never a 400 nor a 5xx. The test fails when a route is described
 * but not called here, so a new route needs a documented call.
 */
import { makeSource, readCapture, writeSource } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, expect, it } from 'vitest';
import { loadSecret } from '../auth/secret.ts';
import { unsubscribeToken } from '../mail/unsubscribe.ts';
import { ApiClient, attempt, TestServer } from '../test-support/harness.ts';
import { type SourceSite, startSourceSite } from '../test-support/source-fixtures.ts';
import { openApiDocument, ROUTE_DOCS } from './api-description.ts';

let t: TestServer | undefined;
let site: SourceSite | undefined;
afterAll(async () => {
  await t?.dispose();
  await site?.close();
});

type Json = Record<string, unknown>;

it('calls every documented route once with a body of its documented shape, and each does its work', async () => {
  site = await startSourceSite();
  t = await new TestServer().start({ SOURCE_CAPTURE: 'on', SOURCE_FETCH_ALLOW: '127.0.0.1/32' });
  const api = openApiDocument() as { paths: Record<string, Record<string, Json>> };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const called = new Set<string>();
  const ada = new ApiClient(t.base);
  const ben = new ApiClient(t.base);

  /** Call a described route (`template` as documented) on `path`, its body checked against the description first. */
  async function call(client: ApiClient, template: string, path: string, body?: unknown, status?: number) {
    const [method, route] = template.split(' ') as [string, string];
    const described = api.paths[route.replace(/:([A-Za-z]+)/g, '{$1}')]?.[method.toLowerCase()] as Json | undefined;
    expect(described, template).toBeDefined();
    const schema = (described?.requestBody as { content: { 'application/json': { schema: Json } } } | undefined)
      ?.content['application/json'].schema;
    if (schema) {
      const valid = ajv.validate(schema, body);
      expect(valid, `${template}: ${ajv.errorsText()}`).toBe(true);
    }
    const answer = await client.request(method, path, body);
    const said = `${template} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
    if (status) expect(answer.status, said).toBe(status);
    else expect(answer.status >= 200 && answer.status < 300, said).toBe(true);
    called.add(template);
    return answer.body as Json;
  }
  const text = async (template: string, path: string) => {
    const answer = await ada.text(path);
    expect(answer.status, template).toBe(200);
    called.add(template);
  };

  for (const route of ['/healthz', '/readyz', '/metrics', '/api/openapi.json', '/api/reference'])
    await text(`GET ${route}`, route);
  const password = 'correct horse battery';
  await call(
    ada,
    'POST /api/auth/setup',
    '/api/auth/setup',
    { token: t.setupToken, email: 'ada@api.example', name: 'Ada', password },
    201,
  );
  await call(ada, 'GET /api/auth/me', '/api/auth/me');
  await call(ada, 'PATCH /api/auth/me', '/api/auth/me', { name: 'Ada Lind' });
  await call(
    ben,
    'POST /api/auth/signup',
    '/api/auth/signup',
    { email: 'ben@api.example', name: 'Ben', password },
    201,
  );
  await call(ben, 'POST /api/auth/signout', '/api/auth/signout');
  await call(ben, 'POST /api/auth/signin', '/api/auth/signin', { email: 'ben@api.example', password });

  const made = await call(
    ada,
    'POST /api/tokens',
    '/api/tokens',
    { name: 'CMS', scopes: ['read'], expiresAt: null },
    201,
  );
  await call(ada, 'GET /api/tokens', '/api/tokens');
  await call(ada, 'DELETE /api/tokens/:tokenId', `/api/tokens/${(made.accessToken as Json).id}`);

  const D = '/api/documents/:id';
  const article = articleFromText(
    'Drills begin\n\nMore than 50,000 soldiers and 140 aircraft take part, the ministry said on Monday.',
  );
  const created = await call(
    ada,
    'POST /api/documents',
    '/api/documents',
    { title: 'Drills', article: article.toJSON() },
    201,
  );
  const id = (created.document as Json).id as string;
  const d = `/api/documents/${id}`;
  await call(ada, 'GET /api/documents', '/api/documents');
  await call(ada, `GET ${D}`, d);
  await call(ada, `PATCH ${D}`, d, { title: 'Drills begin' });
  await call(ada, `GET ${D}/sync-token`, `${d}/sync-token`);
  await call(ada, `PUT ${D}/members`, `${d}/members`, { email: 'ben@api.example', role: 'editor' });
  const invited = await call(ada, `PUT ${D}/members`, `${d}/members`, { email: 'cy@api.example', role: 'viewer' });
  await call(ada, `GET ${D}/members`, `${d}/members`);
  const link = String((invited.invitation as Json).link);
  const token = link.slice(link.indexOf('#token=') + '#token='.length);
  await call(ada, 'POST /api/invitations/summary', '/api/invitations/summary', { token });
  await call(new ApiClient(t.base), 'POST /api/invitations/accept', '/api/invitations/accept', {
    token,
    name: 'Cy',
    password,
  });
  const second = await call(ada, `PUT ${D}/members`, `${d}/members`, { email: 'dee@api.example', role: 'viewer' });
  await call(ada, `GET ${D}/invitations`, `${d}/invitations`);
  await call(ada, `DELETE ${D}/invitations/:invitationId`, `${d}/invitations/${(second.invitation as Json).id}`);

  const hypothesis = [
    {
      id: 'h1',
      user: 'acct:dana@hypothes.is',
      text: 'Is this the ministry figure?',
      tags: ['claim'],
      target: [{ source: 'x', selector: [{ type: 'TextQuoteSelector', exact: 'More than 50,000 soldiers' }] }],
    },
  ];
  // A webhook for the claims filed next (the fixture site answers 404 at /hook: the delivery waits for a retry).
  const hook = { url: `${site.base}/hook`, events: ['claim.created'] };
  const docHook = await call(ada, `POST ${D}/webhooks`, `${d}/webhooks`, hook, 201);
  await call(ada, `POST ${D}/annotations/import`, `${d}/annotations/import`, {
    format: 'hypothesis',
    data: hypothesis,
  });
  await call(ada, `GET ${D}/checked-before`, `${d}/checked-before?text=${encodeURIComponent('50,000 soldiers')}`);
  await call(ada, `GET ${D}/export`, `${d}/export?format=w3c`);
  await call(ada, `GET ${D}/publish-check`, `${d}/publish-check`);
  await call(ada, `GET ${D}/audit`, `${d}/audit`);
  const version = await call(ada, `POST ${D}/versions`, `${d}/versions`, { name: 'As filed' }, 201);
  const v = `${d}/versions/${(version.version as Json).id}`;
  await call(ada, `GET ${D}/versions`, `${d}/versions`);
  await call(ada, `GET ${D}/versions/:versionId`, v);
  const revised = articleFromText(
    'Drills begin\n\nMore than 35,000 soldiers and 140 aircraft take part, the ministry said on Monday.',
  );
  await call(ada, `POST ${D}/revisions`, `${d}/revisions`, { article: revised.toJSON() }, 201);
  await call(ada, `GET ${D}/versions/:versionId/compare`, `${v}/compare`);
  await call(ada, `POST ${D}/versions/:versionId/restore`, `${v}/restore`);

  // A cited source, captured by the server: its snapshot, then a re-check.
  const conn = await t.connect(id, await ada.syncToken(id));
  const me = { id: ada.userId, name: 'Ada Lind' };
  const source = makeSource('apisource0000001', { url: `${site.base}/news/drills`, title: 'Drills' }, me, new Date());
  expect(await attempt(conn, (doc) => writeSource(doc, source))).toBe('acked');
  await expect.poll(() => readCapture(conn.doc, source.id)?.capture?.hash, { timeout: 10_000 }).toBeTruthy();
  const hash = readCapture(conn.doc, source.id)?.capture?.hash as string;
  await call(ada, `GET ${D}/snapshots/:hash`, `${d}/snapshots/${hash}`);
  await call(ada, `POST ${D}/sources/:sourceId/recheck`, `${d}/sources/${source.id}/recheck`, undefined, 202);

  await call(ben, 'GET /api/my-work', '/api/my-work?category=assigned&limit=10');
  await call(ben, 'GET /api/notifications', '/api/notifications');
  const signIn = await fetch(`${t.base}/api/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: t.base },
    body: JSON.stringify({ email: 'ben@api.example', password }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const events = await fetch(`${t.base}/api/notifications/events`, { headers: { cookie } });
  expect(events.status).toBe(200);
  expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
  await events.body?.cancel();
  called.add('GET /api/notifications/events');
  await call(ben, 'POST /api/notifications/read', '/api/notifications/read', { ids: [] });
  await call(ben, 'GET /api/notifications/settings', '/api/notifications/settings');
  await call(ben, 'PUT /api/notifications/settings', '/api/notifications/settings', {
    kinds: { mention: { app: true, email: false } },
  });
  const store = await t.openStore();
  const secret = await loadSecret(store, undefined);
  await store.close();
  await call(new ApiClient(t.base), 'POST /api/unsubscribe', '/api/unsubscribe', {
    u: ben.userId,
    t: unsubscribeToken(secret, ben.userId),
  });

  await call(ada, `GET ${D}/webhooks`, `${d}/webhooks`);
  const deskHook = await call(ada, 'POST /api/webhooks', '/api/webhooks', hook, 201);
  await call(ada, 'GET /api/webhooks', '/api/webhooks');
  const w = `/api/webhooks/${(docHook.webhook as Json).id}`;
  // The claim filed above was tried once (404) and waits for its retry: it can be sent again now.
  const waiting = async () => ((await ada.request('GET', `${w}/deliveries`)).body.deliveries as Json[])[0];
  await expect.poll(async () => (await waiting())?.statusCode, { timeout: 10_000 }).toBe(404);
  await call(ada, 'GET /api/webhooks/:webhookId/deliveries', `${w}/deliveries`);
  const delivery = encodeURIComponent(String((await waiting())?.id));
  await call(
    ada,
    'POST /api/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
    `${w}/deliveries/${delivery}/redeliver`,
  );
  await call(ada, 'PATCH /api/webhooks/:webhookId', w, { events: ['claim.published', 'claim.created'], paused: true });
  await call(ada, 'DELETE /api/webhooks/:webhookId', `/api/webhooks/${(deskHook.webhook as Json).id}`);

  await call(ada, `DELETE ${D}/members/:userId`, `${d}/members/${ben.userId}`);
  await call(ada, `DELETE ${D}`, d);

  const documented = ROUTE_DOCS.map((r) => `${r.method} ${r.path}`);
  expect(documented.filter((r) => !called.has(r))).toEqual([]);
}, 60_000);
