/**
 * A document loaded before its page connects. The page asks for its sync access as soon as the app starts, while the
 * browser still parses and runs the app; loading a document that is not in memory (reading its log and applying it:
 * a third of a second at 5,000 annotations) waited for the connection that follows, and now starts on that request,
 * for a person who may read the document, so the copy is ready sooner.
 *
 * Not on the page itself (`/d/<id>`): the app's files are asked next and served by this same thread, and a load
 * started with the page held them back behind it — at 5,000 annotations the app's files waited 300 ms and the open
 * took longer (`bench/README.md`, "measured 2026-12-07, ninth session").
 *
 * The load is Hocuspocus' own, through a direct connection held until the page's connection arrives, or
 * {@link WARM_HOLD_MS} if it does not: from then on the document lives as any other, as long as its connections (and
 * a while after, see `kept-documents.ts`).
 */
import type { Extension, Hocuspocus } from '@hocuspocus/server';
import type { Logger } from 'pino';

/** How long a warmed document is held for the connection that asked for it to arrive. */
export const WARM_HOLD_MS = 10_000;

/** The context of the direct connection that holds a warmed document (no person: it reads and writes nothing). */
export const WARMING_CONTEXT = Object.freeze({ warming: true });

/** The warmer: `warm(documentId)` and the extension that lets a warmed document's hold go as its page connects. */
export interface DocumentWarmer {
  /**
   * Load the document now unless it is in memory or being warmed already. The caller has checked that whoever asked
   * may read it; a load that fails is logged and forgotten (the connection reports it to the page).
   */
  warm: (documentId: string) => void;
  extension: Extension;
}

export function documentWarmer(instance: () => Hocuspocus, log: Logger, holdMs = WARM_HOLD_MS): DocumentWarmer {
  /** Documents being loaded, and whether a connection arrived meanwhile (the hold goes as soon as it is taken). */
  const loading = new Map<string, { connected: boolean }>();
  /** Documents held, with what lets each go. */
  const held = new Map<string, () => void>();
  const warm = (documentId: string) => {
    const hocuspocus = instance();
    if (loading.has(documentId) || held.has(documentId) || hocuspocus.documents.has(documentId)) return;
    const load = { connected: false };
    loading.set(documentId, load);
    hocuspocus.openDirectConnection(documentId, { ...WARMING_CONTEXT }).then(
      (connection) => {
        loading.delete(documentId);
        const letGo = () => {
          clearTimeout(timer);
          held.delete(documentId);
          connection.disconnect().catch((error: unknown) => log.debug({ err: error, documentId }, 'unwarming failed'));
        };
        const timer = setTimeout(letGo, holdMs);
        timer.unref?.();
        held.set(documentId, letGo);
        if (load.connected) letGo();
      },
      (error: unknown) => {
        loading.delete(documentId);
        log.debug({ err: error, documentId }, 'warming failed');
      },
    );
  };
  const extension: Extension = {
    // The page's connection holds the document now: the warm hold has done its work.
    async connected({ documentName }) {
      const load = loading.get(documentName);
      if (load) load.connected = true;
      held.get(documentName)?.();
    },
  };
  return { warm, extension };
}
