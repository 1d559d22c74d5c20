/**
 * The API's description against the server: /api/openapi.json is valid OpenAPI (a maintained validator,
 * @apidevtools/swagger-parser), it lists exactly the routes Fastify registered, and every body and query it
 * describes is checked by its route (an answer that breaks the described shape is refused with 400).
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { REQUESTS } from '@factmark/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, TestServer } from '../test-support/harness.ts';
import { ROUTE_DOCS } from './api-description.ts';
import { schemas } from './schemas.ts';

let t: TestServer;
let admin: ApiClient;
let id = '';

beforeAll(async () => {
  t = await new TestServer().start();
  admin = await new ApiClient(t.base).signUp('ada@api.example', 'Ada', t.setupToken ?? undefined);
  id = await admin.firstDocumentId();
});
afterAll(() => t.dispose());

describe('the API description', () => {
  it('is valid OpenAPI, served at /api/openapi.json', async () => {
    const served = await new ApiClient(t.base).request('GET', '/api/openapi.json');
    expect(served.status).toBe(200);
    const api = (await SwaggerParser.validate(structuredClone(served.body) as never)) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(api.paths['/api/documents/{id}/export']?.get).toMatchObject({
      parameters: expect.arrayContaining([
        expect.objectContaining({ name: 'id', in: 'path' }),
        expect.objectContaining({ name: 'format', in: 'query', required: true }),
      ]),
    });
  });

  it('has a page to read, with every route', async () => {
    const page = await new ApiClient(t.base).text('/api/reference');
    expect(page.contentType).toMatch(/^text\/html/);
    for (const route of ROUTE_DOCS) expect(page.text).toContain(`<code>${route.path}</code>`);
    expect(page.text).toContain('format (');
  });

  it('checks requests with the very schemas the typed client takes its input types from', () => {
    expect(schemas).toBe(REQUESTS);
  });

  it('describes exactly the routes the server registered', () => {
    const key = (method: string, url: string) => `${method} ${url}`;
    const registered = t.server.routes
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !r.url.includes('*'))
      .map((r) => key(r.method, r.url))
      .sort();
    const described = ROUTE_DOCS.map((r) => key(r.method, r.path)).sort();
    expect(described).toEqual(registered);
  });

  it('describes only bodies and queries the routes check: a shape that breaks one is refused with 400', async () => {
    const hook = await admin.request('POST', '/api/webhooks', {
      url: 'https://cms.newsroom.test/factmark',
      events: ['claim.published'],
    });
    const webhookId = String((hook.body.webhook as { id: string }).id);
    const path = (p: string) =>
      p
        .replace(':id', id)
        .replace(':webhookId', webhookId)
        .replace(/:[A-Za-z]+/g, 'x');
    for (const route of ROUTE_DOCS.filter((r) => r.body)) {
      const answer = await admin.request(route.method, path(route.path), []);
      expect(answer.status, `${route.method} ${route.path}`).toBe(400);
      expect(answer.body.error?.code, `${route.method} ${route.path}`).toBe('invalid_body');
    }
    const badQueries: Record<string, string> = {
      [`/api/documents/${id}/export`]: 'format=nonsense',
      [`/api/documents/${id}/checked-before`]: `text=${'x'.repeat(2_001)}`,
      [`/api/documents/${id}/audit`]: `annotation=${'x'.repeat(101)}`,
      '/api/my-work': 'limit=0',
    };
    for (const route of ROUTE_DOCS.filter((r) => r.query)) {
      const query = badQueries[path(route.path)];
      expect(query, `a broken query for ${route.path}`).toBeDefined();
      const answer = await admin.request('GET', `${path(route.path)}?${query}`);
      expect(answer.status, route.path).toBe(400);
    }
  });
});
