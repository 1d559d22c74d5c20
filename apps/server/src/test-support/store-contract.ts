import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { AccountStore } from '../auth/account-store.ts';
import { DocumentGone, type DocumentStore } from '../storage/store.ts';

type Store = DocumentStore & AccountStore;

/** One update that appends `text` to the shared text `t` of a doc with client id `client`. */
export function textUpdate(client: number, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc.getText('t').toString();
}

const meta = (id: string) => ({
  id,
  title: `Doc ${id}`,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

/**
 * The behaviour every store must have, run against each implementation
 * (SQLite, Postgres) by its own test file.
 */
export function storeContract(name: string, open: () => Promise<{ store: Store; dispose: () => Promise<void> }>): void {
  describe(`${name} store`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => {
      await dispose();
    });

    it('creates, lists, renames and deletes documents', async () => {
      await store.createDocument(meta('aaaaaaaaaaaa'), textUpdate(1, 'a'));
      await store.createDocument(meta('bbbbbbbbbbbb'), textUpdate(2, 'b'));
      expect((await store.listDocuments()).map((d) => d.id).sort()).toEqual(['aaaaaaaaaaaa', 'bbbbbbbbbbbb']);
      await store.setTitle('aaaaaaaaaaaa', 'Renamed');
      expect((await store.getDocument('aaaaaaaaaaaa'))?.title).toBe('Renamed');
      await store.deleteDocument('bbbbbbbbbbbb');
      expect(await store.getDocument('bbbbbbbbbbbb')).toBeNull();
      expect(await store.loadUpdates('bbbbbbbbbbbb')).toEqual([]);
    });

    it('says a deleted document is gone when an update for it comes late, and stores nothing of it', async () => {
      await store.createDocument(meta('gggggggggggg'), textUpdate(1, 'x'));
      await store.deleteDocument('gggggggggggg');
      const late = store.appendUpdate('gggggggggggg', textUpdate(41, 'y'), {
        claims: [{ userId: 'u1', clients: [41] }],
      });
      await expect(late).rejects.toBeInstanceOf(DocumentGone);
      await expect(late).rejects.toMatchObject({ documentId: 'gggggggggggg' });
      expect(await store.loadUpdates('gggggggggggg')).toEqual([]);
      expect(await store.clientOwners('gggggggggggg')).toEqual(new Map());
      // The store goes on: another document's update is stored.
      await store.createDocument(meta('ffffffffffff'), textUpdate(1, 'x'));
      await store.appendUpdate('ffffffffffff', textUpdate(42, 'z'));
      expect(await store.loadUpdates('ffffffffffff')).toHaveLength(2);
    });

    it('keeps every appended update, in order', async () => {
      await store.createDocument(meta('cccccccccccc'), textUpdate(1, 'x'));
      for (let i = 0; i < 20; i++) await store.appendUpdate('cccccccccccc', textUpdate(100 + i, `${i},`));
      const updates = await store.loadUpdates('cccccccccccc');
      expect(updates).toHaveLength(21);
      expect(updates[0]).toEqual(textUpdate(1, 'x'));
      const text = textOf(updates);
      expect(text).toContain('x');
      for (let i = 0; i < 20; i++) expect(text).toContain(`${i},`);
    });

    it('records an update with the client ids it claims and its audit trail in one transaction: all or none', async () => {
      await store.createDocument(meta('kkkkkkkkkkkk'), textUpdate(1, 'x'));
      const at = new Date().toISOString();
      await store.appendUpdate('kkkkkkkkkkkk', textUpdate(31, 'y'), {
        claims: [{ userId: 'u1', clients: [31] }],
        audit: [{ at, userId: 'u1', annotationId: 'a1', action: 'created', details: { kind: 'claim' } }],
      });
      expect(textOf(await store.loadUpdates('kkkkkkkkkkkk'))).toMatch(/^(xy|yx)$/);
      expect(await store.clientOwners('kkkkkkkkkkkk')).toEqual(new Map([[31, 'u1']]));
      expect((await store.listAudit('kkkkkkkkkkkk')).map((e) => e.action)).toEqual(['created']);
      // An audit entry that cannot be written (its details do not serialise): nothing of the three is kept.
      const broken = { at, userId: 'u2', annotationId: 'a2', action: 'created' as const, details: { n: 1n } };
      await expect(
        store.appendUpdate('kkkkkkkkkkkk', textUpdate(32, 'z'), {
          claims: [{ userId: 'u2', clients: [32] }],
          audit: [broken as never],
        }),
      ).rejects.toThrow();
      expect(await store.loadUpdates('kkkkkkkkkkkk')).toHaveLength(2);
      expect((await store.clientOwners('kkkkkkkkkkkk')).has(32)).toBe(false);
      expect(await store.listAudit('kkkkkkkkkkkk')).toHaveLength(1);
    });

    it('brings a current claim index along with each update that says what it does to the claims; else it falls behind', async () => {
      const doc = 'iiiiiiiiiiii';
      const claim = (claimId: string, verdict: string) => ({
        claimId,
        statement: `Over 50,000 soldiers and 140 aircraft took part (${claimId})`,
        verdict,
        checkedAt: '2026-11-03',
      });
      await store.createUser({ id: 'ada', email: 'ada@desk.example', name: 'Ada', isAdmin: false, createdAt: '' }, 'x');
      await store.createDocument(meta(doc), textUpdate(1, 'a'));
      await store.setRole(doc, 'ada', 'editor');
      const stale = async () => (await store.claimIndex.stale('ada')).map((d) => d.id);
      const found = async () =>
        (await store.claimIndex.similar('ada', 'soldiers and aircraft took part', { excludeDocumentId: '', limit: 9 }))
          .map((c) => `${c.claimId}:${c.verdict}`)
          .sort();
      // Not indexed yet: an update's changes are not applied to an index that is not there.
      await store.appendUpdate(doc, textUpdate(2, 'b'), {
        claimIndex: [{ claimId: 'c0', claim: claim('c0', 'True') }],
      });
      expect(await stale()).toEqual([doc]);
      expect(await store.claimIndex.indexed(doc)).toEqual([]);

      const version = (await store.getDocument(doc))!.updatedAt;
      await store.claimIndex.replace(doc, version, [claim('c1', 'True'), claim('c2', 'False')]);
      expect(await stale()).toEqual([]);
      // Current: each update's changes are applied in order, and the index stays current.
      await store.appendUpdate(doc, textUpdate(3, 'c'), {
        claimIndex: [
          { claimId: 'c2', claim: null },
          { claimId: 'c3', claim: claim('c3', 'Mostly false') },
          { claimId: 'c1', claim: claim('c1', 'Misleading') },
          { claimId: 'c3', claim: claim('c3', 'False') },
        ],
      });
      await store.appendUpdate(doc, textUpdate(4, 'd'), { claimIndex: [] });
      expect(await stale()).toEqual([]);
      expect(await store.claimIndex.indexed(doc)).toEqual([claim('c1', 'Misleading'), claim('c3', 'False')]);
      // The words' index follows too: the removed claim is not found, the new one is.
      expect(await found()).toEqual(['c1:Misleading', 'c3:False']);
      // An update that does not say what it does to the claims leaves the index behind, and later ones do not apply.
      await store.appendUpdate(doc, textUpdate(5, 'e'));
      await store.appendUpdate(doc, textUpdate(6, 'f'), { claimIndex: [{ claimId: 'c1', claim: null }] });
      expect(await stale()).toEqual([doc]);
      expect(await store.claimIndex.indexed(doc)).toEqual([claim('c1', 'Misleading'), claim('c3', 'False')]);
    });

    it('gives each update a version of its own, in one millisecond or with the clock set back', async () => {
      const doc = 'vvvvvvvvvvvv';
      await store.createDocument(meta(doc), textUpdate(1, 'a'));
      await store.createUser({ id: 'bo', email: 'bo@desk.example', name: 'Bo', isAdmin: false, createdAt: '' }, 'x');
      await store.setRole(doc, 'bo', 'editor');
      const version = async () => (await store.getDocument(doc))!.updatedAt;
      await store.claimIndex.replace(doc, await version(), []);
      // A minute after the document's creation; the third update's clock is set back two minutes.
      const t = Date.now() + 60_000;
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        const versions: string[] = [];
        for (const [i, at] of [t, t, t - 120_000, t].entries()) {
          vi.setSystemTime(at);
          // The first says what it does to the claims (nothing), the next do not: the index must fall behind.
          await store.appendUpdate(doc, textUpdate(2 + i, 'b'), i === 0 ? { claimIndex: [] } : {});
          versions.push(await version());
          if (i === 1) expect((await store.claimIndex.stale('bo')).map((d) => d.id)).toEqual([doc]);
        }
        expect(versions).toEqual([0, 1, 2, 3].map((ms) => new Date(t + ms).toISOString()));
      } finally {
        vi.useRealTimers();
      }
    });

    it('compacts updates into one without changing the content', async () => {
      await store.createDocument(meta('dddddddddddd'), textUpdate(1, 'start'));
      for (let i = 0; i < 50; i++) await store.appendUpdate('dddddddddddd', textUpdate(200 + i, `<${i}>`));
      const before = textOf(await store.loadUpdates('dddddddddddd'));
      expect(await store.compact('dddddddddddd')).toBe(51);
      expect(await store.countUpdates('dddddddddddd')).toBe(1);
      expect(textOf(await store.loadUpdates('dddddddddddd'))).toBe(before);
      expect(await store.compact('dddddddddddd')).toBe(0);
    });

    it('loses no write that races with compaction', async () => {
      await store.createDocument(meta('eeeeeeeeeeee'), textUpdate(1, ''));
      const writes: Promise<void>[] = [];
      const compactions: Promise<number>[] = [];
      for (let i = 0; i < 200; i++) {
        writes.push(store.appendUpdate('eeeeeeeeeeee', textUpdate(1000 + i, `[${i}]`)));
        if (i % 20 === 0) compactions.push(store.compact('eeeeeeeeeeee'));
      }
      await Promise.all([...writes, ...compactions]);
      await store.compact('eeeeeeeeeeee');
      const text = textOf(await store.loadUpdates('eeeeeeeeeeee'));
      for (let i = 0; i < 200; i++) expect(text).toContain(`[${i}]`);
      expect(await store.countUpdates('eeeeeeeeeeee')).toBe(1);
    });

    it('merges off the event loop: a write made while it compacts is stored before it ends, and kept', async () => {
      // A large document's merge takes the server's thread for half a second or more: every edit would wait for it.
      await store.createDocument(meta('gggggggggggg'), textUpdate(1, 'start'));
      for (let i = 0; i < 30; i++) await store.appendUpdate('gggggggggggg', textUpdate(300 + i, `<${i}>`));
      const order: string[] = [];
      const compaction = store.compact('gggggggggggg').then((n) => order.push(`compacted ${n}`));
      const write = store.appendUpdate('gggggggggggg', textUpdate(999, '[during]')).then(() => order.push('written'));
      await Promise.all([compaction, write]);
      expect(order).toEqual(['written', 'compacted 31']);
      expect(await store.countUpdates('gggggggggggg')).toBe(2);
      const text = textOf(await store.loadUpdates('gggggggggggg'));
      for (const part of ['start', '<0>', '<29>', '[during]']) expect(text).toContain(part);
    });

    it('keeps accounts, sessions, settings and roles', async () => {
      await store.createDocument(meta('ffffffffffff'), textUpdate(1, ''));
      const user = { id: 'u1', email: 'a@desk.example', name: 'A', isAdmin: true, createdAt: new Date().toISOString() };
      await store.createUser(user, 'hash');
      expect(await store.countUsers()).toBe(1);
      expect(await store.findUserByEmail('a@desk.example')).toEqual({ ...user, passwordHash: 'hash' });
      expect(await store.getUser('u1')).toEqual(user);
      await store.createSession('t1', { userId: 'u1', csrfToken: 'c', expiresAt: Date.now() + 1000 });
      expect(await store.getSession('t1', Date.now())).toMatchObject({ userId: 'u1', csrfToken: 'c' });
      expect(await store.getSession('t1', Date.now() + 5000)).toBeNull();
      await store.deleteSession('t1');
      expect(await store.getSession('t1', Date.now())).toBeNull();
      await store.setSetting('k', 'v');
      await store.setSetting('k', 'w');
      expect(await store.getSetting('k')).toBe('w');
      await store.setSetting('k', null);
      expect(await store.getSetting('k')).toBeNull();
      await store.setRole('ffffffffffff', 'u1', 'editor');
      await store.setRole('ffffffffffff', 'u1', 'commenter');
      expect(await store.getRole('ffffffffffff', 'u1')).toBe('commenter');
      expect(await store.listMembers('ffffffffffff')).toEqual([
        { documentId: 'ffffffffffff', user: { id: 'u1', email: 'a@desk.example', name: 'A' }, role: 'commenter' },
      ]);
      expect(await store.documentsOf('u1')).toEqual(new Map([['ffffffffffff', 'commenter']]));
      await store.setRole('ffffffffffff', 'u1', null);
      expect(await store.getRole('ffffffffffff', 'u1')).toBeNull();
    });

    it('gives webhook events only to endpoints whose person may still keep them (owner; the desk’s: administrator)', async () => {
      await store.createDocument(meta('hhhhhhhhhhhh'), textUpdate(1, ''));
      const at = new Date().toISOString();
      for (const [id, isAdmin] of [
        ['u-own', false],
        ['u-admin', true],
        ['u-gone', false],
      ] as const)
        await store.createUser({ id, email: `${id}@desk.example`, name: id, isAdmin, createdAt: at }, 'hash');
      await store.setRole('hhhhhhhhhhhh', 'u-own', 'owner');
      await store.setRole('hhhhhhhhhhhh', 'u-gone', 'editor');
      const hook = (id: string, documentId: string | null, ownerId: string) =>
        store.webhooks.create({
          id,
          documentId,
          ownerId,
          url: 'https://cms.newsroom.test/hook',
          events: ['claim.created'],
          createdAt: at,
          pausedAt: null,
          pauseReason: null,
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        });
      await hook('owned', 'hhhhhhhhhhhh', 'u-own');
      await hook('demoted', 'hhhhhhhhhhhh', 'u-gone');
      await hook('desk', null, 'u-admin');
      await hook('desk-not-admin', null, 'u-own');
      const event = (id: string) =>
        store.appendUpdate('hhhhhhhhhhhh', textUpdate(2, id), {
          webhookEvents: [{ id, documentId: 'hhhhhhhhhhhh', type: 'claim.created', createdAt: at, data: '{}' }],
        });
      const count = async (id: string) => (await store.webhooks.deliveries(id, 10)).length;
      await event('e1');
      expect([
        await count('owned'),
        await count('demoted'),
        await count('desk'),
        await count('desk-not-admin'),
      ]).toEqual([1, 0, 1, 0]);
      // Ownership taken away: the endpoint hears nothing more.
      await store.setRole('hhhhhhhhhhhh', 'u-own', 'editor');
      await event('e2');
      expect([await count('owned'), await count('desk')]).toEqual([1, 2]);
    });

    it('keeps the audit trail in order and filters it by annotation and by user', async () => {
      await store.createDocument(meta('gggggggggggg'), textUpdate(1, ''));
      const at = new Date().toISOString();
      await store.appendAudit('gggggggggggg', [
        { at, userId: 'u1', annotationId: 'a1', action: 'created', details: { kind: 'claim' } },
        { at, userId: 'u2', annotationId: 'a1', action: 'verdict', details: { from: null, to: 'False' } },
        { at, userId: 'u2', annotationId: 'a2', action: 'created', details: { kind: 'comment' } },
      ]);
      expect((await store.listAudit('gggggggggggg')).map((e) => e.action)).toEqual(['created', 'verdict', 'created']);
      expect(await store.listAudit('gggggggggggg', { annotationId: 'a1', userId: 'u2' })).toEqual([
        { at, userId: 'u2', annotationId: 'a1', action: 'verdict', details: { from: null, to: 'False' } },
      ]);
      expect((await store.listAudit('gggggggggggg', { userId: 'u1' })).length).toBe(1);
    });

    it('remembers which user writes as each Yjs client id; the first claim stands', async () => {
      await store.createDocument(meta('iiiiiiiiiiii'), textUpdate(1, ''));
      expect(await store.clientOwners('iiiiiiiiiiii')).toEqual(new Map());
      await store.claimClients('iiiiiiiiiiii', [7, 4_294_967_295], 'u1');
      await store.claimClients('iiiiiiiiiiii', [7, 8], 'u2');
      expect(await store.clientOwners('iiiiiiiiiiii')).toEqual(
        new Map([
          [7, 'u1'],
          [4_294_967_295, 'u1'],
          [8, 'u2'],
        ]),
      );
      await store.deleteDocument('iiiiiiiiiiii');
      expect(await store.clientOwners('iiiiiiiiiiii')).toEqual(new Map());
    });

    it('keeps named versions, newest first', async () => {
      await store.createDocument(meta('hhhhhhhhhhhh'), textUpdate(1, 'v'));
      const v = (n: number) => ({
        id: `v${n}`,
        documentId: 'hhhhhhhhhhhh',
        name: `Version ${n}`,
        createdAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
        createdBy: 'u1',
      });
      await store.createVersion(v(1), textUpdate(1, 'one'));
      await store.createVersion(v(2), textUpdate(1, 'two'));
      expect((await store.listVersions('hhhhhhhhhhhh')).map((x) => x.name)).toEqual(['Version 2', 'Version 1']);
      const got = await store.getVersion('hhhhhhhhhhhh', 'v1');
      expect(got?.meta).toEqual(v(1));
      expect(textOf([got!.state])).toBe('one');
      expect(await store.getVersion('hhhhhhhhhhhh', 'nope')).toBeNull();
    });
  });
}
