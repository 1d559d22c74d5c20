/** Loading a stored log: everything applied in one transaction, without an `update` event for it, listeners kept. */
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyStoredLog } from './persistence.ts';

it('applies the log without encoding it for update listeners, and keeps them for what follows', () => {
  const source = new Y.Doc();
  const log: Uint8Array[] = [];
  source.on('update', (u: Uint8Array) => log.push(u));
  for (let i = 0; i < 50; i++) source.getText('article').insert(0, `${i} soldiers; `);
  source.getMap('annotations').set('c1', 'claim');

  const loaded = new Y.Doc();
  const heard: Uint8Array[] = [];
  const relay = (u: Uint8Array) => heard.push(u);
  loaded.on('update', relay);
  let transactions = 0;
  loaded.on('afterTransaction', () => transactions++);
  applyStoredLog(loaded, log);
  expect(loaded.getText('article').toString()).toBe(source.getText('article').toString());
  expect(loaded.getMap('annotations').get('c1')).toBe('claim');
  expect(transactions).toBe(1);
  expect(heard).toEqual([]);
  // The listener is back: a change after loading is heard, and carries only that change.
  loaded.getText('article').insert(0, 'More than ');
  expect(heard).toHaveLength(1);
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
  Y.applyUpdate(copy, heard[0] as Uint8Array);
  expect(copy.getText('article').toString()).toBe(loaded.getText('article').toString());
  // Even when applying throws, the listeners are put back.
  expect(() => applyStoredLog(loaded, [new Uint8Array([255, 255, 255])])).toThrow();
  loaded.getText('article').insert(0, 'x');
  expect(heard).toHaveLength(2);
});
