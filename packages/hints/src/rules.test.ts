/** Each rule of the claim finder on sentences written for it: what it finds, its span, and what it leaves alone. */
import { describe, expect, it } from 'vitest';
import { analyzeBlock, analyzeBlocks } from './analyze.ts';
import type { HintKind } from './hint.ts';

/** The hints of one block as [kind, text]. */
const found = (text: string, kind?: HintKind) =>
  analyzeBlock(text)
    .hints.filter((h) => !kind || h.kind === kind)
    .map((h) => [h.kind, h.text]);

/** The block after applying the correction of its first slip of `kind`. */
function corrected(text: string, kind: HintKind): string {
  const slip = analyzeBlock(text).hints.find((h) => h.kind === kind);
  if (!slip?.correction) throw new Error(`no ${kind} in: ${text}`);
  const { start, end, text: replacement } = slip.correction;
  return text.slice(0, start) + replacement + text.slice(end);
}

describe('numbers', () => {
  it('takes a number with its qualifier and what it counts', () => {
    expect(found('More than 50,000 soldiers and 140 aircraft took part.', 'numeric')).toEqual([
      ['numeric', 'More than 50,000 soldiers'],
      ['numeric', '140 aircraft'],
    ]);
    expect(found('Exports are about a third of its wheat and fell to 4.2 billion crowns.', 'numeric')).toEqual([
      ['numeric', 'about a third of its wheat'],
      ['numeric', '4.2 billion crowns'],
    ]);
    expect(found('The portal was down for 14 hours.', 'numeric')).toEqual([['numeric', '14 hours']]);
  });

  it('leaves years and days of the month to dates', () => {
    expect(found('The law was adopted in 2023 and enters into force on 1 January.', 'numeric')).toEqual([]);
  });
});

describe('dates', () => {
  it('takes a date with its preposition, but not the dateline', () => {
    expect(
      found('PORT MERIDAN, 14 March (Nordwire) — The exercises began on Tuesday and last until 28 March.', 'date'),
    ).toEqual([
      ['date', 'on Tuesday'],
      ['date', 'until 28 March'],
    ]);
  });
});

describe('attributions', () => {
  it('takes who said it, the verb and when', () => {
    expect(found('The drills are defensive, the Defense Ministry said on Monday.', 'attribution')).toEqual([
      ['attribution', 'the Defense Ministry said on Monday'],
    ]);
    expect(
      found('The drills involve 38 warships, according to the press service of the fleet.', 'attribution'),
    ).toEqual([['attribution', 'according to the press service of the fleet']]);
    expect(
      found('"The water came at night," a resident of Selma, Marta Ilves, told reporters.', 'attribution'),
    ).toEqual([['attribution', 'a resident of Selma, Marta Ilves, told reporters']]);
    expect(found('"We were not told," said the foreign ministry.', 'attribution')).toEqual([
      ['attribution', 'said the foreign ministry'],
    ]);
  });
});

describe('firsts and superlatives', () => {
  it('takes the superlative with its scope', () => {
    expect(found('They are the biggest in the region since 2015.', 'superlative')).toEqual([
      ['superlative', 'the biggest in the region since 2015'],
    ]);
    expect(found('The party won for the first time in the capital.', 'superlative')).toEqual([
      ['superlative', 'for the first time in the capital'],
    ]);
  });

  it('leaves "at least", "the latest" and "the first four months" alone', () => {
    expect(found('At least the latest data for the first four months are in.', 'superlative')).toEqual([]);
  });
});

describe('comparisons and changes', () => {
  it('takes the change with its reference', () => {
    expect(
      found('The budget rose to 4.2 billion crowns, 12 percent more than the previous year.', 'comparison'),
    ).toEqual([['comparison', '12 percent more than the previous year']]);
    expect(found('Coverage fell to 86 percent, down from 94 percent in 2019.', 'comparison')).toEqual([
      ['comparison', 'down from 94 percent in 2019'],
    ]);
  });
});

