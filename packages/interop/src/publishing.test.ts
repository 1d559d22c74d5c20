import { createRequire } from 'node:module';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { readCheck } from './check.ts';
import {
  claimReviewMarkupPage,
  claimReviews,
  markupMatchesReport,
  PublishCheckError,
  publishCheck,
  publishingIssues,
  readyToPublish,
  visibleText,
} from './claimreview.ts';
import { correctedArticleHtml } from './corrected.ts';
import { importW3C } from './import.ts';
import { reportHtml, reportMarkdown } from './report.ts';
import { DocBuilder } from './test-support/builder.ts';
import { PUBLICATION, publishableBuilder, publishableCheck } from './test-support/publishable.ts';
import { exportW3C } from './w3c.ts';

const require = createRequire(import.meta.url);
const OPTIONS = { documentUrl: 'https://factmark.example/d/abc', datePublished: '2026-03-16' };

describe('the publish check', () => {
  it('names every missing piece in words, each claim by its words', () => {
    const b = new DocBuilder();
    b.source({ url: 'https://wire.example/a', title: 'A wire report' });
    b.annotate('claim', '140 aircraft', { verdict: 'True', rationale: 'Counted.', sourceIds: ['src-1'] });
    b.annotate('claim', 'More than 50,000 soldiers', { verdict: 'False' });
    expect(publishCheck(readCheck(b.doc))).toEqual([
      'the fact-check has no publication URL (Publication details)',
      'the fact-check names no organisation (Publication details)',
      'the claim “More than 50,000 soldiers” has no rationale',
      'the claim “More than 50,000 soldiers” has no source',
      'the claim “More than 50,000 soldiers” has no claimant: say who made it',
      "the claim “More than 50,000 soldiers” has no appearance: give the article's URL or where the claim appeared",
      'the claim “More than 50,000 soldiers” is not published: a colleague other than Alice must check it first',
      'the claim “140 aircraft” cites no primary source',
      'the claim “140 aircraft” has no claimant: say who made it',
      "the claim “140 aircraft” has no appearance: give the article's URL or where the claim appeared",
      'the claim “140 aircraft” is not published: a colleague other than Alice must check it first',
    ]);
  });

  it('finds nothing in a complete check, and takes the organisation from the server’s defaults', () => {
    expect(readyToPublish(publishableCheck(), OPTIONS)).toEqual([]);
    const b = publishableBuilder();
    b.doc.getMap('settings').delete('organizationName');
    expect(publishCheck(readCheck(b.doc))).toEqual(['the fact-check names no organisation (Publication details)']);
    expect(publishCheck(readCheck(b.doc), { organizationName: 'Server Desk' })).toEqual([]);
  });

  it('names the annotation each problem is about, so the app can take a person to it', () => {
    const b = publishableBuilder();
    b.doc.getMap('settings').delete('factCheckUrl');
    const check = readCheck(b.doc);
    const claim = check.spans.find((s) => s.kind === 'claim');
    (claim?.body as { claimant?: unknown }).claimant = null;
    expect(publishingIssues(check, OPTIONS)).toEqual([
      { message: 'the fact-check has no publication URL (Publication details)', annotationId: null },
      {
        message: 'the claim “More than 50,000 soldiers and 140 aircraft” has no claimant: say who made it',
        annotationId: claim?.id,
      },
    ]);
  });

  it('counts a claim checked by its own verdict giver as waiting for a second reviewer', () => {
    const b = publishableBuilder();
    const [id] = [...b.doc.getMap<import('yjs').Map<unknown>>('annotations').keys()];
    const body = b.doc.getMap<import('yjs').Map<unknown>>('annotations').get(id as string);
    body?.set('status', 'checked');
    body?.set('checkedBy', { id: 'u-alice', name: 'Alice', at: '2026-03-16T08:00:00.000Z', verdict: 'Mostly false' });
    expect(publishCheck(readCheck(b.doc))).toEqual([
      'the claim “More than 50,000 soldiers and 140 aircraft” is not published: a colleague other than Alice must check it first',
    ]);
    expect(() => claimReviews(readCheck(b.doc), OPTIONS)).toThrow(PublishCheckError);
  });
});

