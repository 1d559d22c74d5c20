import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextAnchorer } from './anchor.ts';
import { describeSpan } from './selectors.ts';

const TEXT = [
  'PORT MERIDAN, 14 March (Nordwire) — More than 50,000 soldiers and 140 aircraft are taking part in naval exercises',
  'that began on Tuesday, the Defense Ministry said on Monday. The ministry said on Monday that 38 warships take part.',
  'Last year the fleet repelled hostile or hostile information attacks, the ministry said.',
].join('\n');

function quoteAt(text: string, needle: string, occurrence = 0) {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(needle, start + 1);
  return describeSpan(text, start, start + needle.length);
}

describe('text anchoring', () => {
  it('trusts the position when the text there is still the quote', () => {
    const { quote, position } = quoteAt(TEXT, '140 aircraft');
    expect(new TextAnchorer(TEXT).anchor(quote, position)).toMatchObject({
      status: 'confirmed',
      method: 'position',
      start: position.start,
    });
  });

  it('tells repeated quotes apart by their context, whatever the position says', () => {
    const second = quoteAt(TEXT, 'said on Monday', 1);
    const anchorer = new TextAnchorer(TEXT);
    // A stale position (the text moved) and the context of the second occurrence.
    const result = anchorer.anchor(second.quote, { type: 'TextPositionSelector', start: 3, end: 17 });
    expect(result).toMatchObject({ status: 'confirmed', method: 'context', start: second.position.start });
    const first = quoteAt(TEXT, 'said on Monday', 0);
    expect(anchorer.anchor(first.quote)).toMatchObject({ start: first.position.start });
  });

  it('normalizes whitespace, Unicode composition and typographic punctuation', () => {
    const text = 'The minister said: “Caf\u0065\u0301 prices rose 12 %” — on  Monday.';
    const anchorer = new TextAnchorer(text);
    const result = anchorer.anchor({ type: 'TextQuoteSelector', exact: '"Café prices rose 12 %" - on Monday' });
    expect(result.status).toBe('confirmed');
    if (result.status !== 'confirmed') return;
    expect(text.slice(result.start, result.end)).toBe('“Caf\u0065\u0301 prices rose 12 %” — on  Monday');
  });

  it('anchors a quote with up to 10% of its characters edited to the right place', () => {
    const original = quoteAt(TEXT, 'More than 50,000 soldiers and 140 aircraft are taking part');
    const edited = TEXT.replace(
      'More than 50,000 soldiers and 140 aircraft are taking part',
      'More then 50.000 soldiers and 104 aircraft are taking part',
    );
    const result = new TextAnchorer(edited).anchor(original.quote, original.position);
    expect(result).toMatchObject({ status: 'approximate', method: 'fuzzy' });
    if (result.status !== 'approximate') return;
    expect(edited.slice(result.start, result.end)).toBe('More then 50.000 soldiers and 104 aircraft are taking part');
  });

  it('keeps a quote retyped in place at its place, not on an unedited copy of its paragraph far away', () => {
    const passage = 'More than 50,000 soldiers and 140 aircraft are taking part';
    const original = quoteAt(TEXT, passage);
    // The article now quotes its own first paragraph, word for word, in a box several kilobytes further on; the
    // annotated sentence itself was retyped (two characters changed).
    const filler = ' Further reporting followed from the coast.'.repeat(140);
    const edited = `${TEXT.replace(passage, 'More than 50,000 soldlers and 14O aircraft are taking part')}${filler}\n${TEXT}`;
    const result = new TextAnchorer(edited).anchor(original.quote, original.position);
    expect(result).toMatchObject({ status: 'approximate', method: 'fuzzy', start: original.position.start });
  });

  it('orphans a quote whose text was rewritten past the threshold, with the reason', () => {
    const original = quoteAt(TEXT, 'repelled hostile or hostile information attacks');
    const rewritten = TEXT.replace(
      'repelled hostile or hostile information attacks',
      'fended off several cyber intrusions',
    );
    const result = new TextAnchorer(rewritten).anchor(original.quote, original.position);
    expect(result.status).toBe('orphan');
    if (result.status !== 'orphan') return;
    expect(result.reason).toMatch(/quote not found|differs in|never with its context/);
  });

  it('finds every unedited span of a random text by its selectors, or says it cannot tell the repeats apart', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '\n', 'é', 'x'), minLength: 20, maxLength: 300 }),
        fc.nat(),
        fc.integer({ min: 3, max: 20 }),
        fc.boolean(),
        (text, at, length, withPosition) => {
          const start = at % (text.length - 2);
          const end = Math.min(text.length, start + length);
          if (text.slice(start, end).trim() === '' || /\s/.test(text[start] ?? '') || /\s/.test(text[end - 1] ?? ''))
            return;
          const { quote, position } = describeSpan(text, start, end);
          const result = new TextAnchorer(text).anchor(quote, withPosition ? position : undefined);
          if (withPosition) expect(result).toMatchObject({ status: 'confirmed', start, end });
          else if (result.status === 'ambiguous') expect(result.candidates.map((c) => c.start)).toContain(start);
          else expect(result).toMatchObject({ status: 'confirmed', start, end });
        },
      ),
      { numRuns: 300 },
    );
  });
});
