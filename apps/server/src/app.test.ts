import { articleFragment, readArticle, readTitle } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { DEMO_TITLE, demoArticle } from './documents/demo-article.ts';
import { ApiClient, attempt, TestServer } from './test-support/harness.ts';

let t: TestServer;
let admin: ApiClient;

beforeEach(async () => {
  t = await new TestServer().start();
  admin = await new ApiClient(t.base).signUp('admin@desk.example', 'Ada', t.setupToken ?? undefined);
});

afterEach(async () => {
  await t.dispose();
});

async function demoId(client: ApiClient): Promise<string> {
  const res = await client.request('GET', '/api/documents');
  const { documents } = res.body as { documents: { id: string; title: string }[] };
  expect(documents).toHaveLength(1);
  return documents[0]!.id;
}

describe('accounts', () => {
  it('prints a one-time setup link on first start; the first administrator owns the demo document', async () => {
    expect(await t.server.auth.setupToken()).toBeNull();
    const again = await new ApiClient(t.base).request('POST', '/api/auth/setup', {
      token: 'anything',
      email: 'x@desk.example',
      name: 'X',
      password: 'correct horse battery',
    });
    expect(again.status).toBe(403);
    expect((await admin.request('GET', '/api/auth/me')).body).toMatchObject({
      user: { email: 'admin@desk.example', isAdmin: true },
    });
    const id = await demoId(admin);
    expect((await admin.request('GET', `/api/documents/${id}`)).body).toMatchObject({
      role: 'owner',
      document: { title: DEMO_TITLE },
    });
  });

  it('signs up, signs out (ending the session), signs in, and refuses a wrong password without saying which part was wrong', async () => {
    const bea = await new ApiClient(t.base).signUp('bea@desk.example', 'Bea');
    expect((await bea.request('GET', '/api/documents')).body).toEqual({ documents: [] });
    const cookieClient = bea;
    expect((await cookieClient.request('POST', '/api/auth/signout')).status).toBe(204);
    expect((await cookieClient.request('GET', '/api/auth/me')).status).toBe(401);
    const wrong = await new ApiClient(t.base).request('POST', '/api/auth/signin', {
      email: 'bea@desk.example',
      password: 'nope nope nope',
    });
    expect(wrong).toMatchObject({
      status: 401,
      body: { error: { code: 'bad_credentials', message: 'Wrong email or password' } },
    });
    const right = await new ApiClient(t.base).request('POST', '/api/auth/signin', {
      email: 'BEA@desk.example',
      password: 'correct horse battery',
    });
    expect(right.status).toBe(200);
    const dup = await new ApiClient(t.base).request('POST', '/api/auth/signup', {
      email: 'bea@desk.example',
      name: 'Bea 2',
      password: 'correct horse battery',
    });
    expect(dup.status).toBe(409);
    const weak = await new ApiClient(t.base).request('POST', '/api/auth/signup', {
      email: 'c@desk.example',
      name: 'C',
      password: 'short',
    });
    expect(weak).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
  });

  it('requires the CSRF token on changes, and refuses cross-site sign-in', async () => {
    const noCsrf = await admin.request(
      'POST',
      '/api/documents',
      { article: articleFromText('T\n\nB').toJSON() },
      { 'x-csrf-token': 'wrong' },
    );
    expect(noCsrf).toMatchObject({ status: 403, body: { error: { code: 'csrf' } } });
    const cross = await new ApiClient(t.base).request(
      'POST',
      '/api/auth/signin',
      { email: 'admin@desk.example', password: 'correct horse battery' },
      { origin: 'https://evil.example' },
    );
    expect(cross).toMatchObject({ status: 403, body: { error: { code: 'bad_origin' } } });
    expect((await new ApiClient(t.base).request('GET', '/api/documents')).status).toBe(401);
  });
});

describe('documents', () => {
  it('creates a document from ProseMirror JSON, owned by its creator, and refuses one that does not fit the schema', async () => {
    const ok = await admin.request('POST', '/api/documents', {
      article: articleFromText('A title\n\nSome body text.').toJSON(),
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ document: { title: 'A title' }, role: 'owner' });
    const bad = await admin.request('POST', '/api/documents', {
      article: { type: 'doc', content: [{ type: 'paragraph' }] },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_article' } } });
    const missing = await admin.request('POST', '/api/documents', { title: 5 });
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
    expect((await admin.request('GET', '/api/documents/AAAAAAAAAAAA')).status).toBe(404);
  });
});

describe('renaming', () => {
  it('changes the title node live for connected clients and in the list, keeps it across a restart, and checks roles', async () => {
    const id = await demoId(admin);
    const live = await t.connect(id, await admin.syncToken(id));
    const bodyBefore = readArticle(live.doc).child(1);
    const renamed = new Promise<void>((resolve) =>
      articleFragment(live.doc).observeDeep(() => readTitle(live.doc) === 'Varnia drills: checked' && resolve()),
    );
    const res = await admin.request('PATCH', `/api/documents/${id}`, { title: '  Varnia   drills: checked ' });
    expect(res).toMatchObject({ status: 200, body: { document: { id, title: 'Varnia drills: checked' } } });
    await renamed;
    expect(readArticle(live.doc).child(1).eq(bodyBefore)).toBe(true);
    expect((await admin.request('PATCH', `/api/documents/${id}`, { title: '   ' })).status).toBe(400);

    const viewer = await new ApiClient(t.base).signUp('vic@desk.example', 'Vic');
    await admin.request('PUT', `/api/documents/${id}/members`, { email: 'vic@desk.example', role: 'commenter' });
    expect((await viewer.request('PATCH', `/api/documents/${id}`, { title: 'Mine now' })).status).toBe(403);
    await t.stop();
    await t.start();
    const list = (await admin.request('GET', '/api/documents')).body as { documents: { title: string }[] };
    expect(list.documents[0]?.title).toBe('Varnia drills: checked');
    const again = await t.connect(id, await admin.syncToken(id));
    expect(readTitle(again.doc)).toBe('Varnia drills: checked');
  });
});

describe('Yjs sync', () => {
  it('serves the stored article, relays edits between clients and keeps them across a restart', async () => {
    const id = await demoId(admin);
    const a = await t.connect(id, await admin.syncToken(id));
    const b = await t.connect(id, await admin.syncToken(id));
    expect(readArticle(a.doc).eq(demoArticle())).toBe(true);
    const received = new Promise<void>((resolve) => articleFragment(b.doc).observeDeep(() => resolve()));
    expect(
      await attempt(a, () => {
        const title = articleFragment(a.doc).get(0) as Y.XmlElement;
        (title.get(0) as Y.XmlText).insert(0, 'UPDATED: ');
      }),
    ).toBe('acked');
    await received;
    expect(readTitle(b.doc)).toBe(`UPDATED: ${DEMO_TITLE}`);
    await t.stop();
    await t.start();
    const c = await t.connect(id, await admin.syncToken(id));
    expect(readTitle(c.doc)).toBe(`UPDATED: ${DEMO_TITLE}`);
    const list = (await admin.request('GET', '/api/documents')).body as { documents: { title: string }[] };
    expect(list.documents[0]?.title).toBe(`UPDATED: ${DEMO_TITLE}`);
  });

  it('refuses a connection without a valid token for that document', async () => {
    const id = await demoId(admin);
    await expect(t.connect(id, 'forged.token')).rejects.toThrow();
    const other = await admin.request('POST', '/api/documents', { article: articleFromText('T\n\nB').toJSON() });
    const otherId = (other.body as { document: { id: string } }).document.id;
    await expect(t.connect(id, await admin.syncToken(otherId))).rejects.toThrow();
  });
});