describe('reviews in an imported file', () => {
  it('are not taken on the file’s word while the rule is on: the verdict is the importer’s, the claim back in review', () => {
    const published = publishableCheck();
    const file = JSON.parse(JSON.stringify(exportW3C(published, { ...OPTIONS, articleUrl: PUBLICATION.articleUrl! })));
    const doc = new DocBuilder().doc;
    const mallory = { id: 'u-mallory', name: 'Mallory' };
    importW3C(doc, file, mallory);
    const claims = readCheck(doc).spans.flatMap((s) => (s.body.kind === 'claim' ? [s.body] : []));
    expect(claims).toHaveLength(2);
    for (const claim of claims)
      expect(claim).toMatchObject({
        status: 'in_review',
        verdictBy: mallory,
        checkedBy: null,
        verdict: expect.any(String),
      });
    // Mallory cannot now check what the import made hers.
    expect(publishCheck(readCheck(doc)).join('\n')).toContain('a colleague other than Mallory must check it first');
    // Another tool's verdict, said to be a colleague's, is the importer's too.
    const other = new DocBuilder().doc;
    importW3C(
      other,
      {
        type: 'Annotation',
        motivation: 'assessing',
        creator: { id: 'u-bruno', name: 'Bruno' },
        body: [{ type: 'TextualBody', purpose: 'assessing', value: 'False' }],
        target: { source: PUBLICATION.articleUrl, selector: { type: 'TextQuoteSelector', exact: '140 aircraft' } },
      },
      mallory,
    );
    expect(readCheck(other).spans[0]?.body).toMatchObject({ verdict: 'False', verdictBy: mallory });
  });
});

describe('ClaimReview and the Fact Check Tools markup', () => {
  it('is valid ClaimReview with the real URLs, claimant, dates, appearances, organisation and logo', async () => {
    const reviews = claimReviews(publishableCheck(), OPTIONS);
    expect(reviews).toHaveLength(2);
    expect(reviews[0]).toMatchObject({
      url: 'https://desk.example/checks/varnia-drills#claim-1',
      claimReviewed:
        'More than 50,000 soldiers and 140 aircraft take part in the Varnian naval drills in the Kessel Sea',
      datePublished: '2026-03-16',
      inLanguage: 'en',
      author: {
        '@type': 'Organization',
        name: 'Desk Fact Check',
        url: 'https://desk.example/',
        logo: { '@type': 'ImageObject', url: 'https://desk.example/logo.png' },
      },
      reviewRating: { ratingValue: 2, bestRating: 5, worstRating: 1, alternateName: 'Mostly false' },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Organization', name: 'Varnian Defense Ministry', url: 'https://mod.example/' },
        datePublished: '2026-03-13',
        appearance: [{ url: PUBLICATION.articleUrl, headline: 'Varnia begins naval drills' }],
        firstAppearance: { url: 'https://mod.example/briefing' },
      },
    });
    expect(reviews[1]).toMatchObject({
      itemReviewed: {
        author: { '@type': 'Person', name: 'Oleg Taran', jobTitle: 'Deputy Defense Minister' },
        appearance: [{ url: PUBLICATION.articleUrl }, { url: 'https://tv.example/varnia-briefing' }],
      },
    });
    // Nothing points at the editor.
    expect(JSON.stringify(reviews)).not.toContain('factmark.example');
    const { structuredDataTest } = require('structured-data-testing-tool');
    const { ClaimReview } = require('structured-data-testing-tool/presets/google/schemas/ClaimReview');
    const html = `<html><head>${reviews.map((r) => `<script type="application/ld+json">${JSON.stringify(r)}</script>`).join('')}</head><body></body></html>`;
    const result = await structuredDataTest(html, { presets: [ClaimReview] }).catch((e: { res: unknown }) => e.res);
    expect((result as { failed: { test: string }[] }).failed.map((f) => f.test)).toEqual([]);
    expect((result as { passed: unknown[] }).passed.length).toBeGreaterThan(5);
  });

  it('writes the ClaimReviewMarkupPage field by field as the Fact Check Tools API reads it, equal to the JSON-LD', () => {
    const check = publishableCheck();
    const page = claimReviewMarkupPage(check, OPTIONS);
    const reviews = claimReviews(check, OPTIONS);
    // The API's fields (developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/pages), restated.
    const PAGE = ['name', 'pageUrl', 'publishDate', 'claimReviewAuthor', 'claimReviewMarkups', 'versionId'];
    const MARKUP = [
      'url',
      'claimReviewed',
      'claimDate',
      'claimLocation',
      'claimFirstAppearance',
      'claimAppearances',
      'claimAuthor',
      'rating',
    ];
    const AUTHOR = ['name', 'jobTitle', 'imageUrl', 'sameAs'];
    const RATING = ['textualRating', 'ratingValue', 'worstRating', 'bestRating', 'ratingExplanation', 'imageUrl'];
    for (const key of Object.keys(page)) expect(PAGE).toContain(key);
    expect(page).toMatchObject({
      pageUrl: 'https://desk.example/checks/varnia-drills',
      publishDate: '2026-03-16',
      claimReviewAuthor: { name: 'Desk Fact Check', imageUrl: 'https://desk.example/logo.png' },
    });
    expect(page.claimReviewMarkups).toHaveLength(reviews.length);
    page.claimReviewMarkups?.forEach((markup, i) => {
      const review = reviews[i] as unknown as Record<string, any>;
      for (const key of Object.keys(markup)) expect(MARKUP).toContain(key);
      for (const key of Object.keys(markup.claimAuthor ?? {})) expect(AUTHOR).toContain(key);
      for (const key of Object.keys(markup.rating ?? {})) expect(RATING).toContain(key);
      expect(markup.url).toBe(review.url);
      expect(markup.claimReviewed).toBe(review.claimReviewed);
      expect(markup.claimDate).toBe(review.itemReviewed.datePublished);
      expect(markup.claimAppearances).toEqual(review.itemReviewed.appearance.map((a: { url: string }) => a.url));
      expect(markup.claimFirstAppearance).toBe(review.itemReviewed.firstAppearance?.url);
      expect(markup.claimAuthor?.name).toBe(review.itemReviewed.author.name);
      expect(markup.claimAuthor?.jobTitle).toBe(review.itemReviewed.author.jobTitle);
      expect(markup.rating).toEqual({
        textualRating: review.reviewRating.alternateName,
        ratingValue: review.reviewRating.ratingValue,
        bestRating: review.reviewRating.bestRating,
        worstRating: review.reviewRating.worstRating,
        ratingExplanation: review.reviewRating.ratingExplanation,
      });
    });
  });

  it('fails the visible-text check when the report shows another rating than the markup', () => {
    const check = publishableCheck();
    const reviews = claimReviews(check, OPTIONS);
    const report = reportHtml(check, OPTIONS);
    expect(markupMatchesReport(reviews, report)).toEqual([]);
    const altered = report.replace(/(<section[^>]*id="claim-1"[\s\S]*?)Mostly false/, '$1False');
    expect(markupMatchesReport(reviews, altered)).toEqual([
      'the report does not show the rating “Mostly false” of the claim “More than 50,000 soldiers and 140 aircraft take part in the Varnian naval drills in the Kessel Sea”',
    ]);
  });
});

