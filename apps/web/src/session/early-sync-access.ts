/**
 * The sync access of the document the page was loaded on, asked for as the app starts — alongside the request for
 * who is signed in, instead of after it and after the first render — and handed to that document's page when it
 * opens. One request fewer in series before a document connects.
 */
import type { Role } from '@factmark/collab';
import { api } from '../api.ts';
import { parseRoute } from '../router.ts';

/** A sync token for one document and the caller's role in it. */
export type SyncAccess = { token: string; role: Role };

let early: { id: string; access: Promise<SyncAccess> } | null = null;

/** Ask for the sync access of the document at `pathname`, if it is a document's page (call once, as the app starts). */
export function requestSyncAccessEarly(pathname: string): void {
  const route = parseRoute(pathname);
  if (route.page !== 'document') return;
  const access = api.syncAccess(route.id);
  // Signed out, or no access: nothing is lost (the page asks again when it opens); no unhandled rejection.
  access.catch(() => undefined);
  early = { id: route.id, access };
}

/** The early request, if one was made and not handed over yet: its document and its answer (nothing is consumed). */
export function earlySyncAccess(): { id: string; access: Promise<SyncAccess> } | null {
  return early;
}

/**
 * The sync access of document `id`: the early answer the first time it is asked for that document (or, when the
 * early request failed — signed out then, say —, a new request), otherwise a new request.
 */
export function syncAccessFor(id: string): Promise<SyncAccess> {
  if (early?.id !== id) return api.syncAccess(id);
  const { access } = early;
  early = null;
  return access.catch(() => api.syncAccess(id));
}
