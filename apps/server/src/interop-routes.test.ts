import { readArticle } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { readCheck } from '@factmark/interop';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderExport } from './documents/exports.ts';
import { ApiClient, TestServer } from './test-support/harness.ts';

let t: TestServer;
let admin: ApiClient;
let id: string;

const HYPOTHESIS = [
  {
    id: 'h1',
    user: 'acct:dana@hypothes.is',
    text: 'Is this the ministry figure?',
    tags: ['claim'],
    target: [
      { source: 'x', selector: [{ type: 'TextQuoteSelector', exact: 'More than 50,000 soldiers and 140 aircraft' }] },
    ],
  },
  {
    id: 'h2',
    user: 'acct:emil@hypothes.is',
    text: 'The briefing says 35,000.',
    references: ['h1'],
    target: [{ source: 'x' }],
  },
];

beforeEach(async () => {
  t = await new TestServer().start();
  admin = await new ApiClient(t.base).signUp('admin@desk.example', 'Ada', t.setupToken ?? undefined);
  id = await admin.firstDocumentId();
});

afterEach(async () => {
  await t.dispose();
});

describe('interoperability over HTTP', () => {
  it('imports Hypothesis annotations into the live document with a report, and exports them as W3C and a report', async () => {
    const live = await t.connect(id, await admin.syncToken(id));
    const res = await admin.request('POST', `/api/documents/${id}/annotations/import`, {
      format: 'hypothesis',
      data: HYPOTHESIS,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ report: { exact: [{ sourceId: 'h1', kind: 'claim' }], replies: 1 } });
    // Connected clients receive it at once.
    await expect.poll(() => readCheck(live.doc).spans.length).toBe(1);

    const w3c = await admin.text(
      `/api/documents/${id}/export?format=w3c&articleUrl=${encodeURIComponent('https://nordwire.example/a')}`,
    );
    expect(w3c.status).toBe(200);
    expect(w3c.contentType).toContain('application/ld+json');
    const collection = JSON.parse(w3c.text);
    expect(collection.first.items[0]).toMatchObject({
      motivation: 'assessing',
      target: { source: 'https://nordwire.example/a' },
    });
    const report = await admin.text(`/api/documents/${id}/export?format=report-md`);
    expect(report.text).toContain('## Claim 1: More than 50,000 soldiers and 140 aircraft');

    // A second document with the same text takes the W3C export back.
    const other = await admin.request('POST', '/api/documents', { article: readArticle(live.doc).toJSON() });
    const otherId = (other.body as { document: { id: string } }).document.id;
    const back = await admin.request('POST', `/api/documents/${otherId}/annotations/import`, {
      format: 'w3c',
      data: collection,
    });
    expect(back.body).toMatchObject({ report: { exact: [{ kind: 'claim' }], orphaned: [] } });
    const copy = await t.connect(otherId, await admin.syncToken(otherId));
    await expect
      .poll(() => readCheck(copy.doc).spans[0]?.body.thread.map((m) => m.text))
      .toEqual(['The briefing says 35,000.']);
    const md = await admin.text(`/api/documents/${otherId}/export?format=report-md`);
    expect(md.text).toContain('## Claim 1: More than 50,000 soldiers and 140 aircraft');
  });

  it('refuses an incomplete ClaimReview with the problems in words, and exports it when forced', async () => {
    await admin.request('POST', `/api/documents/${id}/annotations/import`, { format: 'hypothesis', data: HYPOTHESIS });
    const refused = await admin.request('GET', `/api/documents/${id}/export?format=claimreview`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: {
        code: 'not_ready',
        problems: expect.arrayContaining([
          'the claim “More than 50,000 soldiers and 140 aircraft” has no verdict',
          'the claim “More than 50,000 soldiers and 140 aircraft” has no source',
        ]),
      },
    });
    const forced = await admin.text(`/api/documents/${id}/export?format=claimreview&force=1`);
    expect(forced.status).toBe(200);
    expect(JSON.parse(forced.text)).toEqual([]);
    expect((await admin.request('GET', `/api/documents/${id}/export?format=pdf`)).status).toBe(400);
  });

  it("refuses an article URL that is not http or https, over HTTP and wherever an export is made (the CLI's way too)", async () => {
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'ftp://nordwire.example/a',
      'nordwire.example/a',
    ]) {
      for (const format of ['w3c', 'claimreview', 'corrected-html']) {
        const res = await admin.request(
          'GET',
          `/api/documents/${id}/export?format=${format}&force=1&articleUrl=${encodeURIComponent(bad)}`,
        );
        expect(res.status, `${format} ${bad}`).toBe(400);
        expect(JSON.stringify(res.body)).toContain('http or https');
      }
      await expect(
        renderExport(readCheck(new Y.Doc()), 'corrected-html', {
          documentUrl: 'http://127.0.0.1/d/x',
          articleUrl: bad,
        }),
      ).rejects.toThrow(/must be an http or https address/);
    }
    const good = await admin.text(
      `/api/documents/${id}/export?format=corrected-html&articleUrl=${encodeURIComponent('https://nordwire.example/a')}`,
    );
    expect(good.status).toBe(200);
    expect(good.text).toContain('https://nordwire.example/a');
  });

  it('brings in a revision: annotations re-anchored, the previous text kept as a version; roles checked', async () => {
    await admin.request('POST', `/api/documents/${id}/annotations/import`, { format: 'hypothesis', data: HYPOTHESIS });
    const live = await t.connect(id, await admin.syncToken(id));
    const text = readCheck(live.doc).text.text.replace('More than 50,000 soldiers', 'More than 35,000 soldiers');
    const revised = articleFromText(text.replace(/\n/g, '\n\n'));
    const res = await admin.request('POST', `/api/documents/${id}/revisions`, { article: revised.toJSON() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ report: { changed: [{ after: 'More than 35,000 soldiers and 140 aircraft' }] } });
    const versions = await admin.request('GET', `/api/documents/${id}/versions`);
    expect((versions.body as { versions: { name: string }[] }).versions[0]?.name).toMatch(/^Before the revision of /);
    await expect.poll(() => readCheck(live.doc).spans[0]?.text).toBe('More than 35,000 soldiers and 140 aircraft');

    const carla = await new ApiClient(t.base).signUp('carla@desk.example', 'Carla');
    await admin.request('PUT', `/api/documents/${id}/members`, { email: 'carla@desk.example', role: 'commenter' });
    expect((await carla.request('POST', `/api/documents/${id}/revisions`, { article: revised.toJSON() })).status).toBe(
      403,
    );
    // Importing is an editor's job (docs/roles.md): a commenter is refused like a viewer.
    const carlaImports = async () =>
      (
        await carla.request('POST', `/api/documents/${id}/annotations/import`, {
          format: 'hypothesis',
          data: HYPOTHESIS,
        })
      ).status;
    expect(await carlaImports()).toBe(403);
    await admin.request('PUT', `/api/documents/${id}/members`, { email: 'carla@desk.example', role: 'viewer' });
    expect(await carlaImports()).toBe(403);
    expect((await carla.text(`/api/documents/${id}/export?format=report-html`)).status).toBe(200);
    const bad = await admin.request('POST', `/api/documents/${id}/annotations/import`, {
      format: 'w3c',
      data: { nothing: 1 },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_annotations' } } });
  });
});
