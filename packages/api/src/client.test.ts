import { FactmarkError } from '@factmark/editor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { FactmarkClient } from './client.ts';
import { ApiError, describeError, ERRORS, statusOf } from './errors.ts';
import { CSRF_HEADER } from './http-session.ts';

/** A fetch that answers from a table and records what it was sent. */
function fakeServer(answer: (path: string, init: RequestInit) => { status: number; body?: unknown; cookie?: string }) {
  const sent: { path: string; headers: Record<string, string>; body?: string }[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = String(input);
    sent.push({ path, headers: (init.headers ?? {}) as Record<string, string>, body: init.body as string | undefined });
    const { status, body, cookie } = answer(path, init);
    const headers = new Headers(cookie ? { 'set-cookie': cookie } : {});
    return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

describe('the typed client', () => {
  it('keeps the session cookie and CSRF token from signing in and sends them on every later request', async () => {
    const server = fakeServer((path) =>
      path.endsWith('/api/auth/signin')
        ? { status: 200, body: { user: { id: 'u1' }, csrfToken: 'tok' }, cookie: 'fm_session=abc; Path=/; HttpOnly' }
        : { status: 200, body: { documents: [{ id: 'd1', title: 'Drills', createdAt: '', updatedAt: '' }] } },
    );
    const client = new FactmarkClient({ base: 'http://desk.example/', keepCookie: true, fetch: server.fetch });
    await client.signIn('ana@desk.example', 'correct horse battery');
    const documents = await client.listDocuments();
    expect(documents.map((d) => d.title)).toEqual(['Drills']);
    expect(server.sent[1]).toMatchObject({
      path: 'http://desk.example/api/documents',
      headers: { cookie: 'fm_session=abc', [CSRF_HEADER]: 'tok' },
    });
  });

  it("turns an error answer into an ApiError with the server's code, words and a check's problems", async () => {
    const server = fakeServer(() => ({
      status: 409,
      body: { error: { code: 'not_ready', message: 'The check is not ready', problems: ['claim 1 has no verdict'] } },
    }));
    const client = new FactmarkClient({ fetch: server.fetch });
    const error = await client.export('d1', { format: 'claimreview' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(FactmarkError);
    expect(error).toMatchObject({ status: 409, code: 'not_ready', problems: ['claim 1 has no verdict'] });
    expect(describeError(error)).toBe('The check is not ready');
  });

  it('says in words when the server cannot be reached, and reads an unknown code by its status', async () => {
    const down = new FactmarkClient({
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    });
    const unreachable = await down.listDocuments().catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ status: 0, code: 'unreachable' });
    expect(describeError(unreachable)).toMatch(/cannot be reached/);
    const odd = new FactmarkClient({
      fetch: fakeServer(() => ({ status: 502, body: { error: { code: 'gateway' } } })).fetch,
    });
    const error = await odd.listDocuments().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'internal' });
    expect(describeError(error)).toBe('HTTP 502');
  });
});

describe('the error table', () => {
  it('gives every code a status the server answers with and words a page can show', () => {
    for (const [code, { status, words }] of Object.entries(ERRORS)) {
      expect(words.length, code).toBeGreaterThan(5);
      expect(status === 0 || (status >= 400 && status < 600), code).toBe(true);
    }
    expect(statusOf('not_found')).toBe(404);
    expect(statusOf('forbidden')).toBe(403);
    expect(describeError(new ApiError(403, 'forbidden', ''))).toBe('Your role does not allow this.');
  });
});

describe('the client’s inputs', () => {
  it('are the types of the schemas the routes check with (one source)', async () => {
    const { REQUESTS } = await import('./requests.ts');
    type Input<K extends keyof typeof REQUESTS> = import('zod').input<(typeof REQUESTS)[K]>;
    expectTypeOf<Parameters<FactmarkClient['createAccessToken']>[0]>().toEqualTypeOf<Input<'accessToken'>>();
    expectTypeOf<Parameters<FactmarkClient['signUp']>[0]>().toEqualTypeOf<Input<'signUp'>>();
    expectTypeOf<Parameters<FactmarkClient['webhooks']['create']>[1]>().toEqualTypeOf<Input<'webhook'>>();
    expectTypeOf<Parameters<FactmarkClient['webhooks']['change']>[1]>().toEqualTypeOf<Input<'webhookChange'>>();
    // What the client would send is what the route accepts, and a bad scope is refused by the same schema.
    expect(REQUESTS.accessToken.safeParse({ name: 'CMS', scopes: ['read'] }).success).toBe(true);
    expect(REQUESTS.accessToken.safeParse({ name: 'CMS', scopes: ['root'] }).success).toBe(false);
  });
});
