/**
 * The addresses the page's first requests go to, shared by the app and by its boot script (`boot.ts`, which runs
 * before the app's bundle): which path is a document's page, and where its live connection goes.
 */

/** A document's page: "/d/<id>". */
const DOCUMENT_PAGE = /^\/d\/([A-Za-z0-9_-]+)\/?$/;

/** The document whose page `pathname` is, or null when it is another page. */
export function documentOfPage(pathname: string): string | null {
  return DOCUMENT_PAGE.exec(pathname)?.[1] ?? null;
}

/** The address of the live (Yjs) connection of the page at `location`. */
export function collabUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}
