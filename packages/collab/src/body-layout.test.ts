// @vitest-environment happy-dom
/** The compact body layout: what a new body leaves out, reading it back whole, writes over defaults, and the layout from before. */
import { articleFromText } from '@factmark/editor';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAnchors } from './anchors.ts';
import { type AnnotationBody, validateBody } from './bodies.ts';
import { bodyField, bodyJSON, bodyKind, bodyToYMap, readBodies, readBody } from './body-layout.ts';
import { migrateBodies } from './body-writes.ts';
import { annotationBodies } from './layout.ts';
import { legacyBodyMap } from './test-support/legacy-layout.ts';
import { Network, select } from './test-support/peers.ts';

const ARTICLE = articleFromText(
  'The ministry said on Monday that more than 50,000 soldiers and 140 aircraft would take part.\n\n' +
    'Officials reported malicious or malicious cyber operations, according to the Defense Ministry. Russian.',
);

let net: Network | null = null;
afterEach(() => {
  net?.destroy();
  net = null;
});

/** One annotation of each kind, with a thread, a decision, a resolution and a source, written by two peers. */
function deskWithEveryKind(): Network {
  net = new Network(ARTICLE, 2);
  const [a, b] = net.peers as [NonNullable<(typeof net.peers)[0]>, NonNullable<(typeof net.peers)[1]>];
  select(a.view, '50,000 soldiers');
  const claim = a.fc.markClaim();
  const source = a.fc.addSource({ url: 'https://ministry.example/briefing', title: 'Briefing' } as never);
  select(a.view, '140 aircraft');
  a.fc.cite({ sourceId: source, excerpt: 'about 140 aircraft', stance: 'supports', claimId: claim });
  select(a.view, 'malicious or malicious');
  const correction = a.fc.proposeCorrection({ proposed: 'malicious', category: 'mistranslation' });
  select(a.view, 'Defense Ministry. Russian.');
  a.fc.addComment('Which ministry?');
  net.deliver(a, b);
  b.fc.setVerdict(claim, 'True');
  b.fc.acceptCorrection(correction);
  net.deliver(b, a);
  return net;
}

