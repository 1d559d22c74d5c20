import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { capturingRecord, writeArticle, writeCapture } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Check, readCheck } from './check.ts';
import { publishCheck } from './claimreview.ts';
import { correctedArticleHtml, correctedArticleMarkdown } from './corrected.ts';
import { importHypothesis, importW3C } from './import.ts';
import { reportHtml, reportMarkdown } from './report.ts';
import { reviseArticle } from './revision.ts';
import { ALICE, ARTICLE, DocBuilder, T0, withoutSecondReviewer } from './test-support/builder.ts';
import { validateAnnotation } from './test-support/validate-annotation.ts';
import { exportW3C, FACTMARK, type WebAnnotation, webAnnotations } from './w3c.ts';

const require = createRequire(import.meta.url);

const OPTIONS = {
  articleUrl: 'https://nordwire.example/2026/03/14/varnia-drills',
  documentUrl: 'https://desk.example/d/abc123abc123',
};

/** A check with one of everything: claims with verdicts and sources, a citation, a correction, a comment with a reply. */
function sampleCheck(): DocBuilder {
  const b = new DocBuilder();
  const mod = b.source({
    url: 'https://mod.example/briefing',
    title: 'Ministry briefing, 14 March',
    publisher: 'Defense Ministry',
    archivedUrl: 'https://archive.example/2026/mod-briefing',
    accessedDate: '2026-03-15',
  });
  const law = b.source({ url: 'https://parliament.example/budget-2023', title: 'Budget law 2023' });
  b.annotate('claim', 'More than 50,000 soldiers and 140 aircraft', {
    statement: 'More than 50,000 soldiers and 140 aircraft take part in the Varnian naval drills in the Kessel Sea',
    verdict: 'Mostly false',
    rationale: 'The briefing gave 35,000 soldiers; 140 aircraft is right.',
    sourceIds: [mod],
    thread: [{ id: 'm1', author: ALICE, text: 'Checked with the transcript.', createdAt: T0 }],
  });
  b.annotate('claim', 'the defense budget to 4.2 billion crowns', {
    verdict: 'True',
    rationale: 'Article 3 of the law.',
  });
  b.annotate('citation', '4.2 billion crowns', {
    sourceId: law,
    excerpt: 'Defence: 4.2 billion crowns',
    stance: 'supports',
  });
  b.annotate('correction', 'Oleg Taran said', { proposed: 'Oleg Taran told reporters' });
  b.annotate('comment', 'said on Monday', {
    thread: [
      { id: 'c1', author: ALICE, text: 'Monday or Tuesday?', createdAt: T0 },
      { id: 'c2', author: { id: 'u-bruno', name: 'Bruno' }, text: 'Tuesday, per the wire.', createdAt: T0 },
    ],
  });
  return b;
}

/** Spans and bodies of a check, comparable across documents (anchors are per-document and left out). */
function comparable(check: Check) {
  return check.spans.map((s) => {
    const { anchorStart: _a, anchorEnd: _b, anchorSv: _c, ...body } = s.body;
    return { start: s.start, end: s.end, text: s.text, body };
  });
}

function freshDoc(text = ARTICLE): Y.Doc {
  const doc = new Y.Doc();
  writeArticle(doc, articleFromText(text));
  return doc;
}

