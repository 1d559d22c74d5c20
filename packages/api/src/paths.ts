/**
 * Paths of the API that more than the typed client needs: the web app's boot script (which runs before the app and
 * imports this file alone) asks who is signed in and a document's sync access at the paths the client does, and
 * knows a document's page by the path the app routes it at.
 */

/** A document's page: "/d/<id>". */
const DOCUMENT_PAGE = /^\/d\/([A-Za-z0-9_-]+)\/?$/;

/** The document whose page `pathname` is, or null when it is another page. */
export function documentOfPage(pathname: string): string | null {
  return DOCUMENT_PAGE.exec(pathname)?.[1] ?? null;
}

/** The API path that answers who is signed in. */
export const ME_PATH = '/api/auth/me';

/** The API path of document `id`. */
export function documentPath(id: string): string {
  return `/api/documents/${encodeURIComponent(id)}`;
}

/** The API path that answers a sync token for document `id`'s live connection, with the caller's role in it. */
export function syncAccessPath(id: string): string {
  return `${documentPath(id)}/sync-token`;
}
