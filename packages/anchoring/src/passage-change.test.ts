import { describe, expect, it } from 'vitest';
import { passageChange } from './passage-change.ts';

const BEFORE = [
  'The drills will last ten days, the ministry said.',
  'More than 50,000 soldiers and 140 aircraft will take part in the exercises, the Defense Ministry said on Monday.',
  'Observers from four neighbouring countries were invited.',
].join('\n\n');

describe('how a cited passage changed between captures', () => {
  it('shows the words that changed around an excerpt still on the page', () => {
    const after = BEFORE.replace('50,000', '45,000').replace('on Monday', 'on Tuesday');
    const change = passageChange(BEFORE, after, '140 aircraft will take part in the exercises');
    expect(change?.excerptNow.verdict).toBe('found');
    expect(change?.parts.filter((p) => p.kind !== 'same')).toEqual([
      { kind: 'removed', text: '50,000' },
      { kind: 'added', text: '45,000' },
      { kind: 'removed', text: 'Monday.' },
      { kind: 'added', text: 'Tuesday.' },
    ]);
    expect(change?.captured).toContain('140 aircraft will take part in the exercises');
  });

  it('says the excerpt itself changed, or that the passage is gone', () => {
    const edited = BEFORE.replace('140 aircraft', '120 aircraft');
    expect(passageChange(BEFORE, edited, '140 aircraft will take part')?.excerptNow.verdict).toBe(
      'found_approximately',
    );
    const gone = passageChange(
      BEFORE,
      'The page now carries an unrelated story about the weather and the harvest.',
      '140 aircraft will take part',
    );
    expect(gone).toMatchObject({ now: null, parts: [], excerptNow: { verdict: 'not_found' } });
    expect(passageChange(BEFORE, BEFORE, 'a sentence the source never had in any form at all')).toBeNull();
  });
});