describe('W3C Web Annotation export', () => {
  it('validates against the Web Annotation Data Model and maps every kind as specified', () => {
    const b = sampleCheck();
    const check = readCheck(b.doc);
    const annotations = webAnnotations(check, OPTIONS);
    for (const a of annotations) expect(validateAnnotation(a), a.id).toEqual([]);
    const byKind = (kind: string) => annotations.find((a) => a[FACTMARK.kind] === kind) as WebAnnotation;
    const claim = byKind('claim');
    expect(claim.motivation).toBe('assessing');
    expect(claim.body).toContainEqual({
      type: 'TextualBody',
      value: 'Mostly false',
      format: 'text/plain',
      purpose: 'assessing',
    });
    expect(claim.body).toContainEqual(
      expect.objectContaining({
        purpose: 'describing',
        value: 'The briefing gave 35,000 soldiers; 140 aircraft is right.',
      }),
    );
    expect(claim.body).toContainEqual({
      type: 'SpecificResource',
      source: 'https://mod.example/briefing',
      purpose: 'linking',
    });
    expect(claim.target).toEqual({
      source: OPTIONS.articleUrl,
      selector: [
        expect.objectContaining({ type: 'TextQuoteSelector', exact: 'More than 50,000 soldiers and 140 aircraft' }),
        expect.objectContaining({ type: 'TextPositionSelector' }),
      ],
    });
    expect(claim.creator).toEqual({ id: 'https://desk.example/users/u-alice', type: 'Person', name: 'Alice' });
    expect(claim.created).toBe(T0);
    expect(claim.modified).toBe(T0);
    expect(byKind('citation').motivation).toBe('linking');
    expect(byKind('citation').body).toContainEqual({
      type: 'SpecificResource',
      source: 'https://parliament.example/budget-2023',
      purpose: 'linking',
    });
    expect(byKind('correction').motivation).toBe('editing');
    expect(byKind('correction').body).toContainEqual(
      expect.objectContaining({ purpose: 'editing', value: 'Oleg Taran told reporters' }),
    );
    const comment = byKind('comment');
    expect(comment.motivation).toBe('commenting');
    const replies = annotations.filter((a) => a.motivation === 'replying');
    expect(replies.map((r) => [r.target, (r.body as { value: string }[])[0]?.value])).toEqual([
      [claim.id, 'Checked with the transcript.'],
      [comment.id, 'Tuesday, per the wire.'],
    ]);
    // The position selector's unit: offsets into the article's text, blocks separated by one newline.
    const position = (claim.target as { selector: { start: number; end: number }[] }).selector[1] as {
      start: number;
      end: number;
    };
    expect(check.text.text.slice(position.start, position.end)).toBe('More than 50,000 soldiers and 140 aircraft');
  });

  it('pages the collection: every annotation once, pages linked by next and prev', () => {
    const b = sampleCheck();
    const collection = exportW3C(readCheck(b.doc), { ...OPTIONS, pageSize: 2 });
    expect(collection.type).toBe('AnnotationCollection');
    const seen: unknown[] = [];
    let page = collection.first as { items: unknown[]; next?: unknown; startIndex: number } | undefined;
    let pages = 0;
    while (page) {
      expect(page.startIndex).toBe(seen.length);
      seen.push(...page.items);
      page = page.next as typeof page;
      pages++;
    }
    expect(seen).toHaveLength(collection.total);
    expect(pages).toBe(Math.ceil(collection.total / 2));
  });

  it('round-trips: export, then import into a fresh document with the same text, gives the same spans and bodies', () => {
    const b = sampleCheck();
    const before = readCheck(b.doc);
    const json = JSON.parse(JSON.stringify(exportW3C(before, OPTIONS)));
    // Exactly, where the owner turned the second-reviewer rule off (with it on, reviews come back for review).
    const doc = withoutSecondReviewer(freshDoc());
    const report = importW3C(doc, json, ALICE);
    expect(report.orphaned).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.exact).toHaveLength(before.spans.length);
    const after = readCheck(doc);
    expect(comparable(after)).toEqual(comparable(before));
    expect([...after.sources.values()]).toEqual([...before.sources.values()]);
  });

  it("imports other tools' annotations by motivation and reports orphans with reasons", () => {
    const doc = freshDoc();
    const report = importW3C(
      doc,
      [
        {
          '@context': 'http://www.w3.org/ns/anno.jsonld',
          id: 'https://other.example/anno/1',
          type: 'Annotation',
          motivation: 'assessing',
          creator: { id: 'https://other.example/u/9', name: 'Kim' },
          body: [{ type: 'TextualBody', value: 'False', purpose: 'assessing' }],
          target: { source: 'x', selector: { type: 'TextQuoteSelector', exact: '4.2 billion crowns' } },
        },
        {
          id: 'https://other.example/anno/2',
          type: 'Annotation',
          motivation: 'commenting',
          body: { type: 'TextualBody', value: 'Not in the final text' },
          target: {
            source: 'x',
            selector: { type: 'TextQuoteSelector', exact: 'a sentence that was never in this article' },
          },
        },
        {
          id: 'https://other.example/anno/3',
          type: 'Annotation',
          motivation: 'replying',
          body: { type: 'TextualBody', value: 'Budget law, article 3' },
          target: 'https://other.example/anno/1',
        },
      ],
      ALICE,
    );
    expect(report.exact.map((e) => e.kind)).toEqual(['claim']);
    expect(report.orphaned).toEqual([
      expect.objectContaining({ kind: 'comment', reason: expect.stringMatching(/not found/) }),
    ]);
    expect(report.replies).toBe(1);
    const check = readCheck(doc);
    const claim = check.spans[0]?.body;
    expect(claim).toMatchObject({ kind: 'claim', verdict: 'False', author: { name: 'Kim' } });
    expect(claim?.thread.map((m) => m.text)).toEqual(['Budget law, article 3']);
    // The orphan is kept, not lost.
    expect(check.orphans.map((o) => o.kind)).toEqual(['comment']);
  });
});

