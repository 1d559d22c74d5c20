/**
 * The claim index brought along by each change (judged-claims.ts, the stores' `follow`) against the trusted reading,
 * on SQLite and on PostgreSQL:
 * after any sequence of changes to claims — made by a person (with an audit trail) or by the server (without) — the
 * index holds what reading the stored document whole gives, and stays current (nothing left for a search to read).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnnotationBody, annotationBodies, bodyToYMap, docFromUpdates, newClaimBody } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresStore } from '../storage/postgres-store.ts';
import { SqliteStore } from '../storage/sqlite-store.ts';
import { StoredDocuments } from './document-access.ts';
import { DocumentService } from './document-service.ts';
import { claimIndexChanges, judgedClaim, judgedClaims } from './judged-claims.ts';

const ada = { id: 'ada', name: 'Ada' };
const VERDICTS = ['True', 'Mostly false', 'False'] as const;

/** One change to the document's claims (or to something else), on claim `n` of three. */
type Op =
  | { op: 'create'; n: number; verdict: string | null }
  | { op: 'verdict'; n: number; verdict: string | null }
  | { op: 'statement'; n: number; text: string }
  | { op: 'checked'; n: number; same: boolean }
  | { op: 'remove'; n: number }
  | { op: 'other' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), n: fc.nat(2), verdict: fc.constantFrom(null, ...VERDICTS) }),
  fc.record({ op: fc.constant('verdict' as const), n: fc.nat(2), verdict: fc.constantFrom(null, ...VERDICTS) }),
  fc.record({
    op: fc.constant('statement' as const),
    n: fc.nat(2),
    text: fc.constantFrom('', '  ', 'More than 50,000 soldiers', ' and 140 aircraft', 'the ministry said on Monday'),
  }),
  fc.record({ op: fc.constant('checked' as const), n: fc.nat(2), same: fc.boolean() }),
  fc.record({ op: fc.constant('remove' as const), n: fc.nat(2) }),
  fc.constant({ op: 'other' as const }),
);

/** Apply `op` to `doc` (what a change's function does), at minute `minute` of a day. */
function apply(doc: Y.Doc, op: Op, minute: number): void {
  const at = new Date(Date.UTC(2026, 10, 3, 9, minute)).toISOString();
  const bodies = annotationBodies(doc);
  if (op.op === 'other') {
    doc.getMap('elsewhere').set('minute', minute);
    return;
  }
  const id = `claim${op.n}`;
  const body = bodies.get(id) as Y.Map<unknown> | undefined;
  if (op.op === 'create') {
    if (body) return;
    const created = newClaimBody({
      id,
      quote: `Claim ${op.n} of the Kessel Sea drills`,
      author: ada,
      at: new Date(at),
    });
    bodies.set(id, bodyToYMap({ ...created, verdict: op.verdict, verdictAt: op.verdict ? at : null }));
    return;
  }
  if (!body) return;
  if (op.op === 'verdict') {
    body.set('verdict', op.verdict);
    body.set('verdictAt', op.verdict ? at : null);
  } else if (op.op === 'statement') {
    const statement = body.get('statement');
    if (statement instanceof Y.Text) {
      statement.delete(0, statement.length);
      statement.insert(0, op.text);
    } else body.set('statement', new Y.Text(op.text));
  } else if (op.op === 'checked') {
    const verdict = body.get('verdict');
    body.set('checkedBy', { id: 'bo', name: 'Bo', at, verdict: op.same ? verdict : 'Unproven' });
  } else bodies.delete(id);
}

/** A document holding `body` alone. */
function docWith(body: Record<string, unknown>): Y.Doc {
  const doc = new Y.Doc();
  annotationBodies(doc).set(String(body.id), bodyToYMap(body as AnnotationBody));
  return doc;
}

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `factmark_judged_${randomBytes(6).toString('hex')}`;