describe('quotations', () => {
  it('takes a quotation of five words or more, inside its marks', () => {
    expect(found('“We are ready for any scenario,” Kallas said. “No,” he added.', 'quote')).toEqual([
      ['quote', 'We are ready for any scenario'],
    ]);
  });

  it('takes nothing else inside a quotation', () => {
    expect(found('"Herd immunity requires at least 95 percent coverage," she said.').map(([k]) => k)).toEqual([
      'quote',
      'attribution',
    ]);
  });
});

describe('doubled words', () => {
  it('finds a doubled word or phrase, with or without "or", and keeps one copy', () => {
    expect(corrected('They repelled hostile or hostile attacks.', 'doubled')).toBe('They repelled hostile attacks.');
    expect(corrected('Points open in schools in schools and shops.', 'doubled')).toBe(
      'Points open in schools and shops.',
    );
    expect(corrected('He said that the the results are good.', 'doubled')).toBe('He said that the results are good.');
    expect(corrected('The plan is unrealistic, unrealistic.', 'doubled')).toBe('The plan is unrealistic.');
  });

  it('leaves deliberate repetitions alone', () => {
    const deliberate =
      'The economy is in a very, very difficult situation. We had had no choice. Step by step, more and more, again and again, the attackers learn faster and faster. He said that that was all.';
    expect(found(deliberate, 'doubled')).toEqual([]);
  });
});

describe('sentence fragments', () => {
  it('puts an adjective cut off by a full stop back before its noun', () => {
    expect(corrected('The drills began, according to the Defense Ministry. Russian.', 'fragment')).toBe(
      'The drills began, according to the Russian Defense Ministry.',
    );
    expect(corrected('The ambassador of the country on Wednesday. Neighbouring.', 'fragment')).toBe(
      'The ambassador of the neighbouring country on Wednesday.',
    );
  });

  it('puts an intensifier or a qualifier back where it belongs', () => {
    expect(corrected('The turnout in the north was very low. Extremely.', 'fragment')).toBe(
      'The turnout in the north was extremely low.',
    );
    expect(corrected('Funding will be cut by ten percent. At least.', 'fragment')).toBe(
      'Funding will be cut by at least ten percent.',
    );
  });

  it('leaves a short sentence with a verb alone', () => {
    expect(found('The minister resigned. Nobody objected. He agreed.', 'fragment')).toEqual([]);
  });
});

describe('repeated sentences', () => {
  const blocks = (texts: string[]) => {
    let offset = 0;
    return texts.map((text) => {
      const block = { text, offset };
      offset += text.length + 1;
      return block;
    });
  };

  it('finds a sentence said again, in the next paragraph too, and deletes it with its space', () => {
    const article = [
      'The rain will continue until the weekend.',
      'People left. The rain will continue until the weekend.',
    ];
    const hints = analyzeBlocks(blocks(article)).filter((h) => h.kind === 'repeated');
    expect(hints.map((h) => h.text)).toEqual(['The rain will continue until the weekend.']);
    const joined = article.join('\n');
    const c = hints[0]?.correction ?? { start: 0, end: 0, text: '' };
    expect(joined.slice(0, c.start) + c.text + joined.slice(c.end)).toBe(
      'The rain will continue until the weekend.\nPeople left.',
    );
  });

  it('finds a near repeat of the sentence before it, and suggests no claim inside a repeat', () => {
    const hints = analyzeBlocks(
      blocks([
        'The government will spend 85 million crowns on cyber defense next year. The government will spend more on cyber defense.',
      ]),
    );
    expect(hints.filter((h) => h.kind === 'repeated').map((h) => h.text)).toEqual([
      'The government will spend more on cyber defense.',
    ]);
    expect(hints.some((h) => h.kind !== 'repeated' && h.start > 80)).toBe(false);
  });
});

describe('hint keys', () => {
  it('stay the same while the sentence stays the same, and change with it', () => {
    const key = (text: string) => analyzeBlock(text).hints.find((h) => h.kind === 'numeric')?.key;
    const a = key('Other words first. More than 50,000 soldiers took part.');
    expect(key('Other, different words first! More than 50,000 soldiers took part.')).toBe(a);
    expect(key('Other words first. More than 50,000 soldiers took part on Monday.')).not.toBe(a);
  });
});