describe('Hypothesis import', () => {
  it('anchors an export file as expected: exact, by context, approximate, orphaned with a reason; replies and tags kept', () => {
    const doc = freshDoc();
    const file = JSON.parse(readFileSync(new URL('./fixtures/hypothesis-export.json', import.meta.url), 'utf8'));
    const report = importHypothesis(doc, file, ALICE);
    expect(report.exact.map((e) => e.sourceId)).toEqual(['hyp-claim-1', 'hyp-second-monday']);
    expect(report.approximate.map((e) => e.sourceId)).toEqual(['hyp-edited-quote']);
    expect(report.orphaned).toEqual([
      expect.objectContaining({ sourceId: 'hyp-gone', reason: expect.stringMatching(/quote not found|differs/) }),
    ]);
    expect(report.skipped).toEqual([{ sourceId: 'hyp-page-note', reason: expect.stringMatching(/page note/) }]);
    const check = readCheck(doc);
    const claim = check.spans.find((s) => s.body.kind === 'claim');
    expect(claim?.text).toBe('More than 50,000 soldiers and 140 aircraft');
    expect(claim?.body).toMatchObject({
      author: { id: 'acct:dana@hypothes.is', name: 'Dana Petrov' },
      rationale: "The ministry's own briefing said 35,000.\n\nTags: claim, numbers",
    });
    expect(claim?.body.thread.map((m) => [m.author.name, m.text])).toEqual([
      ['emil', 'Agreed, and the 140 aircraft include helicopters.'],
    ]);
    // "the ministry said on Monday" occurs twice; the prefix picks the second.
    const monday = check.spans.find((s) => s.body.thread[0]?.text.startsWith('Which Monday?'));
    expect(monday?.start).toBe(check.text.text.lastIndexOf('the ministry said on Monday'));
    const budget = check.spans.find((s) => s.body.thread[0]?.text.startsWith('The budget figure'));
    expect(budget?.text).toBe('raised the defense budget to 4.2 billion crowns');
  });
});