describe('the body layout', () => {
  it('leaves out what a new body implies: its id, the stamps of a change not yet made, fields at their default', () => {
    net = new Network(ARTICLE, 1);
    const [a] = net.peers;
    select(a!.view, '140 aircraft');
    const id = a!.fc.markClaim();
    const map = annotationBodies(a!.doc).get(id) as Y.Map<unknown>;
    expect([...map.keys()].sort()).toEqual(
      ['anchors', 'fixed', 'rationale', 'sourceIds', 'statement', 'thread'].sort(),
    );
    // The fields no one may change, in one entry: kind, quote, the author's id and name, the time in milliseconds.
    const created = map.get('fixed') as unknown[];
    expect(created.slice(0, 4)).toEqual(['claim', '140 aircraft', 'peer0', 'peer0']);
    expect(new Date(created[4] as number).toISOString()).toBe(bodyJSON(map).createdAt);
    expect(bodyField(map, 'quote')).toBe('140 aircraft');
    expect(bodyKind(map)).toBe('claim');
    // Read whole: every reader sees the implied fields.
    expect(readBody(a!.doc, id)).toMatchObject({
      ok: true,
      body: { id, verdict: null, status: 'draft', assignee: null, updatedBy: { id: 'peer0' } },
    });
    const body = bodyJSON(map);
    expect(body.updatedAt).toBe(body.createdAt);
    expect(body.anchorStart).toBeInstanceOf(Uint8Array);
    // Readers that show bodies do without the anchors (the span's upkeep reads them from the map).
    const read = readBody(a!.doc, id);
    expect(read?.ok && ['anchorStart', 'anchorEnd', 'anchorSv'].filter((k) => k in read.body)).toEqual([]);
    expect(readAnchors(map).anchorSv).toEqual(body.anchorSv);
    expect(bodyField(map, 'status')).toBe('draft');
  });

  it('reads every kind back as it was written, through writes, decisions and undo', () => {
    const desk = deskWithEveryKind();
    const [a, b] = desk.peers as [NonNullable<(typeof desk.peers)[0]>, NonNullable<(typeof desk.peers)[1]>];
    const bodies = [...readBodies(a.doc).values()];
    expect(bodies.map((x) => x.kind).sort()).toEqual(['citation', 'claim', 'comment', 'correction']);
    // Each body survives the round trip through the layout unchanged, and validates.
    for (const body of bodies) {
      const doc = new Y.Doc();
      annotationBodies(doc).set(body.id, bodyToYMap(body));
      expect(readBody(doc, body.id)).toEqual({ ok: true, body: validateBody(body) });
    }
    const claim = bodies.find((x) => x.kind === 'claim') as AnnotationBody & { verdict: string | null };
    expect(claim.verdict).toBe('True');
    expect(claim.updatedBy).toEqual({ id: 'peer1', name: 'peer1' });
    // Clearing a verdict stores null; the reading is the same as never having one.
    b.fc.setVerdict(claim.id, null);
    expect(readBody(b.doc, claim.id)).toMatchObject({ ok: true, body: { verdict: null } });
    expect(readBodies(a.doc).get(bodies.find((x) => x.kind === 'correction')!.id)).toMatchObject({
      state: 'accepted',
      decidedBy: { id: 'peer1' },
    });
    // Undo takes a verdict given to a new claim back to none (the field is absent again).
    select(a.view, 'would take part');
    const fresh = a.fc.markClaim();
    a.undo.stopCapturing();
    a.fc.setVerdict(fresh, 'False');
    expect(readBody(a.doc, fresh)).toMatchObject({ ok: true, body: { verdict: 'False' } });
    a.undo.undo();
    expect(readBody(a.doc, fresh)).toMatchObject({ ok: true, body: { verdict: null, status: 'draft' } });
    // The peers agree on every body.
    desk.deliver(a, b);
    desk.deliver(b, a);
    expect([...readBodies(a.doc)]).toEqual([...readBodies(b.doc)]);
  });

  it('a body of the layout from before reads the same; migrating packs its anchors and fixed fields, and the document stays the same to read', () => {
    const desk = deskWithEveryKind();
    const [a] = desk.peers;
    const today = readBodies(a!.doc);
    // The same bodies as an older server wrote them: every field, three anchor fields.
    const old = new Y.Doc();
    old.transact(() => {
      for (const [id, map] of annotationBodies(a!.doc))
        annotationBodies(old).set(id, legacyBodyMap(bodyJSON(map as Y.Map<unknown>, id) as AnnotationBody));
    });
    expect(readBodies(old)).toEqual(today);
    const claimId = [...today.values()].find((x) => x.kind === 'claim')!.id;
    const oldClaim = annotationBodies(old).get(claimId) as Y.Map<unknown>;
    expect(oldClaim.has('anchorStart') && oldClaim.has('id') && oldClaim.has('updatedAt')).toBe(true);
    const anchorsBefore = readAnchors(oldClaim);

    expect(migrateBodies(old, 'migration')).toBeGreaterThan(0);
    expect(oldClaim.has('anchorStart') || oldClaim.has('anchorEnd') || oldClaim.has('anchorSv')).toBe(false);
    // Every body's fixed fields are one entry now, as in a new one.
    for (const map of annotationBodies(old).values()) {
      expect(['kind', 'quote', 'author', 'createdAt'].filter((key) => (map as Y.Map<unknown>).has(key))).toEqual([]);
      expect((map as Y.Map<unknown>).get('fixed')).toHaveLength(5);
    }
    expect(readAnchors(oldClaim)).toEqual(anchorsBefore);
    expect(readBodies(old)).toEqual(today);
    // Migrating again changes nothing.
    const sv = Y.encodeStateVector(old);
    expect(migrateBodies(old, 'migration')).toBe(0);
    expect(Y.encodeStateVector(old)).toEqual(sv);
  });

  it('keeps a creation time as written when milliseconds would not give it back the same', () => {
    const desk = deskWithEveryKind();
    const claim = [...readBodies(desk.peers[0]!.doc).values()].find((x) => x.kind === 'claim') as AnnotationBody;
    for (const createdAt of ['2026-12-05T10:00:00.000+02:00', '2026-12-05T08:00:00Z', '2026-12-05T08:00:00.123456Z']) {
      const doc = new Y.Doc();
      const written = { ...claim, createdAt, updatedAt: createdAt };
      annotationBodies(doc).set(claim.id, bodyToYMap(written));
      expect(readBody(doc, claim.id)).toMatchObject({ ok: true, body: { createdAt, updatedAt: createdAt } });
      expect(typeof (annotationBodies(doc).get(claim.id)!.get('fixed') as unknown[])[4]).toBe('string');
    }
  });

  it('stores a new claim in well under the bytes the layout from before took', () => {
    const desk = deskWithEveryKind();
    const [a] = desk.peers;
    const claim = [...readBodies(a!.doc).values()].find((x) => x.kind === 'claim') as AnnotationBody;
    const size = (map: Y.Map<unknown>) => {
      const doc = new Y.Doc();
      annotationBodies(doc).set(claim.id, map);
      return Y.encodeStateAsUpdate(doc).length;
    };
    const fresh = { ...claim, verdict: null, updatedAt: claim.createdAt, updatedBy: claim.author } as AnnotationBody;
    const compact = size(bodyToYMap(fresh));
    const legacy = size(legacyBodyMap(fresh));
    expect(compact).toBeLessThan(legacy * 0.5);
  });
});
