/** The demo document a fresh install starts with: the finished example (by default), the plain article, or none. */
import { annotationBodies } from '@factmark/collab';
import { readCheck } from '@factmark/interop';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { ApiClient, attempt, TestServer } from '../test-support/harness.ts';
import { DEMO_TITLE } from './demo-article.ts';
import { DEMO_ACCEPTED, DEMO_PEOPLE, DEMO_PUBLICATION } from './demo-example.ts';

let t: TestServer;
afterEach(async () => {
  await t?.dispose();
});

async function openDemo(env: Record<string, string>) {
  t = await new TestServer().start(env);
  const admin = await new ApiClient(t.base).signUp('admin@desk.example', 'Ada', t.setupToken ?? undefined);
  const { documents } = (await admin.request('GET', '/api/documents')).body as { documents: { id: string }[] };
  return { admin, documents };
}

describe('the demo document', () => {
  it('ships with a finished example: claims with verdicts, rationales and sources, a citation, an accepted and a pending correction, a discussion with a reply', async () => {
    const { admin, documents } = await openDemo({ DEMO_DOCUMENT: 'example' });
    expect(documents).toHaveLength(1);
    const id = documents[0]!.id;
    const { doc } = await t.connect(id, await admin.syncToken(id));
    const check = readCheck(doc);
    expect(check.title).toBe(DEMO_TITLE);

    // Every annotation sits on the words it quotes, and none is lost or malformed.
    expect(check.orphans).toEqual([]);
    for (const span of check.spans) expect(span.text).toBe(span.body.quote);
    const of = <K extends string>(kind: K) => check.spans.filter((s) => s.kind === kind).map((s) => s.body);

    const claims = of('claim').flatMap((b) => (b.kind === 'claim' ? [b] : []));
    expect(claims.length).toBeGreaterThanOrEqual(3);
    const judged = claims.filter((c) => c.verdict !== null);
    expect(judged.length).toBeGreaterThanOrEqual(3);
    for (const c of judged) {
      expect(check.scale.labels.map((l) => l.label)).toContain(c.verdict);
      expect(c.rationale.length).toBeGreaterThan(20);
      expect(c.sourceIds.length).toBeGreaterThan(0);
      for (const s of c.sourceIds) expect(check.sources.has(s)).toBe(true);
    }
    // Every claim is published, its verdict checked by the colleague who did not give it.
    for (const c of claims) {
      expect(c.status).toBe('published');
      expect(c.checkedBy?.verdict).toBe(c.verdict);
      expect(c.checkedBy?.id).not.toBe(c.verdictBy?.id);
      expect(c.claimant?.name).toBeTruthy();
    }
    const citations = of('citation').flatMap((b) => (b.kind === 'citation' ? [b] : []));
    expect(citations).toHaveLength(1);
    // Linked to the survey claim (the citation sits beside it, not inside it).
    expect(claims.find((c) => c.id === citations[0]!.claimId)?.quote).toContain('63 percent');

    const corrections = of('correction').flatMap((b) => (b.kind === 'correction' ? [b] : []));
    expect(corrections.map((c) => c.state).sort()).toEqual(['accepted', 'proposed']);
    const accepted = corrections.find((c) => c.state === 'accepted')!;
    expect(check.log).toEqual([
      expect.objectContaining({ correctionId: accepted.id, decision: 'accepted', ...DEMO_ACCEPTED }),
    ]);
    // The accepted correction's words are in the article; the pending one's original words still are.
    const text = check.article.textContent;
    expect(text).not.toContain(DEMO_ACCEPTED.original);
    expect(text).toContain(`repelled ${DEMO_ACCEPTED.proposed} information attacks`);
    const pending = corrections.find((c) => c.state === 'proposed')!;
    expect(text).toContain(pending.original);

    const threads = check.spans.map((s) => s.body.thread).filter((th) => th.length >= 2);
    expect(threads.length).toBeGreaterThanOrEqual(1);
    for (const th of threads) expect(new Set(th.map((m) => m.author.id)).size).toBe(2);
    expect(of('comment')).toHaveLength(1);
    const people = new Set(check.spans.map((s) => s.body.author.id));
    expect(people).toEqual(new Set([DEMO_PEOPLE.editor.id, DEMO_PEOPLE.checker.id]));

    // The exports read it as a desk's work: the report names the verdicts and the correction.
    const report = await admin.text(`/api/documents/${id}/export?format=report-md`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('Mostly false');
    expect(report.text).toContain(DEMO_ACCEPTED.original);

    // Publishable out of the box: no problem in the publish check, ClaimReview and the markup page without --force.
    expect((await admin.request('GET', `/api/documents/${id}/publish-check`)).body).toEqual({
      problems: [],
      issues: [],
    });
    const reviews = await admin.text(`/api/documents/${id}/export?format=claimreview`);
    expect(reviews.status).toBe(200);
    expect(JSON.parse(reviews.text)).toHaveLength(4);
    const markup = await admin.text(`/api/documents/${id}/export?format=claimreview-markup`);
    expect(JSON.parse(markup.text)).toMatchObject({
      pageUrl: DEMO_PUBLICATION.factCheckUrl,
      claimReviewAuthor: { name: DEMO_PUBLICATION.organizationName },
    });
  });

  it('lists its progress — claims checked of all, claims per verdict — and the list follows a change', async () => {
    const { admin, documents } = await openDemo({ DEMO_DOCUMENT: 'example' });
    const id = documents[0]!.id;
    const progress = async () => {
      const { documents: listed } = (await admin.request('GET', '/api/documents')).body as {
        documents: { progress: { claims: number; checked: number; verdicts: { label: string; count: number }[] } }[];
      };
      return listed[0]!.progress;
    };
    expect(await progress()).toMatchObject({
      claims: 4,
      checked: 4,
      verdicts: [
        { label: 'True', count: 2 },
        { label: 'Mostly true', count: 1 },
        { label: 'Mostly false', count: 1 },
      ],
    });
    const conn = await t.connect(id, await admin.syncToken(id));
    const claim = readCheck(conn.doc).spans.find(
      (s) => s.body.kind === 'claim' && s.text === 'will last until 28 March',
    )!;
    // A new verdict, in the giver's name, sends the published claim back to review (the second-reviewer rule).
    const answer = await attempt(conn, (doc) => {
      const body = annotationBodies(doc).get(claim.id)!;
      doc.transact(() => {
        const now = new Date().toISOString();
        body.set('verdict', 'False');
        body.set('verdictBy', { id: admin.userId, name: 'Ada' });
        body.set('verdictAt', now);
        body.set('checkedBy', null);
        body.set('status', 'in_review');
        body.set('updatedAt', now);
        body.set('updatedBy', { id: admin.userId, name: 'Ada' });
      });
    });
    expect(answer).toBe('acked');
    await expect
      .poll(progress, { timeout: 10_000 })
      .toMatchObject({ claims: 4, checked: 3, verdicts: expect.arrayContaining([{ label: 'False', count: 1 }]) });
  });

  it('is the plain article with DEMO_DOCUMENT=article, and absent with none', async () => {
    const plain = await openDemo({ DEMO_DOCUMENT: 'article' });
    const id = plain.documents[0]!.id;
    const { doc } = await t.connect(id, await plain.admin.syncToken(id));
    const check = readCheck(doc);
    expect(check.spans).toEqual([]);
    expect(check.article.textContent).toContain(DEMO_ACCEPTED.original);
    await t.dispose();

    const none = await openDemo({ DEMO_DOCUMENT: 'none' });
    expect(none.documents).toEqual([]);
  });

  it('refuses an unknown DEMO_DOCUMENT in words', () => {
    expect(() => loadConfig({ DEMO_DOCUMENT: 'full' })).toThrow(
      'DEMO_DOCUMENT must be one of example, article, none, got "full"',
    );
  });
});
