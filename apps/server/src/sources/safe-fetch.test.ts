/**
 * The source fetcher against a fixture server on 127.0.0.1 (redirects, a 404, a slow and an oversized page), and
 * against private, link-local and metadata targets reached through an injected resolver and redirects: refused, and
 * no socket ever attempted to them (every connection attempt is recorded).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetchLimits, FetchRefused, safeFetch } from './safe-fetch.ts';

const PAGE =
  '<html><head><title>Ministry statement</title></head><body><p>More than 45,000 soldiers.</p></body></html>';

let server: Server;
let base = '';
let connections = 0;

/** Every address a socket of this process tried to connect to (Node's `connectionAttempt`), from sockets we make. */
const attempts: string[] = [];
const originalConnect = net.Socket.prototype.connect;

beforeAll(async () => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    this.on('connectionAttempt', (ip: string) => attempts.push(ip));
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/page') return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    if (path === '/hop1') return void res.writeHead(301, { location: '/hop2' }).end();
    if (path === '/hop2') return void res.writeHead(302, { location: `${base}/page` }).end();
    if (path === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (path === '/to-private') return void res.writeHead(302, { location: 'http://10.0.0.1/admin' }).end();
    if (path === '/to-metadata-name') return void res.writeHead(302, { location: 'http://metadata.test/' }).end();
    if (path === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (path === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 1_500);
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 40 && res.write(chunk)) sent++;
        if (sent < 40) res.once('drain', more);
        else res.end();
      };
      return void more();
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  net.Socket.prototype.connect = originalConnect;
  await new Promise((resolve) => server.close(resolve));
});

/** A resolver for names that point inside: the fetcher must refuse each before connecting. */
const inside: Record<string, [string, 4 | 6]> = {
  'intranet.test': ['10.0.0.1', 4],
  'metadata.test': ['169.254.169.254', 4],
  'ula.test': ['fd00::1', 6],
};
const resolver = ((hostname: string, options: { all?: boolean }, callback: (...a: unknown[]) => void) => {
  const found = inside[hostname];
  if (!found) return callback(Object.assign(new Error(`no such name ${hostname}`), { code: 'ENOTFOUND' }));
  if (options.all) return callback(null, [{ address: found[0], family: found[1] }]);
  return callback(null, found[0], found[1]);
}) as unknown as LookupFunction;

const limits = (over: Partial<FetchLimits> = {}): FetchLimits => ({
  maxBytes: 1_000_000,
  timeoutMs: 3_000,
  maxRedirects: 5,
  allow: ['127.0.0.1/32'],
  userAgent: 'Factmark source capture (test)',
  lookup: resolver,
  ...over,
});

async function refusal(url: string, over: Partial<FetchLimits> = {}): Promise<FetchRefused> {
  try {
    await safeFetch(url, limits(over));
  } catch (error) {
    if (error instanceof FetchRefused) return error;
    throw error;
  }
  throw new Error(`${url} was fetched`);
}

describe('fetching a source', () => {
  it('fetches a page with its type and body, and follows a redirect chain to its final address', async () => {
    const page = await safeFetch(`${base}/page`, limits());
    expect(page).toMatchObject({ status: 200, contentType: 'text/html', finalUrl: `${base}/page` });
    expect(page.body.toString()).toBe(PAGE);
    const moved = await safeFetch(`${base}/hop1`, limits());
    expect(moved.urls).toEqual([`${base}/hop1`, `${base}/hop2`, `${base}/page`]);
    expect(moved.body.toString()).toBe(PAGE);
  });

  it('returns a 404 as a status, and refuses a slow, an oversized and an endlessly redirecting page with reasons', async () => {
    expect(await safeFetch(`${base}/missing`, limits())).toMatchObject({ status: 404 });
    expect(await refusal(`${base}/slow`, { timeoutMs: 300 })).toMatchObject({ code: 'timeout' });
    const large = await refusal(`${base}/huge`, { maxBytes: 100_000 });
    expect(large).toMatchObject({ code: 'too_large' });
    expect(large.message).toContain('more than 100000 bytes');
    expect(await refusal(`${base}/loop`, { maxRedirects: 3 })).toMatchObject({ code: 'redirects' });
  });

  it('fetches only http and https, also after a redirect', async () => {
    expect(await refusal('file:///etc/passwd')).toMatchObject({ code: 'not_http' });
    expect(await refusal('javascript:alert(1)')).toMatchObject({ code: 'not_http' });
    expect(await refusal(`${base}/to-file`)).toMatchObject({ code: 'not_http' });
  });

  it('refuses loopback unless allowed, without connecting (tested for real on 127.0.0.1)', async () => {
    const before = connections;
    const refused = await refusal(`${base}/page`, { allow: [] });
    expect(refused.code).toBe('address');
    expect(refused.message).toContain('private or local address');
    expect(connections).toBe(before);
    expect((await safeFetch(`${base}/page`, limits({ allow: ['127.0.0.0/8'] }))).status).toBe(200);
  });

  it('refuses private, link-local and metadata targets — by address, by name, by redirect — and never connects to one', async () => {
    attempts.length = 0;
    const targets = [
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/',
      'http://intranet.test/',
      'http://metadata.test/',
      'http://ula.test/',
      `${base}/to-private`,
      `${base}/to-metadata-name`,
    ];
    for (const url of targets) expect(await refusal(url), url).toMatchObject({ code: 'address' });
    expect(attempts.filter((ip) => ip !== '127.0.0.1')).toEqual([]);
    // The recorder records: the redirects' first hops did connect to the fixture.
    expect(attempts).toContain('127.0.0.1');
  });
});
