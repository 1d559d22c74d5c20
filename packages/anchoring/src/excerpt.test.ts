/** Verifying an excerpt against its source: exact, typographic, a word changed, paraphrased, the wrong source. */
import { describe, expect, it } from 'vitest';
import { verifyExcerpt, wordChanges } from './excerpt.ts';
import { ANCHOR_THRESHOLDS } from './thresholds.ts';

/** A ministry's statement as a captured page's text (written for these tests). */
const SOURCE = [
  'Statement of the Ministry of Defence, issued on Monday.',
  '',
  '“More than 45,000 soldiers and 120 aircraft will take part in the exercise near the northern border,” the',
  'ministry said, adding that the drills would last   ten days. Officials declined to say whether allied units',
  'would join. The ministry said on Monday that malicious cyber operations against its networks had increased',
  'since 2015, without giving figures.',
].join('\n');

/** Another outlet's report on something else entirely. */
const OTHER = [
  'The city council approved a new budget on Tuesday, raising spending on public transport by twelve percent.',
  'Opposition members said the increase would not cover the cost of new trams ordered last year.',
].join('\n');

describe('verifying an excerpt against its source', () => {
  it('finds an exact excerpt, with its place and the passage around it', () => {
    const excerpt = 'Officials declined to say whether allied units';
    const result = verifyExcerpt(SOURCE, excerpt);
    expect(result).toMatchObject({ verdict: 'found', occurrences: 1, passage: excerpt });
    if (result.verdict !== 'found') return;
    expect(SOURCE.slice(result.start, result.end)).toBe(excerpt);
    expect(result.before.endsWith('would last   ten days. ')).toBe(true);
    expect(result.after.startsWith('\nwould join.')).toBe(true);
  });

  it('finds an excerpt typed with straight quotes and other spaces as found, not as a change', () => {
    const excerpt =
      '"More than 45,000 soldiers and 120 aircraft will take part in the exercise near the northern border," the ministry said';
    expect(verifyExcerpt(SOURCE, excerpt)).toMatchObject({ verdict: 'found' });
    expect(verifyExcerpt(SOURCE, 'the drills would last ten days')).toMatchObject({ verdict: 'found' });
  });

  it('finds an excerpt with a word changed approximately, with its similarity and the words that differ', () => {
    const excerpt =
      'More than 50,000 soldiers and 120 aircraft will take part in the exercise near the northern border';
    const result = verifyExcerpt(SOURCE, excerpt);
    expect(result.verdict).toBe('found_approximately');
    if (result.verdict !== 'found_approximately') return;
    expect(result.similarity).toBeGreaterThanOrEqual(ANCHOR_THRESHOLDS.minQuoteSimilarity);
    expect(result.similarity).toBeLessThan(1);
    expect(result.differences).toEqual([{ excerpt: '50,000', source: '45,000' }]);
    expect(result.passage).toContain('45,000 soldiers');
  });

  it('does not find a paraphrase beyond the threshold, and says how close the closest text came', () => {
    const result = verifyExcerpt(
      SOURCE,
      'Around fifty thousand troops and a hundred planes are to drill by the frontier',
    );
    expect(result.verdict).toBe('not_found');
    if (result.verdict === 'not_found') expect(result.reason).toMatch(/not found|differs|similarity/);
  });

  it('does not find an excerpt in the wrong source, nor an empty one', () => {
    expect(verifyExcerpt(OTHER, 'More than 45,000 soldiers and 120 aircraft will take part')).toMatchObject({
      verdict: 'not_found',
    });
    expect(verifyExcerpt(SOURCE, '   ')).toEqual({ verdict: 'not_found', reason: 'the excerpt is empty' });
    expect(verifyExcerpt('', 'anything')).toEqual({ verdict: 'not_found', reason: 'the source has no text' });
  });

  it('finds an excerpt the source quotes twice at its first place, and counts both', () => {
    const result = verifyExcerpt(SOURCE, 'ministry said');
    expect(result).toMatchObject({ verdict: 'found', occurrences: 2 });
    if (result.verdict === 'found') expect(result.start).toBe(SOURCE.indexOf('ministry said'));
  });

  it('lists each run of differing words once, in order', () => {
    expect(
      wordChanges('more than 50,000 soldiers and 140 aircraft', 'more than 45,000 soldiers and 120 aircraft'),
    ).toEqual([
      { excerpt: '50,000', source: '45,000' },
      { excerpt: '140', source: '120' },
    ]);
    expect(wordChanges('malicious or malicious cyber operations', 'malicious cyber operations')).toEqual([
      { excerpt: 'or malicious', source: '' },
    ]);
  });
});
