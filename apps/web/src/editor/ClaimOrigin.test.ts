/**
 * The claim's origin form when the saved origin changes under it (a colleague, an undo, its own save coming back):
 * the fields the change touched show the new value, and what the person typed in the others stays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Draft, withSavedChanges } from './ClaimOrigin.tsx';

const empty: Draft = { name: '', kind: 'person', role: '', url: '', date: '', appearances: '', first: '' };

describe('the origin form after a saved change', () => {
  it('keeps a URL typed after the claimant was saved, when that save comes back', () => {
    const before = empty;
    const after: Draft = { ...empty, name: 'Varnian Defense Ministry', kind: 'organization' };
    const typed: Draft = { ...after, url: 'javascript:alert(1)' };
    expect(withSavedChanges(typed, before, after)).toEqual(typed);
  });

  it('shows a colleague’s change of a field over what was typed there', () => {
    const before: Draft = { ...empty, name: 'The ministry' };
    const after: Draft = { ...before, name: 'The Defense Ministry' };
    const typed: Draft = { ...before, name: 'The ministr', date: '2026-03-13' };
    expect(withSavedChanges(typed, before, after)).toEqual({ ...typed, name: 'The Defense Ministry' });
  });

  it('for any change: the touched fields are the new saved ones, the others are as typed', () => {
    const text = fc.string({ maxLength: 6 });
    const draft = fc.record({
      name: text,
      kind: fc.constantFrom<Draft['kind']>('person', 'organization'),
      role: text,
      url: text,
      date: text,
      appearances: text,
      first: text,
    });
    fc.assert(
      fc.property(draft, draft, draft, (typed, before, after) => {
        const next = withSavedChanges(typed, before, after);
        for (const field of Object.keys(empty) as (keyof Draft)[])
          expect(next[field]).toBe(before[field] === after[field] ? typed[field] : after[field]);
      }),
    );
  });
});
