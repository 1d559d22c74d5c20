import { DEFAULT_RATING_SCALE, newClaimBody, type RatingScale } from '@factmark/collab';
import { describe, expect, it } from 'vitest';
import {
  filterAnnotations,
  NO_FILTER,
  sameBodies,
  verdictSymbol,
  verdictTone,
  type WorkspaceEntry,
} from './workspace-model.ts';

describe('verdict tones and symbols', () => {
  it('gives each label of the default scale its own symbol and tone, and no verdict its own', () => {
    const labels = DEFAULT_RATING_SCALE.labels.map((l) => l.label);
    const symbols = labels.map((l) => verdictSymbol(DEFAULT_RATING_SCALE, l));
    const tones = labels.map((l) => verdictTone(DEFAULT_RATING_SCALE, l));
    expect(symbols).toEqual(['✓', '◕', '◑', '◔', '✗', '?']);
    expect(new Set(tones).size).toBe(labels.length);
    expect(verdictSymbol(DEFAULT_RATING_SCALE, null)).toBe('○');
    expect(symbols).not.toContain('○');
  });

  it('places the labels of another scale by their value, best to worst', () => {
    const three: RatingScale = {
      labels: [
        { label: 'Correct', value: 10 },
        { label: 'Misleading', value: 5 },
        { label: 'Wrong', value: 0 },
      ],
      best: 10,
      worst: 0,
    };
    expect(three.labels.map((l) => verdictTone(three, l.label))).toEqual(['good', 'mixed', 'bad']);
  });
});

describe('margin search', () => {
  const source = {
    id: 's1',
    url: 'https://www.reuters.com/world/drills',
    title: 'Drills report',
    publisher: 'Reuters',
    author: '',
    publishedDate: '',
    accessedDate: '',
    archivedUrl: '',
    notes: '',
    createdBy: { id: 'u', name: 'U' },
    createdAt: '2026-03-14T10:00:00Z',
  };
  const actor = { id: 'u', name: 'Ana' };
  const base = {
    quote: 'x',
    author: actor,
    createdAt: source.createdAt,
    updatedAt: source.createdAt,
    updatedBy: actor,
    thread: [],
  };
  const entries = [
    {
      id: 'c1',
      kind: 'citation' as const,
      text: 'the ministry said',
      body: { ...base, id: 'c1', kind: 'citation' as const, sourceId: 's1', excerpt: '', stance: 'supports' as const },
    },
    {
      id: 'k1',
      kind: 'correction' as const,
      text: 'malicious or malicious',
      body: {
        ...base,
        id: 'k1',
        kind: 'correction' as const,
        original: 'malicious or malicious',
        proposed: 'malicious',
        category: 'mistranslation' as const,
        rationale: '',
        state: 'proposed' as const,
        decidedBy: null,
        decidedAt: null,
      },
    },
  ];
  const find = (query: string) =>
    filterAnnotations(entries, { ...NO_FILTER, query }, new Map([['s1', source]])).map((e) => e.id);

  it("finds a citation by its source's publisher and domain, and a correction by its category", () => {
    expect(find('Reuters')).toEqual(['c1']);
    expect(find('reuters.com')).toEqual(['c1']);
    expect(find('Mistranslation')).toEqual(['k1']);
    expect(find('Supports')).toEqual(['c1']);
  });
});

const author = { id: 'u1', name: 'Ana' };
const at = new Date('2026-12-01T10:00:00Z');

function entry(id: string, text: string, body = newClaimBody({ id, quote: text, author, at })): WorkspaceEntry {
  return { id, kind: 'claim', text, body } as WorkspaceEntry;
}

describe('what a body reader sees of the annotations', () => {
  const a = entry('a', 'more than 50,000 soldiers');
  const b = entry('b', '140 aircraft');

  it('is the same while only an entry’s text changed (typing inside a highlight)', () => {
    expect(sameBodies([a, b], [a, { ...b, text: '140 aircraftx' }])).toBe(true);
  });

  it('changes with a body, an annotation added or removed, or their order', () => {
    const verdict = { ...b, body: { ...(b.body as object), verdict: 'False' } } as WorkspaceEntry;
    expect(sameBodies([a, b], [a, verdict])).toBe(false);
    expect(sameBodies([a, b], [a, b, entry('c', 'on Monday')])).toBe(false);
    expect(sameBodies([a, b], [a])).toBe(false);
    expect(sameBodies([a, b], [b, a])).toBe(false);
    expect(sameBodies([a], [{ ...a, error: 'body: missing' }])).toBe(false);
  });
});
