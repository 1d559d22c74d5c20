/**
 * Documents kept in memory for a while after their last connection closed. Hocuspocus unloads a document as soon as
 * nobody is connected; the next open (a reload, the colleague who follows, the page opened right after an import)
 * then reads and applies its whole log again — a third of a second for a document with 5,000 annotations. Kept, the
 * next open is served from memory. Nothing is held back by keeping: every update is stored before it is applied.
 *
 * The hook that keeps a document is Hocuspocus' own: a `beforeUnloadDocument` that throws keeps it loaded.
 */
import type { Document, Extension, Hocuspocus } from '@hocuspocus/server';

/** How long and how many documents are kept (seconds 0: none, as Hocuspocus does by itself). */
export interface KeepSettings {
  seconds: number;
  /** The most documents kept at once with nobody connected; past it, the one kept longest goes. */
  max: number;
  /** The most bytes of encoded state they may hold together; past it, the ones kept longest go (a larger one is not kept). */
  maxBytes: number;
}

/** What `beforeUnloadDocument` throws to keep a document: no message, so Hocuspocus logs nothing. */
const KEEP = Object.freeze({ kept: true });

/**
 * The extension, and `release(documentName)`, which lets a document go as soon as nobody is connected (a deleted
 * document is not kept), until it is loaded again.
 */
export function keptDocuments(
  settings: KeepSettings,
  instance: () => Hocuspocus,
  /** The bytes of a document's encoded state (an upper bound will do). */
  sizeOf: (document: Document) => number,
): Extension & { release: (documentName: string) => Promise<void> } {
  /** Documents kept with nobody connected, oldest first, each with the timer that lets it go and its size. */
  const kept = new Map<string, { timer: ReturnType<typeof setTimeout>; bytes: number }>();
  /** Documents released: not kept again until they are loaded again. */
  const released = new Set<string>();
  /** Documents being let go now (their time is up, or more are kept than allowed). */
  const expiring = new Set<string>();

  const forget = (documentName: string) => {
    clearTimeout(kept.get(documentName)?.timer);
    kept.delete(documentName);
  };

  /** Unload `documentName` if nobody is connected (someone who opened it again keeps it, kept anew when they leave). */
  async function unloadNow(documentName: string): Promise<void> {
    const document: Document | undefined = instance().documents.get(documentName);
    if (document) await instance().unloadDocument(document);
  }

  async function expire(documentName: string): Promise<void> {
    forget(documentName);
    expiring.add(documentName);
    try {
      await unloadNow(documentName);
    } finally {
      expiring.delete(documentName);
    }
  }

  return {
    async release(documentName) {
      forget(documentName);
      if (!instance().documents.has(documentName)) return;
      released.add(documentName);
      await unloadNow(documentName);
    },

    async beforeUnloadDocument({ documentName, document }) {
      if (settings.seconds <= 0 || released.has(documentName) || expiring.has(documentName)) return;
      forget(documentName);
      const bytes = sizeOf(document);
      if (bytes > settings.maxBytes) return;
      const timer = setTimeout(() => void expire(documentName), settings.seconds * 1000);
      timer.unref?.();
      kept.set(documentName, { timer, bytes });
      // Past the number or the bytes allowed, the ones kept longest go (each leaves the map at once).
      let total = 0;
      for (const entry of kept.values()) total += entry.bytes;
      for (const [oldest, entry] of kept) {
        if (oldest === documentName || (kept.size <= settings.max && total <= settings.maxBytes)) break;
        total -= entry.bytes;
        void expire(oldest);
      }
      throw KEEP;
    },

    async afterLoadDocument({ documentName }) {
      released.delete(documentName);
    },

    async afterUnloadDocument({ documentName }) {
      forget(documentName);
      released.delete(documentName);
    },

    async onDestroy() {
      for (const { timer } of kept.values()) clearTimeout(timer);
      kept.clear();
    },
  };
}
