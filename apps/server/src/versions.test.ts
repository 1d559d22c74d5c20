import { articleFragment, readArticle } from '@factmark/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ApiClient, attempt, TestServer } from './test-support/harness.ts';

let t: TestServer;
let owner: ApiClient;
let commenter: ApiClient;
let id = '';

beforeAll(async () => {
  t = await new TestServer().start();
  owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  commenter = await new ApiClient(t.base).signUp('c@desk.example', 'C');
  id = await owner.firstDocumentId();
  await owner.request('PUT', `/api/documents/${id}/members`, { email: 'c@desk.example', role: 'commenter' });
});

afterAll(async () => {
  await t?.dispose();
});

const paragraph = (doc: Y.Doc) => (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;

describe('versions', () => {
  it('takes, lists, opens read-only, compares and restores a version, which collaborators receive live', async () => {
    const editor = await t.connect(id, await owner.syncToken(id));
    const watcher = await t.connect(id, await commenter.syncToken(id));
    const taken = await owner.request('POST', `/api/documents/${id}/versions`, { name: 'Before the edit' });
    expect(taken.status).toBe(201);
    const versionId = (taken.body as { version: { id: string } }).version.id;

    expect(await attempt(editor, (doc) => paragraph(doc).insert(0, 'EDITED AFTERWARDS. '))).toBe('acked');
    await new Promise((r) => setTimeout(r, 100));
    expect(readArticle(watcher.doc).textContent).toContain('EDITED AFTERWARDS.');

    const list = (await commenter.request('GET', `/api/documents/${id}/versions`)).body as {
      versions: { name: string }[];
    };
    expect(list.versions.map((v) => v.name)).toEqual(['Before the edit']);
    const opened = (await commenter.request('GET', `/api/documents/${id}/versions/${versionId}`)).body as {
      article: { content: unknown[] };
    };
    expect(JSON.stringify(opened.article)).not.toContain('EDITED AFTERWARDS');
    expect(JSON.stringify(opened.article)).toContain('PORT MERIDAN');
    const compared = (await commenter.request('GET', `/api/documents/${id}/versions/${versionId}/compare`)).body as {
      changes: { op: string; text: string }[];
    };
    expect(
      compared.changes
        .filter((c) => c.op === 'added')
        .map((c) => c.text)
        .join(''),
    ).toContain('EDITED AFTERWARDS.');
    expect(compared.changes.filter((c) => c.op === 'removed')).toEqual([]);

    // A commenter may look but not take or restore.
    expect((await commenter.request('POST', `/api/documents/${id}/versions`, { name: 'x' })).status).toBe(403);
    expect((await commenter.request('POST', `/api/documents/${id}/versions/${versionId}/restore`)).status).toBe(403);

    const changed = new Promise<void>((resolve) => {
      watcher.doc.on('update', () => {
        if (!readArticle(watcher.doc).textContent.includes('EDITED AFTERWARDS')) resolve();
      });
    });
    expect((await owner.request('POST', `/api/documents/${id}/versions/${versionId}/restore`)).status).toBe(200);
    await changed;
    expect(readArticle(editor.doc).textContent).not.toContain('EDITED AFTERWARDS');

    // The restore is stored like any change.
    await t.stop();
    await t.start();
    const again = await t.connect(id, await owner.syncToken(id));
    expect(readArticle(again.doc).textContent).not.toContain('EDITED AFTERWARDS');
    expect(readArticle(again.doc).textContent).toContain('PORT MERIDAN');
    expect((await owner.request('GET', `/api/documents/${id}/versions/nope`)).status).toBe(404);
  });
});