describe('article revisions', () => {
  it('re-anchors every annotation on the new text and reports what moved, changed or was orphaned', () => {
    const b = sampleCheck();
    const revised = [
      'Varnia begins naval drills',
      'Update: the ministry corrected its figures on Tuesday.',
      'PORT MERIDAN, 14 March (Nordwire) — More than 35,000 soldiers and 140 aircraft are taking part in naval exercises that began on Tuesday, the Defense Ministry said on Monday.',
      'The exercises are held under the plan adopted by parliament in 2023, which raised the defense budget to 4.2 billion crowns.',
      '"The exercises are defensive," Deputy Defense Minister Oleg Taran said at a briefing.',
    ].join('\n\n');
    const report = reviseArticle(b.doc, articleFromText(revised));
    expect(report.changed.map((e) => [e.kind, e.after])).toEqual([
      ['claim', 'More than 35,000 soldiers and 140 aircraft'],
    ]);
    expect(report.moved.map((e) => e.kind).sort()).toEqual(['citation', 'claim', 'comment', 'correction']);
    expect(report.orphaned).toEqual([]);
    const check = readCheck(b.doc);
    expect(check.text.text).toBe(revised.replace(/\n\n/g, '\n'));
    expect(check.spans).toHaveLength(5);
    // The claim whose words were edited waits for a person (Needs review); the others do not.
    const reviews = check.spans.filter((x) => x.body.review).map((x) => [x.text, x.body.review?.band]);
    expect(reviews).toEqual([['More than 35,000 soldiers and 140 aircraft', 'approximate']]);
    // Dropping the paragraph a comment was on orphans it, with its body kept.
    const shorter = revised.replace(/\n\nPORT MERIDAN[^\n]*/, '');
    const second = reviseArticle(b.doc, articleFromText(shorter));
    expect(second.orphaned.map((e) => e.kind).sort()).toEqual(['claim', 'comment']);
    expect(
      readCheck(b.doc)
        .orphans.map((o) => o.kind)
        .sort(),
    ).toEqual(['claim', 'comment']);
  });

  it('keeps an applied correction on its own span, never on another occurrence of the old words', () => {
    // The first "said on Monday" was corrected to "said on Tuesday" and accepted (the text reads corrected).
    const corrected =
      'Title\n\nThe ministry said on Tuesday that drills began. The fleet said on Monday that patrols go on.';
    const doc = freshDoc(corrected);
    const source = new DocBuilder(corrected);
    source.annotate('correction', 'said on Tuesday', {
      // As after a real acceptance: the body remembers the old words, the span reads the new ones.
      quote: 'said on Monday',
      original: 'said on Monday',
      proposed: 'said on Tuesday',
      state: 'accepted',
      decidedBy: ALICE,
      decidedAt: T0,
    });
    const check = readCheck(source.doc);
    // Through an export and import, and through a revision of the same text, it stays on "said on Tuesday".
    importW3C(doc, JSON.parse(JSON.stringify(exportW3C(check, OPTIONS))), ALICE);
    expect(readCheck(doc).spans[0]?.text).toBe('said on Tuesday');
    reviseArticle(source.doc, articleFromText(corrected));
    expect(readCheck(source.doc).spans[0]?.text).toBe('said on Tuesday');
    expect(readCheck(source.doc).spans[0]?.start).toBe(corrected.replace(/\n\n/g, '\n').indexOf('said on Tuesday'));
  });
});

describe('excerpts against their captured sources', () => {
  const TEXT = 'The budget law sets spending.\n\nDefence: 4.2 billion crowns for the year, Article 3 says.';
  const HASH = 'b'.repeat(64);

  /** A check whose source "law" was captured as TEXT and archived, with citations quoting `excerpts`. */
  function capturedCheck(excerpts: string[], archived = true) {
    const b = new DocBuilder();
    const law = b.source({ url: 'https://parliament.example/budget-2023', title: 'Budget law 2023' });
    b.annotate('claim', 'the defense budget to 4.2 billion crowns', {
      verdict: 'True',
      rationale: 'Article 3.',
      sourceIds: [law],
    });
    excerpts.forEach((excerpt, i) => {
      b.annotate('citation', i === 0 ? '4.2 billion crowns' : 'defense budget', {
        sourceId: law,
        excerpt,
        stance: 'supports',
      });
    });
    writeCapture(b.doc, law, {
      ...capturingRecord('https://parliament.example/budget-2023', new Date('2026-03-15T09:00:00Z')),
      state: 'captured',
      capture: {
        hash: HASH,
        finalUrl: 'https://parliament.example/budget-2023',
        status: 200,
        contentType: 'text/html',
        fetchedAt: '2026-03-15T09:00:02.000Z',
        title: 'Budget law 2023',
        byline: '',
        published: '',
        textLength: TEXT.length,
      },
      archives: archived
        ? [
            {
              provider: 'Internet Archive',
              url: 'https://web.archive.org/web/20260316101500/https://parliament.example/budget-2023',
              archivedAt: '2026-03-16T10:15:00.000Z',
            },
          ]
        : [],
    });
    const check = readCheck(b.doc);
    check.evidence.set(HASH, TEXT);
    return check;
  }

  it('lists citations whose excerpt the captured source does not say, and only those', () => {
    const check = capturedCheck([
      'Defence: 4.2 billion crowns',
      'Defence: 5.1 billion euros for the army and navy combined',
    ]);
    const excerpts = (c: Check) => publishCheck(c).filter((p) => p.startsWith('the excerpt'));
    expect(excerpts(check)).toEqual([
      'the excerpt “Defence: 5.1 billion euros for the army and navy combined” cited on “defense budget” is not found in “Budget law 2023” as captured',
    ]);
    // An approximate match (a word changed) is not a publishing problem: the card shows the difference.
    expect(excerpts(capturedCheck(['Defence: 4.2 billion crowns for the year, Article 4 says']))).toEqual([]);
    // Without the captured text (not captured yet, or capture off) nothing is claimed either way.
    const unread = capturedCheck(['Defence: 5.1 billion euros for the army and navy combined']);
    unread.evidence.clear();
    expect(excerpts(unread)).toEqual([]);
  });

  it("links the archive's copy with its date, else the fact-checker's copy with the capture's date", () => {
    expect(correctedArticleHtml(capturedCheck(['Defence: 4.2 billion crowns']))).toContain(
      'data-versionurl="https://web.archive.org/web/20260316101500/https://parliament.example/budget-2023" data-versiondate="2026-03-16"',
    );
    const b = new DocBuilder();
    const mod = b.source({
      url: 'https://mod.example/briefing',
      title: 'Briefing',
      archivedUrl: 'https://archive.example/x',
    });
    b.annotate('citation', '140 aircraft', { sourceId: mod, excerpt: '140 aircraft' });
    writeCapture(b.doc, mod, {
      ...capturingRecord('https://mod.example/briefing', new Date('2026-03-15T09:00:00Z')),
      state: 'captured',
      capture: {
        hash: HASH,
        finalUrl: 'https://mod.example/briefing',
        status: 200,
        contentType: 'text/html',
        fetchedAt: '2026-03-17T08:00:00.000Z',
        title: 'Briefing',
        byline: '',
        published: '',
        textLength: 10,
      },
    });
    expect(correctedArticleHtml(readCheck(b.doc))).toContain(
      'data-versionurl="https://archive.example/x" data-versiondate="2026-03-17"',
    );
  });
});

