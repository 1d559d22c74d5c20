import { annotationBodies, articleFragment, bodyToYMap, newClaimBody } from '@factmark/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ApiClient, attempt, TestServer } from './test-support/harness.ts';

let t: TestServer;
let owner: ApiClient;
let commenter: ApiClient;
let id = '';
const claim = 'auditedclaim0000';

beforeAll(async () => {
  t = await new TestServer().start();
  owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
  commenter = await new ApiClient(t.base).signUp('carla@desk.example', 'Carla');
  id = await owner.firstDocumentId();
  await owner.request('PUT', `/api/documents/${id}/members`, { email: 'carla@desk.example', role: 'commenter' });
});

afterAll(async () => {
  await t?.dispose();
});

const paragraph = (doc: Y.Doc) => (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;

describe('audit trail', () => {
  it("records who created an annotation and who changed its verdict — from the authenticated connection, at the server's time", async () => {
    const ownerConn = await t.connect(id, await owner.syncToken(id));
    const longAgo = new Date(Date.UTC(2020, 0, 1));
    // A body that names another author is refused: nobody writes in another's name.
    expect(
      await attempt(ownerConn, (doc) => {
        paragraph(doc).format(0, 4, { claim: { id: 'forgedclaim00000' } });
        const body = newClaimBody({
          id: 'forgedclaim00000',
          quote: 'PORT',
          author: { id: 'someone-else', name: 'Forged' },
          at: longAgo,
        });
        annotationBodies(doc).set('forgedclaim00000', bodyToYMap(body));
      }),
    ).toMatch(/^refused: The author of the claim on “PORT” must name you/);
    const ownerConn2 = await t.connect(id, await owner.syncToken(id));
    const started = Date.now();
    expect(
      await attempt(ownerConn2, (doc) => {
        paragraph(doc).format(0, 4, { claim: { id: 'ownersclaim00000' } });
        const body = newClaimBody({
          id: 'ownersclaim00000',
          quote: 'PORT',
          author: { id: owner.userId, name: 'Owner' },
          at: longAgo,
        });
        annotationBodies(doc).set('ownersclaim00000', bodyToYMap(body));
      }),
    ).toBe('acked');
    // The commenter marks a claim of their own, then judges it.
    const conn = await t.connect(id, await commenter.syncToken(id));
    const carla = { id: commenter.userId, name: 'Carla' };
    expect(
      await attempt(conn, (doc) => {
        paragraph(doc).format(5, 4, { 'claim--AAAAAAAA': { id: claim } });
        annotationBodies(doc).set(
          claim,
          bodyToYMap(newClaimBody({ id: claim, quote: 'text', author: carla, at: longAgo })),
        );
      }),
    ).toBe('acked');
    expect(
      await attempt(conn, (doc) => (annotationBodies(doc).get(claim) as Y.Map<unknown>).set('verdict', 'False')),
    ).toBe('acked');
    expect(
      await attempt(conn, (doc) => (annotationBodies(doc).get(claim) as Y.Map<unknown>).set('status', 'in_review')),
    ).toBe('acked');

    const all = (await owner.request('GET', `/api/documents/${id}/audit`)).body as {
      entries: { userId: string; action: string; details: unknown; at: string }[];
    };
    expect(all.entries.map((e) => [e.userId, e.action, e.details])).toEqual([
      [owner.userId, 'created', { kind: 'claim' }],
      [commenter.userId, 'created', { kind: 'claim' }],
      [commenter.userId, 'verdict', { from: null, to: 'False' }],
      [commenter.userId, 'status', { from: 'draft', to: 'in_review' }],
    ]);
    // The time of receipt, not the 2020 the bodies say.
    for (const e of all.entries) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(started - 1000);
    const byUser = (await owner.request('GET', `/api/documents/${id}/audit?user=${commenter.userId}`)).body as {
      entries: unknown[];
    };
    expect(byUser.entries).toHaveLength(3);
    const byAnnotation = (await commenter.request('GET', `/api/documents/${id}/audit?annotation=${claim}`)).body as {
      entries: unknown[];
    };
    expect(byAnnotation.entries).toHaveLength(3);
    expect(
      (
        await new ApiClient(t.base)
          .signUp('x@desk.example', 'X')
          .then((x) => x.request('GET', `/api/documents/${id}/audit`))
      ).status,
    ).toBe(404);
  });

  it('records nothing for a refused change', async () => {
    const viewer = await new ApiClient(t.base).signUp('vic@desk.example', 'Vic');
    await owner.request('PUT', `/api/documents/${id}/members`, { email: 'vic@desk.example', role: 'viewer' });
    const conn = await t.connect(id, await viewer.syncToken(id));
    await attempt(conn, (doc) => (annotationBodies(doc).get(claim) as Y.Map<unknown>).set('verdict', 'True'));
    const entries = (
      (await owner.request('GET', `/api/documents/${id}/audit?user=${viewer.userId}`)).body as { entries: unknown[] }
    ).entries;
    expect(entries).toEqual([]);
  });

  it('shows both people of a published claim: who gave the verdict, who checked it, who published; one alone is refused', async () => {
    const editorA = await new ApiClient(t.base).signUp('ana@desk.example', 'Ana');
    const editorB = await new ApiClient(t.base).signUp('ben@desk.example', 'Ben');
    for (const email of ['ana@desk.example', 'ben@desk.example'])
      await owner.request('PUT', `/api/documents/${id}/members`, { email, role: 'editor' });
    const ana = { id: editorA.userId, name: 'Ana' };
    const ben = { id: editorB.userId, name: 'Ben' };
    const reviewed = 'reviewedclaim000';
    const a = await t.connect(id, await editorA.syncToken(id));
    const body = (doc: Y.Doc) => annotationBodies(doc).get(reviewed) as Y.Map<unknown>;
    expect(
      await attempt(a, (doc) => {
        paragraph(doc).format(10, 4, { 'claim--BBBBBBBB': { id: reviewed } });
        annotationBodies(doc).set(
          reviewed,
          bodyToYMap(newClaimBody({ id: reviewed, quote: 'text', author: ana, at: new Date() })),
        );
      }),
    ).toBe('acked');
    const now = () => new Date().toISOString();
    expect(
      await attempt(a, (doc) =>
        doc.transact(() => {
          body(doc).set('verdict', 'False');
          body(doc).set('verdictBy', ana);
          body(doc).set('verdictAt', now());
        }),
      ),
    ).toBe('acked');
    // Ana alone: neither checked nor published, however she writes it.
    expect(await attempt(a, (doc) => body(doc).set('status', 'published'))).toMatch(
      /^refused: The claim on “text” can be published once a colleague other than Ana/,
    );
    const a2 = await t.connect(id, await editorA.syncToken(id));
    expect(
      await attempt(a2, (doc) =>
        doc.transact(() => {
          body(doc).set('status', 'checked');
          body(doc).set('checkedBy', { ...ana, at: now(), verdict: 'False' });
        }),
      ),
    ).toBe('refused: You gave the verdict on the claim on “text”: a colleague must check it');
    const b = await t.connect(id, await editorB.syncToken(id));
    expect(
      await attempt(b, (doc) =>
        doc.transact(() => {
          body(doc).set('status', 'checked');
          body(doc).set('checkedBy', { ...ben, at: now(), verdict: 'False' });
        }),
      ),
    ).toBe('acked');
    const a3 = await t.connect(id, await editorA.syncToken(id));
    expect(await attempt(a3, (doc) => body(doc).set('status', 'published'))).toBe('acked');
    const trail = (await owner.request('GET', `/api/documents/${id}/audit?annotation=${reviewed}`)).body as {
      entries: { userId: string; action: string; details: unknown }[];
    };
    expect(trail.entries.map((e) => [e.userId, e.action, e.details])).toEqual([
      [editorA.userId, 'created', { kind: 'claim' }],
      [editorA.userId, 'verdict', { from: null, to: 'False' }],
      [editorB.userId, 'status', { from: 'draft', to: 'checked' }],
      [editorB.userId, 'checked', { verdict: 'False' }],
      [editorA.userId, 'status', { from: 'checked', to: 'published' }],
    ]);
  });
});
