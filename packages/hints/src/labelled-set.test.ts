/**
 * The claim finder on the labelled set (fixtures/claim-finder): the article text the set is scored on is the text
 * the anchoring engine counts, and the finder meets its targets there — recall 0.9 or more for numbers and
 * attributions, precision 0.7 or more overall, every doubled word found with no deliberate repetition flagged.
 * (The figures themselves are printed by `pnpm bench`.)
 */
import { ArticleText } from '@factmark/anchoring';
import { articleFromText } from '@factmark/editor';
import { describe, expect, it } from 'vitest';
import { analyzeBlocks } from './analyze.ts';
import { evaluate } from './evaluate.ts';
import { labelledSet } from './test-support/labelled-set.ts';

const set = labelledSet();

describe('the labelled set', () => {
  it('has ten articles or more, 150 check-worthy spans and 30 slips, counted as the anchoring engine counts', () => {
    expect(set.length).toBeGreaterThanOrEqual(10);
    const slips = set.flatMap((a) => a.labels).filter((l) => ['doubled', 'fragment', 'repeated'].includes(l.kind));
    expect(set.flatMap((a) => a.labels).length - slips.length).toBeGreaterThanOrEqual(150);
    expect(slips.length).toBeGreaterThanOrEqual(30);
    for (const article of set) {
      expect(new ArticleText(articleFromText(article.source)).text).toBe(article.text);
      for (const label of article.labels) expect(article.text.slice(label.start, label.end)).toBe(label.text);
    }
  });

  it('meets the targets', () => {
    const scored = evaluate(
      set.map((a) => ({
        predicted: analyzeBlocks(
          a.text.split('\n').map((text, i) => ({ text, offset: a.blockStarts[i] ?? 0 })),
          { title: true },
        ),
        labelled: a.labels,
      })),
    );
    expect(scored.perKind.numeric.recall).toBeGreaterThanOrEqual(0.9);
    expect(scored.perKind.attribution.recall).toBeGreaterThanOrEqual(0.9);
    expect(scored.all.precision).toBeGreaterThanOrEqual(0.7);
    expect(scored.perKind.doubled.recall).toBe(1);
    expect(scored.perKind.doubled.precision).toBe(1);
  });
});
