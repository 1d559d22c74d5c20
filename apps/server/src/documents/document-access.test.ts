/**
 * Reading a document through the service's access: the live document itself when the server has it in memory (no
 * encoding and decoding of a copy, which held the event loop ≈ 0.3 s at 5,000 annotations), a copy built from the
 * store otherwise, let go after; both give what the document holds now.
 */
import { readTitle } from '@factmark/collab';
import { articleFromText } from '@factmark/editor';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { AccountStore } from '../auth/account-store.ts';
import type { DocumentStore } from '../storage/store.ts';
import { ApiClient, attempt, TestServer } from '../test-support/harness.ts';
import { LiveDocuments, StoredDocuments } from './document-access.ts';

describe('reading a document', () => {
  it('reads the live document in place when it is loaded, and a copy of the stored one, let go after, when not', async () => {
    let store: (DocumentStore & AccountStore) | null = null;
    const t = await new TestServer().start({}, (s) => {
      store = s;
      return s;
    });
    try {
      if (!store) throw new Error('no store');
      const live = new LiveDocuments(store, t.server.hocuspocus, async () => undefined);
      const stored = new StoredDocuments(store);
      const ada = await new ApiClient(t.base).signUp('ada@desk.example', 'Ada', t.setupToken ?? undefined);
      const created = await ada.request('POST', '/api/documents', {
        article: articleFromText('Fleet exercises\n\nMore than 50,000 soldiers took part, the ministry said.').toJSON(),
      });
      const id = (created.body as { document: { id: string } }).document.id;

      // Not loaded: a copy from the store, destroyed once read.
      expect(t.server.hocuspocus.documents.has(id)).toBe(false);
      const given: Y.Doc[] = [];
      const title = await live.read(id, (doc) => {
        given.push(doc);
        return readTitle(doc);
      });
      expect(title).toBe('Fleet exercises');
      expect(given[0]?.isDestroyed).toBe(true);

      // Loaded (a reader connected): the live document itself, with what was written to it since.
      const conn = await t.connect(id, await ada.syncToken(id));
      try {
        const loaded = t.server.hocuspocus.documents.get(id);
        expect(loaded).toBeDefined();
        expect(
          await attempt(conn, (doc) => {
            const fragment = doc.getXmlFragment('article');
            const title = fragment.get(0) as Y.XmlElement;
            (title.get(0) as Y.XmlText).insert(0, 'Naval ');
          }),
        ).toBe('acked');
        const read = await live.read(id, (doc) => {
          given.push(doc);
          return readTitle(doc);
        });
        expect(given[1]).toBe(loaded);
        expect(given[1]?.isDestroyed).toBe(false);
        expect(read).toBe('Naval Fleet exercises');
        // The store holds the same: the stored access (the command line's) reads it from there.
        expect(await stored.read(id, readTitle)).toBe('Naval Fleet exercises');
      } finally {
        conn.provider.destroy();
      }
    } finally {
      await t.stop();
    }
  });
});
