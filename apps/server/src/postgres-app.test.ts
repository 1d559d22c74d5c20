import { randomBytes } from 'node:crypto';
import { articleFragment, readArticle } from '@factmark/collab';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresStore } from './storage/postgres-store.ts';
import { ApiClient, attempt, TestServer } from './test-support/harness.ts';

/** The whole server on PostgreSQL (DATABASE_URL), in a schema of its own. Fails, never skips, without PostgreSQL. */
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `factmark_app_${randomBytes(6).toString('hex')}`;
const env = { DATABASE_URL: url, DATABASE_SCHEMA: schema };

afterAll(async () => {
  const store = await PostgresStore.open(url, schema);
  await store.dropSchema(schema);
  await store.close();
});

describe('the server on PostgreSQL', () => {
  it('creates the demo document, stores accepted edits before acknowledging them, refuses a viewer, and keeps it all across a restart', async () => {
    const t = await new TestServer().start(env);
    try {
      const owner = await new ApiClient(t.base).signUp('owner@desk.example', 'Owner', t.setupToken ?? undefined);
      const viewer = await new ApiClient(t.base).signUp('viewer@desk.example', 'Viewer');
      const id = await owner.firstDocumentId();
      await owner.request('PUT', `/api/documents/${id}/members`, { email: 'viewer@desk.example', role: 'viewer' });
      const para = (doc: Y.Doc) => (articleFragment(doc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
      const edit = await t.connect(id, await owner.syncToken(id));
      expect(await attempt(edit, (doc) => para(doc).insert(0, 'Stored in Postgres. '))).toBe('acked');
      // Acknowledged means stored: read it straight from the database.
      const direct = await t.openStore(env);
      const stored = new Y.Doc();
      Y.applyUpdate(stored, Y.mergeUpdates(await direct.loadUpdates(id)));
      expect(readArticle(stored).textContent).toContain('Stored in Postgres.');
      const view = await t.connect(id, await viewer.syncToken(id));
      expect(await attempt(view, (doc) => para(doc).insert(0, 'NOPE '))).toBe(
        'refused: Viewers cannot change the document',
      );

      await t.stop();
      await t.start(env);
      const again = await t.connect(id, await owner.syncToken(id));
      expect(readArticle(again.doc).textContent).toContain('Stored in Postgres.');
      expect(readArticle(again.doc).textContent).not.toContain('NOPE');
      await direct.close();
    } finally {
      await t.dispose();
    }
  });
});
