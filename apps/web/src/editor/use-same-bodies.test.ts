import { newClaimBody } from '@factmark/collab';
import { describe, expect, it } from 'vitest';
import { sameBodies } from './use-same-bodies.ts';
import type { WorkspaceEntry } from './workspace-model.ts';

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
