/** Which webhook events a change to one annotation body makes — and which changes make none. */
import { describe, expect, it } from 'vitest';
import { webhookEventsFor } from './webhook-events.ts';

const ana = { id: 'u-ana', name: 'Ana' };
const doc = { id: 'd1', title: 'Varnia begins its drills' };
const at = '2026-12-04T10:00:00.000Z';
const claim = {
  id: 'c1',
  kind: 'claim',
  quote: 'more than 50,000 soldiers and 140 aircraft',
  statement: 'More than 50,000 soldiers and 140 aircraft take part',
  verdict: null,
  rationale: '',
  status: 'draft',
  thread: [] as Record<string, unknown>[],
};
const types = (before: Record<string, unknown> | null, after: Record<string, unknown> | null) =>
  webhookEventsFor({ id: 'c1', before, after }, ana, doc, at).map((e) => e.type);

describe('webhook events', () => {
  it('names a claim created, its verdict changed and its publication — once each', () => {
    expect(types(null, claim)).toEqual(['claim.created']);
    // Filed already published (an import): both.
    expect(types(null, { ...claim, status: 'published', verdict: 'false' })).toEqual([
      'claim.created',
      'claim.published',
    ]);
    const judged = { ...claim, verdict: 'false', status: 'in_review' };
    expect(types(claim, judged)).toEqual(['claim.verdict_changed']);
    expect(types(judged, { ...judged, verdict: null })).toEqual(['claim.verdict_changed']);
    expect(types(judged, { ...judged, status: 'published' })).toEqual(['claim.published']);
    expect(types({ ...judged, status: 'published' }, { ...judged, status: 'published', rationale: 'x' })).toEqual([]);
  });

  it('names a correction decided, and a message posted on any annotation', () => {
    const fix = { id: 'k1', kind: 'correction', quote: 'malicious or malicious', state: 'proposed', thread: [] };
    expect(types(fix, { ...fix, state: 'accepted' })).toEqual(['correction.accepted']);
    expect(types(fix, { ...fix, state: 'rejected' })).toEqual(['correction.rejected']);
    expect(types({ ...fix, state: 'rejected' }, { ...fix, state: 'rejected' })).toEqual([]);
    const message = {
      id: 'm1',
      author: ana,
      text: 'Ask <@6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b> for the briefing.',
      createdAt: at,
    };
    const events = webhookEventsFor({ id: 'c1', before: claim, after: { ...claim, thread: [message] } }, ana, doc, at);
    expect(events.map((e) => e.type)).toEqual(['comment.added']);
    expect(JSON.parse(events[0]!.data)).toMatchObject({
      document: doc,
      annotation: { id: 'c1', kind: 'claim', statement: claim.statement },
      message: {
        id: 'm1',
        text: 'Ask <@6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b> for the briefing.',
        mentions: ['6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'],
      },
      by: ana,
    });
    // Editing a message is not a new one.
    expect(types({ ...claim, thread: [message] }, { ...claim, thread: [{ ...message, text: 'Ask Ben.' }] })).toEqual(
      [],
    );
  });

  it('makes none for a removal, a rationale or an assignment', () => {
    expect(types(claim, null)).toEqual([]);
    expect(types(claim, { ...claim, rationale: 'The ministry’s figure is 35,000.' })).toEqual([]);
    expect(types(claim, { ...claim, assignee: ana })).toEqual([]);
  });
});
