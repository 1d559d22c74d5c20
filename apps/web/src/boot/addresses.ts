/**
 * The addresses the page's first requests go to, shared by the app and by its boot script (`boot.ts`, which runs
 * before the app's bundle): which path is a document's page, and where its live connection goes.
 */

/** The document whose page a path is (the server knows it by the same rule: it loads the document early). */
export { documentOfPage } from '@factmark/api/paths';

/** The address of the live (Yjs) connection of the page at `location`. */
export function collabUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}

/** The prefix of the IndexedDB databases that keep documents in this browser, one each (y-indexeddb's). */
export const LOCAL_DOCUMENT_PREFIX = 'factmark:';

/** The name of the IndexedDB database that keeps `documentId` in this browser. */
export function localCopyName(documentId: string): string {
  return `${LOCAL_DOCUMENT_PREFIX}${documentId}`;
}
