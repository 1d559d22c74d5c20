/** What this browser keeps for offline use: registering the service worker, and forgetting it all on sign-out. */
import { LOCAL_DOCUMENT_PREFIX } from './boot/addresses.ts';

/**
 * Forget what this browser keeps for offline use: the cached API answers and
 * every document copy in IndexedDB. Called on sign-out, so the next person at
 * this browser does not find the last one's documents.
 */
export async function forgetOfflineData(): Promise<void> {
  if ('caches' in window) await caches.delete('factmark-api');
  const databases = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    databases
      .map((d) => d.name)
      .filter((name): name is string => name?.startsWith(LOCAL_DOCUMENT_PREFIX) ?? false)
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}

/** How long after the page has loaded the service worker is registered at the latest, however its document fares. */
export const REGISTER_WORKER_AT_LATEST_MS = 10_000;

/**
 * Register the service worker (Workbox; it precaches the app's files, the claim finder's model among them, several
 * megabytes) once the page has loaded and `opened` has resolved — the page's document has arrived — or
 * {@link REGISTER_WORKER_AT_LATEST_MS} after the load: its downloads then do not compete with the document's.
 */
export function registerOfflineWorker(opened: Promise<unknown>): void {
  const workers = navigator.serviceWorker;
  if (!workers) return;
  const loaded = new Promise<void>((resolve) => {
    if (document.readyState === 'complete') resolve();
    else addEventListener('load', () => resolve(), { once: true });
  });
  void loaded
    .then(() =>
      Promise.race([
        opened.catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, REGISTER_WORKER_AT_LATEST_MS)),
      ]),
    )
    .then(() => workers.register('/sw.js', { scope: '/' }))
    .catch(() => undefined);
}

/**
 * When the service worker first takes control of this page, ask again for
 * the API answers the page already loaded (who is signed in, the open
 * document and its members), so that they are in its cache: the page then
 * opens offline too, even if this was the first visit.
 */
export function warmOfflineCacheWhenControlled(): void {
  navigator.serviceWorker?.addEventListener('controllerchange', () => {
    const paths = ['/api/auth/me'];
    const doc = /^\/d\/([A-Za-z0-9_-]{12})$/.exec(location.pathname)?.[1];
    if (doc) paths.push(`/api/documents/${doc}`, `/api/documents/${doc}/members`);
    for (const path of paths) void fetch(path, { credentials: 'same-origin' }).catch(() => undefined);
  });
}
