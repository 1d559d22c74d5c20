import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.ts';
import { ApiClient, TestServer } from './test-support/harness.ts';
import { hypothesisExport } from './test-support/hypothesis.ts';
import { startSourceSite } from './test-support/source-fixtures.ts';

let dir: string;
let out = '';
let err = '';

/** Run `factmark` with `args` against the temporary data directory; its exit code, output and errors. */
async function factmark(...args: string[]) {
  out = '';
  err = '';
  const code = await main(['--data', dir, ...args]);
  return { code, out, err };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'factmark-cli-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const ARTICLE_MD = `# Varnia begins naval drills

PORT MERIDAN, 14 March (Nordwire) — More than 50,000 soldiers and 140 aircraft are taking part, the ministry said on Monday.

The defense budget rose to **4.2 billion crowns**.
`;

const HYPOTHESIS = hypothesisExport([
  {
    id: 'h1',
    user: 'dana',
    text: 'The briefing said 35,000.',
    tags: ['claim'],
    exact: 'More than 50,000 soldiers and 140 aircraft',
  },
  { id: 'h2', user: 'emil', text: 'Cut from the article.', exact: 'the navy held a parade in the capital' },
]);

describe('the factmark command line, on a data directory', () => {
  it('has --help for every command', async () => {
    for (const command of ['', 'list', 'import-article', 'import-annotations', 'revise', 'export']) {
      const res = await factmark(...(command ? [command] : []), '--help');
      expect(res.code, command).toBe(0);
      expect(res.out).toContain(`Usage: factmark${command ? ` ${command}` : ''}`);
    }
  });

  it('imports an article and annotations, revises it, lists it and exports every format', async () => {
    const created = await factmark('import-article', file('drills.md', ARTICLE_MD));
    expect(created.code).toBe(0);
    const id = created.out.split(/\s+/)[0] as string;
    expect(created.out).toContain('Varnia begins naval drills');
    expect((await factmark('list')).out).toContain(`${id}  `);

    const imported = await factmark('import-annotations', id, file('hyp.json', HYPOTHESIS));
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/anchored exactly\s+1/);
    expect(imported.out).toMatch(/orphaned \(kept\)\s+1/);
    expect(imported.out).toContain('h2: "the navy held a parade in the capital": quote not found');

    const w3c = await factmark('export', id, '--format', 'w3c', '--article-url', 'https://nordwire.example/a');
    expect(w3c.code).toBe(0);
    // The anchored claim and the orphan (an export loses nothing).
    expect(JSON.parse(w3c.out)).toMatchObject({ type: 'AnnotationCollection', total: 2 });

    const refused = await factmark('export', id, '--format', 'claimreview');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Not ready to publish');
    expect(refused.err).toContain('the claim “More than 50,000 soldiers and 140 aircraft” has no verdict');
    expect((await factmark('export', id, '--format', 'claimreview', '--force')).code).toBe(0);

    const output = join(dir, 'report.html');
    expect((await factmark('export', id, '--format', 'report-html', '-o', output)).code).toBe(0);
    expect(readFileSync(output, 'utf8')).toContain('>Claim 1: More than 50,000 soldiers and 140 aircraft</h2>');
    expect((await factmark('export', id, '--format', 'corrected-md')).out).toContain('**4.2 billion crowns**');

    const revised = await factmark('revise', id, file('v2.md', ARTICLE_MD.replace('50,000', '35,000')));
    expect(revised.code).toBe(0);
    expect(revised.out).toMatch(/changed\s+1/);
    expect(revised.out).toContain(
      '"More than 50,000 soldiers and 140 aircraft" → "More than 35,000 soldiers and 140 aircraft"',
    );
    // The round trip into a second document with the same text.
    const second = (
      await factmark('import-article', file('copy.md', ARTICLE_MD.replace('50,000', '35,000')))
    ).out.split(/\s+/)[0] as string;
    const again = await factmark('export', id, '--format', 'w3c');
    const back = await factmark('import-annotations', second, file('w3c.json', again.out));
    expect(back.out).toMatch(/anchored exactly\s+1/);
  });

  it('fails with a clear message and a non-zero exit code on bad input', async () => {
    const missing = await factmark('import-article', join(dir, 'nope.md'));
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining('Cannot read') });
    const pdf = await factmark('import-article', file('scan.pdf', '%PDF'));
    expect(pdf).toMatchObject({ code: 1, err: expect.stringContaining('is not an .html, .txt or .md file') });
    const id = (await factmark('import-article', file('a.txt', 'Title\n\nBody text.'))).out.split(/\s+/)[0] as string;
    expect((await factmark('export', id, '--format', 'pdf')).code).toBe(2);
    expect(await factmark('export', 'AAAAAAAAAAAA', '--format', 'w3c')).toMatchObject({
      code: 1,
      err: expect.stringContaining('There is no document'),
    });
    expect((await factmark('export', 'bad id', '--format', 'w3c')).code).toBe(2);
    expect(await factmark('import-annotations', id, file('x.json', '{not json'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('is not JSON'),
    });
    expect(await factmark('import-annotations', id, file('y.json', '{"a": 1}'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('Cannot tell the format'),
    });
    expect((await factmark('frobnicate')).code).toBe(2);
  });
});

describe('the factmark command line, against a running server', () => {
  it('lists and exports as a signed-in user, and says why when signing in fails', async () => {
    const t = await new TestServer().start();
    try {
      const admin = await new ApiClient(t.base).signUp('admin@desk.example', 'Ada', t.setupToken ?? undefined);
      const id = await admin.firstDocumentId();
      const remote = (...args: string[]) => {
        out = '';
        err = '';
        return main([
          '--server',
          t.base,
          '--email',
          'admin@desk.example',
          '--password',
          'correct horse battery',
          ...args,
        ]);
      };
      expect(await remote('list')).toBe(0);
      expect(out).toContain(id);
      expect(await remote('import-annotations', id, file('hyp.json', HYPOTHESIS))).toBe(0);
      expect(out).toMatch(/anchored exactly\s+1/);
      expect(await remote('export', id, '--format', 'report-md')).toBe(0);
      expect(out).toContain('## Claim 1: More than 50,000 soldiers and 140 aircraft');
      expect(await remote('export', id, '--format', 'claimreview')).toBe(1);
      expect(err).toContain('the claim “More than 50,000 soldiers and 140 aircraft” has no verdict');
      out = '';
      err = '';
      expect(await main(['--server', t.base, '--email', 'admin@desk.example', '--password', 'wrong', 'list'])).toBe(1);
      expect(err).toMatch(/factmark: .+/);

      // With a personal access token instead of a password (--token, or FACTMARK_TOKEN): a read token lists and
      // exports, but cannot import annotations (an edit token can); a revoked one is refused in words.
      const made = async (scopes: string[]) =>
        (await admin.request('POST', '/api/tokens', { name: 'cli', scopes })).body as {
          token: string;
          accessToken: { id: string };
        };
      const reader = await made(['read']);
      out = '';
      expect(await main(['--server', t.base, '--token', reader.token, 'list'])).toBe(0);
      expect(out).toContain(id);
      err = '';
      expect(
        await main([
          '--server',
          t.base,
          '--token',
          reader.token,
          'import-annotations',
          id,
          file('hyp.json', HYPOTHESIS),
        ]),
      ).toBe(1);
      expect(err).toMatch(/role/);
      vi.stubEnv('FACTMARK_TOKEN', (await made(['edit'])).token);
      expect(await main(['--server', t.base, 'import-annotations', id, file('hyp.json', HYPOTHESIS)])).toBe(0);
      vi.unstubAllEnvs();
      await admin.request('DELETE', `/api/tokens/${reader.accessToken.id}`);
      err = '';
      expect(await main(['--server', t.base, '--token', reader.token, 'list'])).toBe(1);
      expect(err).toContain('This access token is not valid: it may be revoked or expired');
    } finally {
      await t.dispose();
    }
  });

  it('captures a page as the server would and verifies an excerpt, or says why not with exit code 1', async () => {
    const site = await startSourceSite();
    const url = `${site.base}/r/1`;
    try {
      // Loopback is refused like any private address until SOURCE_FETCH_ALLOW allows it.
      const refused = await factmark('capture', url);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/was not captured: 127\.0\.0\.1:\d+ is a private or local address/);
      vi.stubEnv('SOURCE_FETCH_ALLOW', '127.0.0.1/32');
      const text = await factmark(
        'capture',
        url,
        '--excerpt',
        'More than 50,000 soldiers and 150 aircraft will take part',
      );
      expect(text.code).toBe(0);
      expect(text.out).toContain('Title:       Army announces large-scale drills');
      expect(text.out).toContain(`Final URL:   ${site.base}/news/drills (after 3 redirects)`);
      expect(text.out).toContain('Status:      200 OK');
      expect(text.out).toMatch(/Hash: {8}sha256:[0-9a-f]{64}/);
      expect(text.out).toMatch(/Excerpt: {5}found approximately \(similarity 0\.9\d\d\)/);
      expect(text.out).toContain('the excerpt says “150”, the source “140”');
      const json = await factmark('capture', url, '--json', '--excerpt', 'the Defense Ministry said on Monday');
      const parsed = JSON.parse(json.out);
      expect(parsed).toMatchObject({
        status: 200,
        title: 'Army announces large-scale drills',
        excerpt: { verdict: 'found' },
      });
      expect(parsed.redirects).toHaveLength(3);
      const missing = await factmark('capture', `${site.base}/missing`);
      expect(missing.code).toBe(1);
      expect(missing.err).toContain('was not captured: The page answered 404 Not Found');
      vi.stubEnv('SOURCE_MAX_BYTES', '1000');
      expect((await factmark('capture', `${site.base}/huge`)).err).toMatch(/sent more than 1000 bytes/);
    } finally {
      vi.unstubAllEnvs();
      await site.close();
    }
  });

  it('lists the hints of an article file with their offsets, reasons, statements and corrections', async () => {
    const article = file(
      'wire.txt',
      'Drills begin\n\nMore than 50,000 soldiers take part, the Defense Ministry said on Monday. They repelled malicious or malicious attacks.',
    );
    const text = await factmark('hints', article);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe('2 possible claims, 1 possible translation slip');
    // Offsets as the anchoring engine counts them: the title, one line break, then the paragraph.
    expect(text.out).toContain(
      '13–38       Number                “More than 50,000 soldiers” — number with what it counts',
    );
    expect(text.out).toContain('statement: More than 50,000 soldiers take part, the Defense Ministry said on Monday.');
    expect(text.out).toContain('correct “malicious or malicious” to “malicious”');
    const json = JSON.parse((await factmark('hints', article, '--json')).out);
    expect(json.hints.map((h: { kind: string }) => h.kind)).toEqual(['numeric', 'attribution', 'doubled']);
    expect(json.hints[2]).toMatchObject({
      group: 'slip',
      text: 'malicious or malicious',
      correction: { text: 'malicious' },
    });
    expect((await factmark('hints', file('empty.pdf', 'x'))).code).not.toBe(0);
  });
});
