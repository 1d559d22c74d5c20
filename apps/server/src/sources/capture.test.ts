/**
 * Capturing pages of a local fixture site (127.0.0.1): news HTML read by Readability (no script run, page furniture
 * left out), a PDF, plain text, a redirect chain, and each way a capture ends without a snapshot, with its reason.
 */
import { verifyExcerpt } from '@factmark/anchoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRILLS_PARAGRAPHS, type SourceSite, startSourceSite } from '../test-support/source-fixtures.ts';
import { CAPTURE_USER_AGENT, capturePage, type PageCapture } from './capture.ts';
import type { FetchLimits } from './safe-fetch.ts';

let site: SourceSite;
const limits: FetchLimits = {
  maxBytes: 200_000,
  timeoutMs: 800,
  maxRedirects: 5,
  allow: ['127.0.0.1/32'],
  userAgent: CAPTURE_USER_AGENT,
};

beforeAll(async () => {
  site = await startSourceSite({ slowMs: 3_000 });
});
afterAll(() => site.close());

function captured(result: PageCapture) {
  if (!result.ok) throw new Error(`expected a capture, got: ${result.reason}`);
  return result;
}

describe('capturing a source', () => {
  it('reads a news page as its article text, title, byline and date, without the page furniture or its scripts', async () => {
    const { snapshot, fetch } = captured(await capturePage(`${site.base}/news/drills`, limits));
    expect(snapshot.title).toBe('Army announces large-scale drills');
    expect(snapshot.byline).toMatch(/Staff Correspondent/);
    expect(snapshot.published).toBe('2026-11-30');
    for (const paragraph of DRILLS_PARAGRAPHS) expect(snapshot.text).toContain(paragraph);
    expect(snapshot.text).not.toMatch(/Subscribe now|All rights reserved|Sport/);
    expect(snapshot.text.split('\n\n').length).toBeGreaterThanOrEqual(3);
    expect(site.hits.get('/beacon')).toBeUndefined();
    expect(snapshot.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(fetch).toMatchObject({ status: 200, finalUrl: `${site.base}/news/drills`, hash: snapshot.hash });
    expect(Buffer.from(snapshot.raw).toString()).toContain('<article>');
  });

  it('reads a PDF and plain text, and names the same content by the same hash', async () => {
    const pdf = captured(await capturePage(`${site.base}/docs/briefing.pdf`, limits)).snapshot;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.title).toBe('Exercise briefing');
    expect(pdf.byline).toBe('Ministry Press Office');
    expect(pdf.published).toBe('2026-11-29');
    expect(pdf.text).toContain('More than 50,000 soldiers and 140 aircraft will take part in the exercises.');
    const text = captured(await capturePage(`${site.base}/notes.txt`, limits)).snapshot;
    expect(text.text).toBe(DRILLS_PARAGRAPHS.join('\n\n'));
    const again = captured(await capturePage(`${site.base}/notes.txt`, limits)).snapshot;
    expect(again.hash).toBe(text.hash);
  });

  it('follows a redirect chain and records where it ended', async () => {
    const result = captured(await capturePage(`${site.base}/r/1`, limits));
    expect(result.urls.map((u) => new URL(u).pathname)).toEqual(['/r/1', '/r/2', '/r/3', '/news/drills']);
    expect(result.fetch.url).toBe(`${site.base}/r/1`);
    expect(result.fetch.finalUrl).toBe(`${site.base}/news/drills`);
  });

  it('ends each failed capture with a reason in words, and says whether a later try may help', async () => {
    const cases: [string, Partial<FetchLimits>, RegExp, boolean][] = [
      ['/missing', {}, /answered 404 Not Found/, false],
      ['/slow', {}, /took longer than 800 ms/, true],
      ['/huge', {}, /sent more than 200000 bytes/, false],
      ['/loop', {}, /redirects more than 5 times/, false],
      ['/image.png', {}, /image\/png, not a web page, PDF or text/, false],
      ['/news/drills', { allow: [] }, /private or local address/, false],
    ];
    const fictional = await capturePage('https://defense.varnia.example/press/drills', limits);
    expect(fictional).toMatchObject({
      ok: false,
      transient: false,
      reason: 'defense.varnia.example is a name reserved for examples, not a web site',
    });
    for (const [path, extra, reason, transient] of cases) {
      const result = await capturePage(`${site.base}${path}`, { ...limits, ...extra });
      expect(result.ok, path).toBe(false);
      if (result.ok) continue;
      expect(result.reason, path).toMatch(reason);
      expect(result.transient, path).toBe(transient);
    }
  });

  it("verifies excerpts against the captured text: the article's words, not the page's furniture", async () => {
    const { snapshot } = captured(await capturePage(`${site.base}/news/drills`, limits));
    expect(verifyExcerpt(snapshot.text, 'More than 50,000 soldiers and 140 aircraft').verdict).toBe('found');
    expect(verifyExcerpt(snapshot.text, 'More than 50,000 soldiers and 150 aircraft will take part').verdict).toBe(
      'found_approximately',
    );
    expect(verifyExcerpt(snapshot.text, 'Subscribe now for unlimited access').verdict).toBe('not_found');
  });
});
