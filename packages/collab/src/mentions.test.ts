import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editShown, mentionDisplay, mentionedIds, mentionQuery, mentionSegments, newMentions } from './mentions.ts';

const ana = '0a4f1b52-8d2e-4c3b-9f61-5b7c2d8e9a10';
const ben = '1b5e2c63-9e3f-4d4c-8a72-6c8d3e9fab21';
const cy = '2c6f3d74-af40-4e5d-9b83-7d9e4fa0bc32';
const names: Record<string, string> = { [ana]: 'Ana Petrova', [ben]: 'Ben Okafor', [cy]: 'Cy' };
const nameOf = (id: string) => names[id] ?? 'someone';
const at = (id: string) => `<@${id}>`;

describe('mentions', () => {
  it('stores a reference and shows the current name', () => {
    const stored = `Ask ${at(ben)} about the 140 aircraft, cc ${at(ana)}.`;
    expect(mentionedIds(stored)).toEqual([ben, ana]);
    expect(mentionDisplay(stored, nameOf).shown).toBe('Ask @Ben Okafor about the 140 aircraft, cc @Ana Petrova.');
    // Renamed: the same stored text shows the new name.
    expect(mentionDisplay(stored, (id) => (id === ben ? 'Benjamin O.' : nameOf(id))).shown).toBe(
      'Ask @Benjamin O. about the 140 aircraft, cc @Ana Petrova.',
    );
    expect(mentionSegments(stored)).toEqual([
      { text: 'Ask ' },
      { userId: ben },
      { text: ' about the 140 aircraft, cc ' },
      { userId: ana },
      { text: '.' },
    ]);
    // A field that takes no mentions shows the stored text as it is.
    expect(mentionDisplay(stored).shown).toBe(stored);
    expect(newMentions(at(ben), `${at(ben)} and ${at(cy)}`)).toEqual([cy]);
    expect(mentionedIds('<@ben> <@not-a-user-id>')).toEqual([]);
  });

  it('keeps a mention when typing around it, and turns it into words when its name is edited', () => {
    const d = mentionDisplay(`x ${at(cy)} y`, nameOf);
    expect(d.shown).toBe('x @Cy y');
    expect(editShown(d, 'x @Cy!! y', 6).stored).toBe(`x ${at(cy)}!! y`);
    expect(editShown(d, 'x @C y', 4).stored).toBe('x @C y');
    // "@" typed just before a mention that starts with "@": before it, not inside it.
    expect(editShown(mentionDisplay(`x${at(cy)}`, nameOf), 'x@@Cy', 2).stored).toBe(`x@${at(cy)}`);
  });

  it('finds the name being typed after "@"', () => {
    expect(mentionQuery('Ask @Be', 7)).toEqual({ from: 4, query: 'Be' });
    expect(mentionQuery('Ask @Ben Ok', 11)).toEqual({ from: 4, query: 'Ben Ok' });
    expect(mentionQuery('mail ana@example.org', 20)).toBeNull();
    expect(mentionQuery('@', 1)).toEqual({ from: 0, query: '' });
    expect(mentionQuery('cc @carla@desk.example', 22)).toEqual({ from: 3, query: 'carla@desk.example' });
  });

  it('any edit of the shown text shows exactly what was typed, and keeps the mentions it did not touch', () => {
    const part = fc.oneof(
      fc.constantFrom(at(ana), at(ben), at(cy)),
      fc.string({ unit: fc.constantFrom('a', 'n', '@', ' ', 'C', 'y', '<', '>', '-', '0'), maxLength: 6 }),
    );
    fc.assert(
      fc.property(
        fc.array(part, { maxLength: 6 }),
        fc.nat(),
        fc.nat(),
        fc.string({ unit: fc.constantFrom('a', '@', 'C', 'y', ' ', 'B', '<', '>'), maxLength: 4 }),
        (parts, p, q, typed) => {
          const stored = parts.join('');
          const d = mentionDisplay(stored, nameOf);
          const from = p % (d.shown.length + 1);
          const to = from + (q % (d.shown.length - from + 1));
          const next = d.shown.slice(0, from) + typed + d.shown.slice(to);
          const out = editShown(d, next, from + typed.length);
          // What the person sees after the edit is what they typed, character for character.
          expect(mentionDisplay(out.stored, nameOf).shown).toBe(next);
          // Every mention wholly before or after the edit is still a mention.
          const kept = [...stored.matchAll(/<@([0-9a-f-]{36})>/g)].filter((m) => {
            const [a, b] = [d.toShown(m.index), d.toShown(m.index + m[0].length)];
            return b <= from || a >= to;
          });
          expect(mentionedIds(out.stored).length).toBeGreaterThanOrEqual(new Set(kept.map((m) => m[1])).size);
          for (const m of kept) expect(mentionedIds(out.stored)).toContain(m[1]);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