for (const [backend, open, runs] of [
  ['SQLite', async () => new SqliteStore(mkdtempSync(join(tmpdir(), 'factmark-judged-'))), 40],
  ['PostgreSQL', () => PostgresStore.open(url, schema), 40],
] as const) {
  describe(`the claim index follows each change, on ${backend}`, () => {
    let store: SqliteStore | PostgresStore;
    beforeAll(async () => {
      store = await open();
      await store.createUser({ ...ada, email: 'ada@desk.example', isAdmin: false, createdAt: '' }, 'x');
    });
    afterAll(async () => {
      if (store instanceof PostgresStore) await store.dropSchema(schema);
      await store.close();
    });

    it('holds what the stored document reads, after any changes by people and by the server', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(opArb, fc.boolean()), { maxLength: 14 }), async (ops) => {
          const documents = new StoredDocuments(store);
          const meta = await new DocumentService(store, documents).create(articleFromText('Drills\n\nText.'), 'ada');
          const stored = async () => judgedClaims(docFromUpdates(await store.loadUpdates(meta.id)));
          for (const [i, [op, byPerson]] of ops.entries()) {
            const change = (doc: Y.Doc) => apply(doc, op, i);
            await documents.change(meta.id, {}, change, byPerson ? { by: ada } : undefined);
            expect(await store.claimIndex.stale('ada')).toEqual([]);
            expect(await store.claimIndex.indexed(meta.id)).toEqual(await stored());
          }
        }),
        { numRuns: runs },
      );
    }, 60_000);
  });
}

describe('a judged claim', () => {
  it('reads a claim as judged only with a verdict and a statement, dated by its check when it agrees', () => {
    const body = {
      id: 'c1',
      kind: 'claim',
      statement: '  More than 50,000\n soldiers ',
      verdict: 'True',
      verdictAt: '2026-11-02T10:00:00.000Z',
      updatedAt: '2026-11-04T10:00:00.000Z',
      checkedBy: { id: 'bo', name: 'Bo', verdict: 'True', at: '2026-11-03T10:00:00.000Z' },
    };
    expect(judgedClaim(body)).toEqual({
      claimId: 'c1',
      statement: 'More than 50,000 soldiers',
      verdict: 'True',
      checkedAt: '2026-11-03',
    });
    expect(judgedClaim({ ...body, checkedBy: { ...body.checkedBy, verdict: 'False' } })?.checkedAt).toBe('2026-11-02');
    expect(judgedClaim({ ...body, checkedBy: null, verdictAt: null })?.checkedAt).toBe('2026-11-04');
    expect(judgedClaim({ ...body, verdict: null })).toBeNull();
    expect(judgedClaim({ ...body, statement: ' \n ' })).toBeNull();
    expect(judgedClaim({ ...body, kind: 'comment' })).toBeNull();
    expect(judgedClaim({ ...body, statement: 42 })).toBeNull();
  });

  it('changes the index only where what it holds changes, and never for a body a whole reading leaves out', () => {
    const created = newClaimBody({ id: 'c1', quote: 'more than 50,000 soldiers', author: ada, at: new Date(0) });
    const body = { ...created, verdict: 'True', verdictAt: '2026-11-02T10:00:00.000Z' };
    const judged = { claimId: 'c1', statement: 'more than 50,000 soldiers', verdict: 'True', checkedAt: '2026-11-02' };
    expect(claimIndexChanges([{ id: 'c1', before: null, after: body }])).toEqual([{ claimId: 'c1', claim: judged }]);
    // A new thread message changes nothing the index holds.
    const message = { id: 'm1', author: ada, text: 'Checked the ministry', createdAt: '2026-11-02T11:00:00.000Z' };
    expect(claimIndexChanges([{ id: 'c1', before: body, after: { ...body, thread: [message] } }])).toEqual([]);
    expect(claimIndexChanges([{ id: 'c1', before: body, after: null }])).toEqual([{ claimId: 'c1', claim: null }]);
    // A second review without a verdict does not validate: readBodies leaves the body out, so it is not judged.
    const invalid = { ...body, checkedBy: { id: 'bo', name: 'Bo', at: '2026-11-03T10:00:00.000Z', verdict: null } };
    expect(judgedClaims(docWith(invalid))).toEqual([]);
    expect(claimIndexChanges([{ id: 'c1', before: body, after: invalid }])).toEqual([{ claimId: 'c1', claim: null }]);
    expect(claimIndexChanges([{ id: 'c1', before: null, after: invalid }])).toEqual([]);
  });
});