describe('the corrected article and the report', () => {
  function corrected() {
    const b = sampleCheck();
    b.log({
      correctionId: 'x',
      decision: 'accepted',
      original: 'hostile or hostile',
      proposed: 'hostile',
      category: 'mistranslation',
    });
    b.log({ correctionId: 'y', decision: 'rejected', original: 'said', proposed: 'stated', category: 'other' });
    return readCheck(b.doc);
  }

  it('is HTML with a CorrectionComment notice and numbered footnotes (claim sources and citations, in text order)', () => {
    const html = correctedArticleHtml(corrected(), { url: OPTIONS.articleUrl });
    expect(html).toContain('<h1>Varnia begins naval drills</h1>');
    // The claim's own source, footnoted where the claim ends.
    expect(html).toContain('140 aircraft<sup id="ref-1"><a href="#fn-1">[1]</a></sup>');
    expect(html).toContain(
      '<li id="fn-1"><a href="https://mod.example/briefing" data-originalurl="https://mod.example/briefing" data-versionurl="https://archive.example/2026/mod-briefing" data-versiondate="2026-03-15">Ministry briefing, 14 March</a>, Defense Ministry <a href="#ref-1"',
    );
    // The citation, with its excerpt.
    expect(html).toContain('4.2 billion crowns<sup id="ref-2"><a href="#fn-2">[2]</a></sup>');
    expect(html).toContain(
      '<li id="fn-2"><a href="https://parliament.example/budget-2023">Budget law 2023</a> — “Defence: 4.2 billion crowns”',
    );
    expect(html).toContain('<del>hostile or hostile</del> → <ins>hostile</ins>');
    expect(html).not.toContain('stated');
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}');
    expect(jsonLd.correction).toEqual([
      { '@type': 'CorrectionComment', text: '“hostile or hostile” was corrected to “hostile”.', datePublished: T0 },
    ]);
  });

  /** A check citing, on "140 aircraft", a source of the ministry's briefing with an archived copy. */
  const citingArchived = (source: { title: string; accessedDate: string; publishedDate?: string }, excerpt: string) => {
    const b = new DocBuilder();
    const sourceId = b.source({
      url: 'https://mod.example/briefing',
      archivedUrl: 'https://archive.example/2026/mod-briefing',
      ...source,
    });
    b.annotate('citation', '140 aircraft', { sourceId, excerpt });
    return readCheck(b.doc);
  };

  it('puts Robust Links attributes on a footnote whose source has an archived copy', () => {
    const check = citingArchived(
      { title: 'Ministry <briefing>', accessedDate: '2026-03-15' },
      '<script>alert(1)</script>',
    );
    const html = correctedArticleHtml(check);
    expect(html).toContain(
      '<a href="https://mod.example/briefing" data-originalurl="https://mod.example/briefing" data-versionurl="https://archive.example/2026/mod-briefing" data-versiondate="2026-03-15">Ministry &#60;briefing&#62;</a>',
    );
    expect(html).not.toContain('<script>alert');
    const md = correctedArticleMarkdown(check);
    expect(md).toContain('140 aircraft[^1]');
    expect(md).toContain(
      '[^1]: [Ministry \\<briefing\\>](<https://mod.example/briefing>) ([archived copy, 2026-03-15](<https://archive.example/2026/mod-briefing>))',
    );
    // Markdown links only: no HTML in the Markdown.
    expect(md).not.toMatch(/<a |<script>/);
  });

  it('dates an archived copy by its capture or the day the source was accessed, never by its publication date', () => {
    const check = citingArchived({ title: 'Briefing', accessedDate: '', publishedDate: '2019-05-01' }, '');
    const html = correctedArticleHtml(check);
    expect(html).toContain('data-versionurl="https://archive.example/2026/mod-briefing"');
    expect(html).not.toContain('data-versiondate');
    expect(html).not.toContain('2019-05-01');
    expect(correctedArticleMarkdown(check)).toContain('([archived copy](<https://archive.example/2026/mod-briefing>))');
  });

  it('is Markdown with the same notice and footnotes', () => {
    const md = correctedArticleMarkdown(corrected());
    expect(md.startsWith('# Varnia begins naval drills\n\n')).toBe(true);
    expect(md).toContain('## Corrections');
    expect(md).toContain('“hostile or hostile” was corrected to “hostile” (2026-03-15).');
    expect(md).toContain('140 aircraft[^1]');
    expect(md).toContain('[^1]: [Ministry briefing, 14 March](<https://mod.example/briefing>), Defense Ministry');
    expect(md).toContain('[^2]: [Budget law 2023](<https://parliament.example/budget-2023>)');
  });

  it('keeps user text as text in Markdown: inline markup escaped, block starts escaped, numbers left alone', () => {
    const b = new DocBuilder(
      'Title\n\n1994. The agreement *requires* notice.\n\n# not a heading, 4.2 billion <b>crowns</b>',
    );
    const md = correctedArticleMarkdown(readCheck(b.doc));
    expect(md).toContain('1994\\. The agreement \\*requires\\* notice.');
    expect(md).toContain('\\# not a heading, 4.2 billion \\<b\\>crowns\\</b\\>');
  });

  it('reports each claim with verdict, rationale, sources and excerpts, and counts verdicts in an SVG chart', () => {
    const check = corrected();
    const html = reportHtml(check);
    expect(html).toContain('<h2 id="claim-1-title">Claim 1: More than 50,000 soldiers and 140 aircraft take part');
    expect(html).toContain(
      '<p class="verdict">Verdict: <span class="verdict-chip chip-3"><span class="symbol" aria-hidden="true">◔</span>Mostly false</span></p>',
    );
    expect(html).toContain('data-versiondate="2026-03-15">Ministry briefing, 14 March</a>, Defense Ministry');
    expect(html).toContain(
      '<blockquote><p>Defence: 4.2 billion crowns</p><footer><a href="https://parliament.example/budget-2023">Budget law 2023</a> (supports it)</footer></blockquote>',
    );
    expect(html).toMatch(
      /<svg [^>]*role="img" aria-label="Claims by verdict: True: 1, Mostly true: 0, Half true: 0, Mostly false: 1/,
    );
    const md = reportMarkdown(check);
    expect(md).toContain('| ◔ Mostly false | 1 |');
    expect(md).toContain('## Claim 2: the defense budget to 4.2 billion crowns');
    expect(md).toContain('> Defence: 4.2 billion crowns');
    expect(md).toContain('- [Ministry briefing, 14 March](<https://mod.example/briefing>), Defense Ministry');
    // The corrections made (accepted decisions only) close the report.
    expect(html).toMatch(
      /<h2 id="corrections-title">Corrections made to the article<\/h2>\n<ul>\n<li><del>hostile or hostile<\/del> → <ins>hostile<\/ins> \(mistranslation; accepted by [^)]+\)<\/li>\n<\/ul>/,
    );
    expect(html).not.toContain('stated');
    expect(md).toMatch(
      /## Corrections made to the article\n\n- “hostile or hostile” → “hostile” \(mistranslation; accepted by [^)]+\)\n$/,
    );
  });
});
