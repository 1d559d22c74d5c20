/**
 * docs/integrations.md's worked example, run as written: the script is taken from the page, run with an access
 * token against a live server, and it files its article and claims; two colleagues then publish one claim in the
 * editor (a verdict, a second check, *published*) and the script must print it and stop.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotationBodies } from '@factmark/collab';
import { readCheck } from '@factmark/interop';
import { afterAll, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ApiClient, attempt, TestServer } from '../test-support/harness.ts';
import { freePort } from '../test-support/process.ts';

const page = readFileSync(new URL('../../../../docs/integrations.md', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'factmark-example-'));
let t: TestServer | undefined;
afterAll(async () => {
  await t?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it('files an article with claims through the API and hears “claim published” — the script on the page, as written', async () => {
  const script = /<!-- example: file-and-listen\.mjs -->\n```js\n([\s\S]*?)\n```/.exec(page)?.[1];
  expect(script, 'the worked example in docs/integrations.md').toBeDefined();
  writeFileSync(join(dir, 'file-and-listen.mjs'), script as string);

  t = await new TestServer().start({ SOURCE_FETCH_ALLOW: '127.0.0.1', WEBHOOK_RETRY_MS: '100' });
  const ana = await new ApiClient(t.base).signUp('ana@cms.example', 'Ana', t.setupToken ?? undefined);
  const ben = await new ApiClient(t.base).signUp('ben@cms.example', 'Ben');
  const token = (
    (await ana.request('POST', '/api/tokens', { name: 'The CMS', scopes: ['admin'] })).body as { token: string }
  ).token;
  const port = await freePort();
  const child = spawn(process.execPath, [join(dir, 'file-and-listen.mjs')], {
    env: {
      ...process.env,
      FACTMARK_URL: t.base,
      FACTMARK_TOKEN: token,
      RECEIVER_PORT: String(port),
      RECEIVER_HOST: '127.0.0.1',
      RECEIVER_URL: `http://127.0.0.1:${port}/factmark`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(/waiting for the desk/);
    const [, id, claims] = /Filed (\S+) with (\d+) claims/.exec(out) ?? [];
    expect(claims).toBe('2');
    // The claims carry their origin: filed with the token.
    await ana.request('PUT', `/api/documents/${id}/members`, { email: 'ben@cms.example', role: 'editor' });
    const a = await t.connect(id as string, await ana.syncToken(id as string));
    const b = await t.connect(id as string, await ben.syncToken(id as string));
    const claim = readCheck(a.doc).spans.find((s) => s.kind === 'claim' && s.text.startsWith('More than 50,000'));
    expect(claim?.body).toMatchObject({ filedVia: { token: 'The CMS' } });
    const set = (conn: typeof a, fields: Record<string, unknown>) =>
      attempt(conn, (doc: Y.Doc) => {
        const map = annotationBodies(doc).get(claim?.id as string) as Y.Map<unknown>;
        for (const [k, v] of Object.entries(fields)) map.set(k, v);
      });
    const now = () => new Date().toISOString();
    const anaActor = { id: ana.userId, name: 'Ana' };
    expect(await set(a, { verdict: 'false', verdictBy: anaActor, verdictAt: now(), status: 'in_review' })).toBe(
      'acked',
    );
    expect(
      await set(b, { status: 'checked', checkedBy: { id: ben.userId, name: 'Ben', at: now(), verdict: 'false' } }),
    ).toBe('acked');
    expect(out).not.toMatch(/Published/);
    expect(await set(b, { status: 'published' })).toBe('acked');
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))])).toBe(0);
    expect(out).toMatch(
      new RegExp(
        `Published: “More than 50,000 soldiers and 140 aircraft take part” — false, by Ben\\. ${t.base}/d/${id}#annotation=`,
      ),
    );
  } finally {
    child.kill();
  }
}, 60_000);
