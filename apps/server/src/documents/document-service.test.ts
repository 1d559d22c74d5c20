import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../cli.ts';
import { ApiClient, TestServer } from '../test-support/harness.ts';
import { hypothesisExport } from '../test-support/hypothesis.ts';
import { DocumentService } from './document-service.ts';

const ARTICLE = `# Varnia begins naval drills

PORT MERIDAN, 14 March (Nordwire) — More than 50,000 soldiers and 140 aircraft are taking part, the ministry said on Monday.

Officials warned of malicious or malicious cyber operations, according to the Defense Ministry. Russian.
`;

const REVISION = `# Varnia begins naval drills

PORT MERIDAN, 14 March (Nordwire) — More than 50,000 soldiers and 120 aircraft are taking part, the ministry said on Monday.

Officials warned of malicious cyber operations, according to the Defense Ministry.
`;

const ANNOTATIONS = hypothesisExport([
  {
    id: 'h1',
    user: 'dana',
    text: 'The briefing said 35,000.',
    tags: ['claim'],
    exact: 'More than 50,000 soldiers and 140 aircraft',
  },
  { id: 'h2', user: 'emil', text: 'A doubled word from the translation.', exact: 'malicious or malicious' },
]);

let server: TestServer;
let dir: string;
let out = '';

beforeAll(async () => {
  server = await new TestServer().start();
  await new ApiClient(server.base).signUp('admin@desk.example', 'Admin', server.setupToken ?? undefined);
  dir = mkdtempSync(join(tmpdir(), 'factmark-service-'));
  for (const [name, text] of [
    ['article.md', ARTICLE],
    ['revision.md', REVISION],
    ['annotations.json', ANNOTATIONS],
  ])
    writeFileSync(join(dir, name as string), text as string);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server?.dispose();
});

/** Run `factmark` with the mode's global options; its standard output (failing the test on a non-zero exit). */
async function factmark(mode: string[], ...args: string[]): Promise<string> {
  out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await main([...mode, ...args]);
  write.mockRestore();
  stderr.mockRestore();
  expect(code, `factmark ${args.join(' ')}`).toBe(0);
  return out;
}

/** One import → revise → export through a mode; what each step printed, and which service functions ran. */
async function journey(mode: string[]) {
  const calls: string[] = [];
  const spies = (['create', 'importAnnotations', 'revise', 'export'] as const).map((name) => {
    const original = DocumentService.prototype[name] as (...args: unknown[]) => unknown;
    return vi.spyOn(DocumentService.prototype, name).mockImplementation(function (
      this: DocumentService,
      ...args: unknown[]
    ) {
      calls.push(name);
      return original.apply(this, args) as never;
    });
  });
  const id = (await factmark(mode, 'import-article', join(dir, 'article.md'))).split(/\s+/)[0] as string;
  const imported = await factmark(mode, 'import-annotations', id, join(dir, 'annotations.json'));
  const revised = await factmark(mode, 'revise', id, join(dir, 'revision.md'));
  const corrected = await factmark(mode, 'export', id, '--format', 'corrected-md');
  const report = await factmark(mode, 'export', id, '--format', 'report-md');
  for (const spy of spies) spy.mockRestore();
  return { imported, revised, corrected, report, calls };
}

describe('the document service, shared by the command line and the API', () => {
  it('gives the same import, revision and export on a data directory as through the running server', async () => {
    const local = await journey(['--data', dir]);
    const remote = await journey([
      '--server',
      server.base,
      '--email',
      'admin@desk.example',
      '--password',
      'correct horse battery',
    ]);
    // Both ran the same service functions: the local mode in this process, the API in the test server (same process).
    expect(local.calls).toEqual(['create', 'importAnnotations', 'revise', 'export', 'export']);
    expect(remote.calls).toEqual(local.calls);
    expect(remote.imported).toBe(local.imported);
    expect(remote.revised).toBe(local.revised);
    expect(remote.corrected).toBe(local.corrected);
    // The report names who imported the annotations: the command line, or the signed-in person.
    const who = (text: string) => text.replaceAll('Factmark command line', 'IMPORTER').replaceAll('Admin', 'IMPORTER');
    expect(who(remote.report)).toBe(who(local.report));
    // And they are what the steps should give: the claim followed its changed words, the comment on the
    // removed slip is kept as an orphan.
    expect(local.imported).toMatch(/anchored exactly\s+2/);
    expect(local.revised).toMatch(
      /changed\s+1\n\s+claim "More than 50,000 soldiers and 140 aircraft" → "More than 50,000 soldiers and 120 aircraft"/,
    );
    expect(local.revised).toMatch(/orphaned\s+1\n\s+comment "malicious or malicious"/);
    expect(local.corrected).toContain('120 aircraft');
  });
});
