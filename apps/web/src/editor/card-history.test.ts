import type { AuditEntry } from '@factmark/api';
import { describe, expect, it } from 'vitest';
import { describeEntry, historyLines } from './CardHistory.tsx';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 14, 9, minute)).toISOString();
const entry = (minute: number, userId: string, action: string, details: Record<string, unknown>): AuditEntry => ({
  at: at(minute),
  userId,
  annotationId: 'c1',
  action,
  details,
});

describe('a card’s history', () => {
  it('tells two people typing in one field at once as one line each, not alternating', () => {
    const lines = historyLines([
      entry(0, 'ana', 'created', { kind: 'claim' }),
      entry(1, 'ana', 'changed', { fields: ['rationale'] }),
      entry(1, 'ben', 'changed', { fields: ['rationale'] }),
      entry(2, 'ana', 'changed', { fields: ['rationale'] }),
      entry(2, 'ben', 'changed', { fields: ['rationale'] }),
      entry(3, 'ana', 'changed', { fields: ['rationale'] }),
    ]);
    expect(lines.map((l) => [l.entry.userId, l.times])).toEqual([
      ['ana', 3],
      ['ben', 2],
      ['ana', 1],
    ]);
  });

  it('tells a run of one person’s typing in one field once, newest first, and keeps other changes apart', () => {
    const lines = historyLines([
      entry(0, 'ana', 'created', { kind: 'claim' }),
      entry(1, 'ana', 'changed', { fields: ['rationale'] }),
      entry(2, 'ana', 'changed', { fields: ['rationale'] }),
      entry(3, 'ana', 'changed', { fields: ['rationale'] }),
      entry(4, 'ben', 'changed', { fields: ['rationale'] }),
      entry(5, 'ana', 'verdict', { from: null, to: 'Mostly false' }),
      entry(40, 'ana', 'changed', { fields: ['rationale'] }),
    ]);
    expect(lines.map((l) => [l.entry.userId, describeEntry(l.entry), l.times])).toEqual([
      ['ana', 'changed the rationale', 1],
      ['ana', 'set the verdict: none → Mostly false', 1],
      ['ben', 'changed the rationale', 1],
      ['ana', 'changed the rationale', 3],
      ['ana', 'created the claim', 1],
    ]);
  });

  it('says status moves and decisions in the page’s words', () => {
    expect(describeEntry(entry(0, 'a', 'status', { from: 'draft', to: 'in_review' }))).toBe(
      'moved it: Draft → In review',
    );
    expect(describeEntry(entry(0, 'a', 'correction_accepted', {}))).toBe('accepted the correction');
    expect(describeEntry(entry(0, 'a', 'changed', { fields: ['sourceIds'] }))).toBe('changed the sources');
  });
});