describe('the report and the corrected article, fit to print', () => {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

  it('passes html-validate’s recommended rules, both of them', async () => {
    const check = publishableCheck();
    for (const html of [reportHtml(check, OPTIONS), correctedArticleHtml(check, OPTIONS)]) {
      const result = await validator.validateString(html);
      const messages = result.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
      expect(messages).toEqual([]);
    }
  });

  it('says who published, when and who checked; lists each claim with claimant, verdict, sources, archives, citations', () => {
    const html = reportHtml(publishableCheck(), OPTIONS);
    const text = visibleText(html);
    expect(text).toContain('Desk Fact Check · 2026-03-16 · Checked by Alice, Bruno');
    expect(text).toContain(
      'The article checked: Varnia begins naval drills, Nordwire, by Ilse Varga, published 2026-03-14, in English',
    );
    expect(text).toContain('Claimed by Oleg Taran, Deputy Defense Minister, on 2026-03-14');
    expect(text).toContain('Verdict by Alice; checked by Bruno on 2026-03-16.');
    expect(html).toContain('<a href="https://archive.example/2026/mod-briefing">archived copy, 2026-03-15</a>');
    expect(text).toContain('Defence: 4.2 billion crowns Budget law 2023 Primary source (supports it)');
    expect(text).toContain(
      'Corrections made to the article hostile or hostile → hostile (mistranslation; accepted by Alice',
    );
    // No workflow words: the report is what readers see.
    expect(text).not.toMatch(/\((draft|in review|published)\)/);
    // The chart takes the scale's colours, and a pattern for black and white.
    expect(html).toMatch(/<pattern id="bar-3"[^>]*><rect width="6" height="6" fill="#c9560d"\/><path/);
    expect(html).toContain('@media print');
    const md = reportMarkdown(publishableCheck(), OPTIONS);
    expect(md).not.toMatch(/<(?!https?:)[a-z]/i);
    expect(md).toContain('[archived copy, 2026-03-15](<https://archive.example/2026/mod-briefing>)');
  });
});
