import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { persistence, unheard } from './persistence.ts';
import { SqliteStore } from './storage/sqlite-store.ts';
import { textUpdate } from './test-support/store-contract.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loading a document', () => {
  it('applies the whole stored log without encoding it for listeners, which hear the changes after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factmark-persistence-'));
    dirs.push(dir);
    const store = new SqliteStore(dir);
    const at = new Date().toISOString();
    await store.createDocument(
      { id: 'docdocdocdoc', title: 'Drills', createdAt: at, updatedAt: at },
      textUpdate(1, 'a'),
    );
    for (let i = 0; i < 5; i++) await store.appendUpdate('docdocdocdoc', textUpdate(10 + i, `${i}`));
    const extension = persistence(store, pino({ level: 'silent' }));
    // As Hocuspocus' document does: it listens for updates from the moment it exists, to send them on.
    const document = new Y.Doc();
    const heard: Uint8Array[] = [];
    document.on('update', (update: Uint8Array) => heard.push(update));
    await extension.onLoadDocument?.({ documentName: 'docdocdocdoc', document } as never);
    expect(document.getText('t').toString()).toHaveLength(6);
    expect(heard).toEqual([]);
    document.getText('t').insert(0, 'more than 50,000 ');
    expect(heard).toHaveLength(1);
    await store.close();
  });

  it('sets the listeners aside only while the change runs, even when it throws', () => {
    const doc = new Y.Doc();
    let heard = 0;
    doc.on('update', () => heard++);
    unheard(doc, () => doc.getText('t').insert(0, 'quiet'));
    expect(heard).toBe(0);
    expect(() =>
      unheard(doc, () => {
        throw new Error('failed');
      }),
    ).toThrow('failed');
    doc.getText('t').insert(0, 'heard');
    expect(heard).toBe(1);
  });
});
