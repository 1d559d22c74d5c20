/** useSnapshot: a React component's view of one part of a document session's snapshot. */
import { useExternalStore } from '../use-external-store.ts';
import type { DocumentSession } from './document-session.ts';
import type { SessionSnapshot } from './session-snapshot.ts';

/**
 * The part of `session`'s snapshot `selector` picks; the component renders
 * again only when that part changes (compared by identity, so select a field
 * or a value, not a new object).
 */
export function useSnapshot<T>(session: DocumentSession, selector: (snapshot: SessionSnapshot) => T): T {
  return useExternalStore(session.subscribe, () => selector(session.getSnapshot()));
}

/** The whole snapshot (the component renders again whenever anything in it changes). */
export function whole(snapshot: SessionSnapshot): SessionSnapshot {
  return snapshot;
}
