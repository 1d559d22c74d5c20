/**
 * My work, per person and role: what is assigned, unfinished, waiting for a decision, answered, or waiting for a
 * second reviewer — and nothing else; a document read again only when it changed.
 */
import { bodyField, type Role } from '@factmark/collab';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { DocBuilder, T0 } from '../../../../packages/interop/src/test-support/builder.ts';
import type { DocumentAccess } from './document-access.ts';
import { MyWork } from './my-work.ts';

const ana = { id: 'u-ana', name: 'Ana' };
const ben = { id: 'u-ben', name: 'Ben' };
const carla = { id: 'u-carla', name: 'Carla' };

function desk() {
  const b = new DocBuilder();
  const law = b.source({ url: 'https://parliament.example/budget-2023', title: 'Budget law 2023' });
  b.annotate('claim', 'More than 50,000 soldiers', { author: ana, updatedBy: ana });
  b.annotate('claim', '140 aircraft', {
    author: ana,
    updatedBy: ana,
    verdict: 'False',
    verdictBy: ana,
    status: 'in_review',
    assignee: ben,
    sourceIds: [law],
  });
  b.annotate('claim', 'the defense budget to 4.2 billion crowns', {
    author: ben,
    updatedBy: ben,
    verdict: 'True',
    status: 'published',
    sourceIds: [law],
    checkedBy: { ...ana, at: T0, verdict: 'True' },
  });
  b.annotate('correction', 'hostile information attacks', {
    author: carla,
    updatedBy: carla,
    proposed: 'hostile attacks',
  });
  b.annotate('comment', 'said on Monday', {
    author: carla,
    updatedBy: carla,
    thread: [
      { id: 'm1', author: carla, text: 'Monday or Tuesday?', createdAt: T0 },
      { id: 'm2', author: ben, text: 'Tuesday, per the wire.', createdAt: T0 },
    ],
  });
  b.annotate('comment', 'Oleg Taran', {
    author: carla,
    updatedBy: carla,
    resolved: true,
    resolvedBy: ben,
    resolvedAt: T0,
    thread: [
      { id: 'm3', author: carla, text: 'Which title?', createdAt: T0 },
      { id: 'm4', author: ben, text: 'Deputy minister.', createdAt: T0 },
    ],
  });
  return b.doc;
}

describe('My work', () => {
  it('lists for each person what waits for them, by role, and reads a document again only when it changed', async () => {
    const doc = desk();
    let reads = 0;
    const access = {
      read: async <T>(_id: string, reader: (d: Y.Doc) => T) => {
        reads++;
        return reader(doc);
      },
    } as unknown as DocumentAccess;
    const work = new MyWork(access);
    const meta = { id: 'd1', title: 'Varnia drills', createdAt: T0, updatedAt: T0 };
    const of = async (who: { id: string }, role: Role) =>
      (await work.of(who.id, [{ ...meta, role }])).map((i) => [i.category, i.text, i.detail]);
    expect(await of(ana, 'editor')).toEqual([
      ['unfinished', 'More than 50,000 soldiers', 'no verdict or source yet'],
      ['decision', 'hostile information attacks', 'waits for a decision'],
    ]);
    expect(await of(ben, 'editor')).toEqual([
      ['assigned', '140 aircraft', 'assigned to you'],
      ['review', '140 aircraft', 'Ana gave it “False”: a second reviewer checks it'],
      ['decision', 'hostile information attacks', 'waits for a decision'],
    ]);
    // A commenter decides no correction and checks no one else's claim; their answered thread is theirs.
    expect(await of(carla, 'commenter')).toEqual([['replies', 'said on Monday', 'Ben replied']]);
    expect(await of({ id: 'u-nobody' }, 'viewer')).toEqual([]);
    expect(reads).toBe(1);
    // A new version is read again: a colleague assigns Carla the first claim.
    const claims = doc.getMap<Y.Map<unknown>>('annotations');
    for (const [, body] of claims)
      if (bodyField(body, 'quote') === 'More than 50,000 soldiers') body.set('assignee', carla);
    const changed = { ...meta, updatedAt: new Date().toISOString() };
    const carlaNow = (await work.of(carla.id, [{ ...changed, role: 'commenter' }])).map((i) => i.category);
    expect(carlaNow).toEqual(expect.arrayContaining(['assigned', 'replies']));
    expect(reads).toBe(2);
  });
});
