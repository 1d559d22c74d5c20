/** Sessions that wrote to a document before: each page load is a Yjs client of its own. */
import * as Y from 'yjs';
import { articleFragment } from '../layout.ts';

/**
 * `count` sessions, each a new Yjs client (ids from `firstClientId` on, when given), each type a letter at the start
 * of the article's block number `block` in `doc`.
 */
export function sessionsWrite(doc: Y.Doc, count: number, block: number, firstClientId?: number): void {
  for (let i = 0; i < count; i++) {
    const session = new Y.Doc();
    if (firstClientId !== undefined) session.clientID = firstClientId + i;
    Y.applyUpdate(session, Y.encodeStateAsUpdate(doc));
    ((articleFragment(session).get(block) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'x');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(session, Y.encodeStateVector(doc)));
  }
}
