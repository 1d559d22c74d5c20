/** The client-side routes and navigation between them. */
import { useEffect, useState } from 'react';
import { documentOfPage } from './boot/addresses.ts';

/** The app's pages. */
export type Route =
  | { page: 'list' }
  | { page: 'document'; id: string }
  | { page: 'signin' }
  | { page: 'signup' }
  | { page: 'setup' }
  | { page: 'invite' }
  | { page: 'work' }
  | { page: 'notifications' }
  | { page: 'unsubscribe' }
  | { page: 'tokens' }
  | { page: 'webhooks'; documentId: string | null };

/** Parse a pathname into a route ("/d/<id>" opens a document; anything unknown lists them). */
export function parseRoute(pathname: string): Route {
  const documentId = documentOfPage(pathname);
  if (documentId !== null) return { page: 'document', id: documentId };
  const hooks = /^\/d\/([A-Za-z0-9_-]+)\/webhooks\/?$/.exec(pathname);
  if (hooks?.[1]) return { page: 'webhooks', documentId: hooks[1] };
  if (pathname === '/webhooks') return { page: 'webhooks', documentId: null };
  if (pathname === '/signin') return { page: 'signin' };
  if (pathname === '/signup') return { page: 'signup' };
  if (pathname === '/setup') return { page: 'setup' };
  if (pathname === '/invite') return { page: 'invite' };
  if (pathname === '/work') return { page: 'work' };
  if (pathname === '/notifications') return { page: 'notifications' };
  if (pathname === '/unsubscribe') return { page: 'unsubscribe' };
  if (pathname === '/tokens') return { page: 'tokens' };
  return { page: 'list' };
}

/** Go to `path` without reloading the page. */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current route, updated on navigation and on back/forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return route;
}
