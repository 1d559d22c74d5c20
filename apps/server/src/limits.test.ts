import { articleFragment, readArticle } from '@factmark/collab';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COLLAB_PATH } from './app.ts';
import { ApiClient, attempt, TestServer } from './test-support/harness.ts';
import { MSG, message, RawClient, syncUpdate } from './test-support/raw-client.ts';

let t: TestServer;
afterEach(async () => {
  await t?.dispose();
});

async function setUp(env: Record<string, string> = {}) {
  t = await new TestServer().start(env);
  const owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  return { owner, id: await owner.firstDocumentId() };
}

const wsUrl = () => `${t.base.replace('http', 'ws')}${COLLAB_PATH}`;

/** An update that appends `text` to the first paragraph of `base`'s article. */
function textUpdate(base: Y.Doc, text: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  ((articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, text);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('limits', () => {
  it('closes a connection that sends a message over MAX_MESSAGE_BYTES; others carry on and the document is intact', async () => {
    const { owner, id } = await setUp({ MAX_MESSAGE_BYTES: '65536' });
    const other = await t.connect(id, await owner.syncToken(id));
    const before = readArticle(other.doc).textContent;
    const raw = await RawClient.open(wsUrl());
    await raw.auth(id, await owner.syncToken(id));
    raw.send(syncUpdate(id, textUpdate(other.doc, 'x'.repeat(100_000))));
    expect(await raw.until(() => raw.socketClosed !== null)).toBe(true);
    expect(raw.socketClosed?.[0]).toBe(1009);
    expect(
      await attempt(other, (doc) =>
        ((articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'ok '),
      ),
    ).toBe('acked');
    expect(readArticle(other.doc).textContent).toContain('ok PORT MERIDAN');
    expect(readArticle(other.doc).textContent).not.toContain('xxxx');
    expect(readArticle(other.doc).textContent.length).toBe(before.length + 3);
  });

  it('refuses an update that would grow the document past MAX_DOCUMENT_BYTES', async () => {
    const { owner, id } = await setUp({ MAX_DOCUMENT_BYTES: '20000' });
    const conn = await t.connect(id, await owner.syncToken(id));
    const answer = await attempt(conn, (doc) =>
      ((articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'y'.repeat(30_000)),
    );
    expect(answer).toMatch(/^refused: The document would grow past 20000 bytes/);
    expect(t.rejected).toContain('document_too_large');
  });

  it('refuses an oversized presence message, an unknown message type and a malformed update, each with a reason', async () => {
    const { owner, id } = await setUp({ MAX_AWARENESS_BYTES: '1024' });
    const raw = await RawClient.open(wsUrl());
    await raw.auth(id, await owner.syncToken(id));
    raw.send(message(id, MSG.Awareness, (e) => encoding.writeVarUint8Array(e, new Uint8Array(5000))));
    expect(await raw.until(() => raw.closes.length === 1)).toBe(true);
    expect(raw.closes[0]).toBe('Presence message over 1024 bytes');

    await raw.auth(id, await owner.syncToken(id));
    raw.send(message(id, 99));
    expect(await raw.until(() => raw.closes.length === 2)).toBe(true);
    expect(raw.closes[1]).toBe('Malformed message: unknown message type 99');

    await raw.auth(id, await owner.syncToken(id));
    raw.send(syncUpdate(id, new Uint8Array([0, 1, 200, 200, 200, 200, 200, 7])));
    expect(await raw.until(() => raw.closes.length === 3)).toBe(true);
    expect(raw.closes[2]).toMatch(/^(Not a Yjs update|Malformed message)/);
    expect(t.rejected).toEqual(expect.arrayContaining(['awareness_too_large', 'malformed']));
  });

  it('paces a fast connection, and cuts off one that floods the server', async () => {
    const { owner, id } = await setUp({ RATE_CONNECTION_PER_SECOND: '2' });
    const raw = await RawClient.open(wsUrl());
    await raw.auth(id, await owner.syncToken(id));
    // Over 30 seconds' worth of messages waiting: a flood, not a fast sender.
    for (let i = 0; i < 80; i++) raw.send(message(id, MSG.QueryAwareness));
    expect(await raw.until(() => raw.closes.length > 0)).toBe(true);
    expect(raw.closes[0]).toBe('Too many messages: slow down and reconnect');
    expect(t.rejected).toContain('rate_limited');
  });
});

describe('per-user rate limit', () => {
  it("counts all of a user's connections together", async () => {
    const { owner, id } = await setUp({ RATE_CONNECTION_PER_SECOND: '1000', RATE_USER_PER_SECOND: '4' });
    const clients = [await RawClient.open(wsUrl()), await RawClient.open(wsUrl()), await RawClient.open(wsUrl())];
    for (const c of clients) await c.auth(id, await owner.syncToken(id));
    // 3 connections × 50 messages: each far under its own limit, together over 30 seconds of the user's rate.
    for (let i = 0; i < 50; i++) for (const c of clients) c.send(message(id, MSG.QueryAwareness));
    const refused = await Promise.all(clients.map((c) => c.until(() => c.closes.length > 0, 2_000)));
    expect(refused.some(Boolean)).toBe(true);
    expect(clients.flatMap((c) => c.closes)).toContain('Too many messages: slow down and reconnect');
  });
});

describe('web security', () => {
  it('refuses a WebSocket upgrade from another origin', async () => {
    await setUp();
    await expect(RawClient.open(wsUrl(), 'https://evil.example')).rejects.toThrow(/403/);
    const ok = await RawClient.open(wsUrl(), t.base);
    ok.close();
  });

  it('sends security headers with a Content-Security-Policy that allows no inline script', async () => {
    await setUp();
    const res = await fetch(`${t.base}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toBe("'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('operations', () => {
  it('answers /healthz and /readyz, and counts rejected updates by reason in /metrics', async () => {
    const { owner, id } = await setUp();
    expect(await (await fetch(`${t.base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${t.base}/readyz`)).json()).toEqual({ status: 'ready' });
    const viewer = await new ApiClient(t.base).signUp('viewer@desk.example', 'Vi');
    await owner.request('PUT', `/api/documents/${id}/members`, { email: 'viewer@desk.example', role: 'viewer' });
    const conn = await t.connect(id, await viewer.syncToken(id));
    await attempt(conn, (doc) => ((articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'no'));
    const edit = await t.connect(id, await owner.syncToken(id));
    await attempt(edit, (doc) => ((articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'yes '));
    const metrics = await (await fetch(`${t.base}/metrics`)).text();
    expect(metrics).toContain('factmark_rejected_updates_total{reason="read_only"} 1');
    expect(metrics).toMatch(/factmark_updates_total [1-9]/);
    expect(metrics).toMatch(/factmark_connections [1-9]/);
    expect(metrics).toContain('factmark_documents_loaded 1');
    expect(metrics).toContain('factmark_storage_write_seconds_count');
  });
});

describe('connections and accounts', () => {
  it('closes a socket that does not authenticate within AUTH_TIMEOUT_MS, and one that sends too much first', async () => {
    const { owner, id } = await setUp({ AUTH_TIMEOUT_MS: '300', MAX_UNAUTHENTICATED_BYTES: '1024' });
    const idle = await RawClient.open(wsUrl());
    expect(await idle.until(() => idle.socketClosed !== null, 2_000)).toBe(true);
    expect(idle.socketClosed).toEqual([4401, 'Signing in to the document took too long']);
    const chatty = await RawClient.open(wsUrl());
    for (let i = 0; i < 10; i++)
      chatty.send(message(id, MSG.QueryAwareness, (e) => encoding.writeVarString(e, 'x'.repeat(200))));
    expect(await chatty.until(() => chatty.socketClosed !== null, 2_000)).toBe(true);
    expect(chatty.socketClosed).toEqual([4413, 'Too much data before signing in']);
    // A socket that signs in in time stays open past the timeout.
    const ok = await RawClient.open(wsUrl());
    await ok.auth(id, await owner.syncToken(id));
    await new Promise((r) => setTimeout(r, 600));
    expect(ok.open).toBe(true);
    ok.close();
  });

  it('limits sign-in attempts per account and per address, with 429 and Retry-After', async () => {
    await setUp({ RATE_SIGNIN_FAILURES_PER_ACCOUNT: '3', RATE_AUTH_PER_ADDRESS_PER_MINUTE: '12' });
    const guesser = new ApiClient(t.base);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await guesser.request('POST', '/api/auth/signin', { email: 'owner@desk.example', password: `guess${i}guess` }))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const locked = await fetch(`${t.base}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@desk.example', password: 'whatever-it-is' }),
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toMatch(
      /^Too many attempts: try again in \d+ seconds$/,
    );
    // Another account from the same address: counted against the address (12 a minute; 6 used by now).
    const more: number[] = [];
    for (let i = 0; i < 8; i++) {
      more.push(
        (
          await guesser.request('POST', '/api/auth/signup', {
            email: `n${i}@desk.example`,
            name: 'N',
            password: 'long enough pass',
          })
        ).status,
      );
    }
    expect(more.slice(0, 6)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(more.slice(6)).toEqual([429, 429]);
  });

  it('serves /metrics only with the bearer token when METRICS_TOKEN is set', async () => {
    await setUp({ METRICS_TOKEN: 'scrape-secret' });
    expect((await fetch(`${t.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(`${t.base}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('factmark_gate_seconds_count');
  });
});
