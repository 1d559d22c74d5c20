/**
 * The built app as the server sends it: a file's Brotli or gzip copy to a browser that takes it (its bytes, decoded,
 * the file's), the file itself to one that does not; files named by their content kept for a year, the rest asked
 * again each time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../test-support/harness.ts';

const t = new TestServer();
const bundle = Buffer.from('export const claim = "more than 50,000 soldiers and 140 aircraft";\n'.repeat(200));
const boot = Buffer.from('window.factmarkBoot = "the ministry said on Monday";\n'.repeat(40));
const page = Buffer.from('<!doctype html><title>Factmark</title><div id="root"></div>');

beforeAll(async () => {
  const web = join(t.dataDir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), page);
  writeFileSync(join(web, 'assets/index-AbCd1234.js'), bundle);
  writeFileSync(join(web, 'assets/index-AbCd1234.js.br'), brotliCompressSync(bundle));
  writeFileSync(join(web, 'assets/index-AbCd1234.js.gz'), gzipSync(bundle));
  // A file the build did not compress (a build from before): sent as it is, whatever the browser takes.
  writeFileSync(join(web, 'assets/plain-Ef567890.js'), bundle);
  writeFileSync(join(web, 'boot.js'), boot);
  writeFileSync(join(web, 'boot.js.br'), brotliCompressSync(boot));
  await t.start({ WEB_DIST: web });
});
afterAll(() => t.dispose());

/** GET `path` with `accept-encoding`, the body as sent (not decoded, as Node's fetch would). */
function get(path: string, encodings: string | null) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${t.base}${path}`, { headers: encodings ? { 'accept-encoding': encodings } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the built app', () => {
  it('is sent in Brotli or gzip to a browser that takes it, as it is to one that does not, the same bytes decoded', async () => {
    const br = await get('/assets/index-AbCd1234.js', 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.body.length).toBeLessThan(bundle.length / 10);
    expect(brotliDecompressSync(br.body).equals(bundle)).toBe(true);

    const gz = await get('/assets/index-AbCd1234.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(bundle)).toBe(true);

    for (const encodings of [null, 'identity', 'br;q=0, gzip;q=0']) {
      const plain = await get('/assets/index-AbCd1234.js', encodings);
      expect(plain.headers['content-encoding'], String(encodings)).toBeUndefined();
      expect(plain.body.equals(bundle), String(encodings)).toBe(true);
    }
    const uncompressed = await get('/assets/plain-Ef567890.js', 'br');
    expect(uncompressed.headers['content-encoding']).toBeUndefined();
    expect(uncompressed.body.equals(bundle)).toBe(true);
  });

  it('keeps files named by their content a year, and has the page and the boot script asked for again each time', async () => {
    for (const encodings of ['br', null]) {
      const hashed = await get('/assets/index-AbCd1234.js', encodings);
      expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(hashed.headers.vary).toMatch(/accept-encoding/i);
    }
    const bootScript = await get('/boot.js', 'br');
    expect(bootScript.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(bootScript.body).equals(boot)).toBe(true);
    expect(bootScript.headers['cache-control']).toBe('no-cache');
    for (const path of ['/', '/d/AbCdEfGhIjKl', '/index.html']) {
      const shell = await get(path, 'br');
      expect(shell.status, path).toBe(200);
      expect(shell.body.equals(page), path).toBe(true);
      expect(shell.headers['cache-control'], path).toBe('no-cache');
    }
  });
});
