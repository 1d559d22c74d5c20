/**
 * Personal access tokens on SQLite and PostgreSQL: made, listed and revoked only signed in in a browser; stored
 * hashed and shown once; each scope × route over HTTP (a token acts with at most its person's role); over the sync
 * connection a read token cannot write and an annotate token cannot edit the article; a revoked token's open
 * connection is closed at once; expired and revoked tokens are refused in words; bad tokens are rate limited.
 */
import { randomBytes } from 'node:crypto';
import { annotationBodies, articleFragment, bodyJSON, bodyToYMap, newClaimBody } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { PostgresStore } from './storage/postgres-store.ts';
import { ApiClient, attempt, TestServer } from './test-support/harness.ts';
import { hypothesisExport } from './test-support/hypothesis.ts';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `factmark_tokens_${randomBytes(6).toString('hex')}`;
afterAll(async () => {
  const store = await PostgresStore.open(url, schema);
  await store.dropSchema(schema);
  await store.close();
});

const ARTICLE = articleFromText('Filed by a CMS\n\nMore than 50,000 soldiers took part, the ministry said.').toJSON();

for (const [backend, env] of [
  ['SQLite', {}],
  ['PostgreSQL', { DATABASE_URL: url, DATABASE_SCHEMA: schema }],
] as const) {
  describe(`access tokens on ${backend}`, () => {
    it('act within their scopes and their person’s role, over HTTP and sync, until revoked or expired', async () => {
      const t = await new TestServer().start({ ...env, RATE_AUTH_PER_ADDRESS_PER_MINUTE: '40' });
      try {
        const ana = await new ApiClient(t.base).signUp('ana@tokens.example', 'Ana', t.setupToken ?? undefined);
        const ben = await new ApiClient(t.base).signUp('ben@tokens.example', 'Ben');
        const id = await ana.firstDocumentId();
        await ana.request('PUT', `/api/documents/${id}/members`, { email: 'ben@tokens.example', role: 'commenter' });
        const make = async (who: ApiClient, scopes: string[], expiresAt?: string) => {
          const res = await who.request('POST', '/api/tokens', { name: `cms ${scopes.join('+')}`, scopes, expiresAt });
          expect(res.status).toBe(201);
          return (res.body as { token: string; accessToken: { id: string } }).token;
        };
        const tokens = {
          read: await make(ana, ['read']),
          annotate: await make(ana, ['annotate']),
          edit: await make(ana, ['edit']),
          admin: await make(ana, ['admin']),
        };
        expect(tokens.read).toMatch(/^fmk_[A-Za-z0-9_-]{40,}$/);
        // Listed without their secrets; the store keeps only hashes.
        const listed = (await ana.request('GET', '/api/tokens')).body as { tokens: Record<string, unknown>[] };
        expect(listed.tokens.map((x) => x.name)).toEqual(['cms admin', 'cms edit', 'cms annotate', 'cms read']);
        expect(JSON.stringify(listed)).not.toContain(tokens.read);
        expect((await ana.request('POST', '/api/tokens', { name: 'x', scopes: [] })).status).toBe(400);

        const as = (token: string) => {
          const client = new ApiClient(t.base);
          return (method: string, path: string, body?: unknown) =>
            client.request(method, path, body, { authorization: `Bearer ${token}` });
        };
        // The scope × route matrix (Ana owns the document).
        const routes: [string, string, unknown][] = [
          ['GET', `/api/documents/${id}`, undefined],
          ['GET', '/api/my-work', undefined],
          ['POST', '/api/notifications/read', {}],
          ['POST', '/api/documents', { title: 'From the CMS', article: ARTICLE }],
          ['PATCH', `/api/documents/${id}`, { title: 'Renamed by a script' }],
          ['PUT', `/api/documents/${id}/members`, { email: 'ben@tokens.example', role: 'commenter' }],
          ['GET', '/api/tokens', undefined],
          ['PATCH', '/api/auth/me', { name: 'Mallory' }],
          ['GET', `/api/documents/${id}/webhooks`, undefined],
          [
            'POST',
            `/api/documents/${id}/webhooks`,
            { url: 'https://cms.newsroom.test/hook', events: ['claim.published'] },
          ],
          ['GET', '/api/webhooks', undefined],
        ];
        const matrix: Record<string, number[]> = {};
        for (const [scope, token] of Object.entries(tokens))
          for (const [method, path, body] of routes) {
            const { status } = await as(token)(method, path, body);
            matrix[scope] = [...(matrix[scope] ?? []), status];
          }
        expect(matrix).toEqual({
          read: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
          annotate: [200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
          edit: [200, 200, 200, 201, 403, 403, 403, 403, 403, 403, 403],
          // Webhooks are an owner's (and the desk's an administrator's): only the admin scope reaches them.
          admin: [200, 200, 200, 201, 200, 200, 403, 403, 200, 201, 200],
        });
        // Never more than the person's own role: Ben is a commenter, his admin token cannot rename.
        const bens = await make(ben, ['admin']);
        const refused = await as(bens)('PATCH', `/api/documents/${id}`, { title: 'Ben’s' });
        expect(refused.status).toBe(403);
        expect(refused.body.error?.message).toBe('This needs the owner role; this access token acts as commenter');

        // Over sync: the role is capped the same way.
        const connectWith = async (token: string) => {
          const answer = await as(token)('GET', `/api/documents/${id}/sync-token`);
          expect(answer.body.role).toBeDefined();
          return t.connect(id, answer.body.token as string);
        };
        const me = { id: ana.userId, name: 'Ana' };
        const claim = (n: number) => (doc: Y.Doc) => {
          ((articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).format(n, 2, {
            claim: { id: `tokenclaim00000${n}` },
          });
          const body = newClaimBody({ id: `tokenclaim00000${n}`, quote: 'xx', author: me, at: new Date() });
          annotationBodies(doc).set(`tokenclaim00000${n}`, bodyToYMap(body));
        };
        expect(await attempt(await connectWith(tokens.read), claim(1))).toBe(
          'refused: Viewers cannot change the document',
        );
        const annotating = await connectWith(tokens.annotate);
        expect(await attempt(annotating, claim(4))).toBe('acked');
        const text = await connectWith(tokens.annotate);
        expect(
          await attempt(text, (doc) =>
            ((articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'x'),
          ),
        ).toBe("refused: Commenters cannot change the article's text");

        // Revoked: its open connection closes at once, and HTTP refuses it in words.
        const annotateId = (
          (await ana.request('GET', '/api/tokens')).body as { tokens: { id: string; name: string }[] }
        ).tokens.find((x) => x.name === 'cms annotate')?.id;
        const closed = new Promise((resolve) => annotating.provider.on('close', resolve));
        expect((await ana.request('DELETE', `/api/tokens/${annotateId}`)).status).toBe(200);
        await closed;
        const gone = await as(tokens.annotate)('GET', `/api/documents/${id}`);
        expect(gone.status).toBe(401);
        expect(gone.body.error?.message).toBe('This access token is not valid: it may be revoked or expired');
        expect((await ana.request('DELETE', `/api/tokens/${annotateId}`)).status).toBe(404);

        // Expired: refused once its time has passed.
        const brief = await make(ana, ['read'], new Date(Date.now() + 1_000).toISOString());
        expect((await as(brief)('GET', `/api/documents/${id}`)).status).toBe(200);
        await new Promise((r) => setTimeout(r, 1_200));
        expect((await as(brief)('GET', `/api/documents/${id}`)).status).toBe(401);
        expect(
          (
            await ana.request('POST', '/api/tokens', {
              name: 'old',
              scopes: ['read'],
              expiresAt: '2020-01-01T00:00:00Z',
            })
          ).status,
        ).toBe(400);

        // Filed through the API: a claim imported with a token records the token's name; one from the app does not.
        const filed = await as(tokens.edit)('POST', `/api/documents/${id}/annotations/import`, {
          format: 'hypothesis',
          data: JSON.parse(
            hypothesisExport([
              { id: 'h1', user: 'cms', text: 'From the wire desk.', tags: ['claim'], exact: '140 aircraft' },
            ]),
          ),
        });
        expect(filed.status).toBe(200);
        const reader = await t.connect(
          id,
          ((await ana.request('GET', `/api/documents/${id}/sync-token`)).body as { token: string }).token,
        );
        const stamped = [...annotationBodies(reader.doc).values()]
          .map((b) => bodyJSON(b))
          .filter((b) => b.quote === '140 aircraft');
        expect(stamped).toHaveLength(1);
        expect(stamped[0]?.filedVia).toMatchObject({ token: 'cms edit', by: { id: ana.userId, name: 'Ana' } });
        expect([...annotationBodies(reader.doc).values()].filter((b) => b.get('filedVia')).length).toBe(1);
        // A client cannot write that stamp itself, on a new claim or an existing one.
        const forged = await attempt(reader, (doc) => {
          annotationBodies(doc)
            .get('tokenclaim000004')
            ?.set('filedVia', { token: 'The CMS', by: me, at: new Date().toISOString() });
        });
        expect(forged).toBe('refused: Only the server records that the claim on “xx” was filed through the API');

        // Guessing tokens is limited like signing in.
        const statuses: number[] = [];
        for (let i = 0; i < 45; i++) statuses.push((await as(`fmk_guess${i}`)('GET', '/api/documents')).status);
        expect(statuses).toContain(429);
      } finally {
        await t.dispose();
      }
    }, 60_000);
  });
}
