/**
 * Documents loaded ahead of their first connection. A document's page asks
 * for its Yjs state only once its scripts have downloaded and run; the server
 * learns which document is wanted much earlier, from the page's own request.
 * Warming loads the document then (its stored log applied, the gate's trial
 * copy built after it), so the socket that follows finds it in memory and is
 * answered at once. A warm document is held by a direct connection until a
 * socket of its own connects, or for {@link WARM_HOLD_MS} at most; then it is
 * let go like any connection (unloaded if nobody else holds it).
 */
import type { DirectConnection, Extension, Hocuspocus } from '@hocuspocus/server';
import type { Logger } from 'pino';

/** How long a warmed document waits for its page's socket before it is let go. */
export const WARM_HOLD_MS = 15_000;

/** The context a warming direct connection runs its hooks with. */
export const WARMING_CONTEXT = Object.freeze({ warming: true });

interface Hold {
  connection: Promise<DirectConnection | null>;
  timer: ReturnType<typeof setTimeout>;
}

/** Loads documents ahead of their sockets and holds each until its socket comes (see the module's comment). */
export class DocumentWarmer {
  private readonly holds = new Map<string, Hold>();

  constructor(
    private readonly hocuspocus: () => Hocuspocus,
    private readonly log: Logger,
    private readonly holdMs = WARM_HOLD_MS,
  ) {}

  /**
   * Load `documentName` now, unless it is loaded or warming already; the
   * caller has checked that whoever asks may read it. Never throws: a
   * document that fails to load is logged and loaded again by its socket.
   */
  warm(documentName: string): void {
    if (this.holds.has(documentName) || this.hocuspocus().documents.has(documentName)) return;
    const timer = setTimeout(() => void this.release(documentName), this.holdMs);
    timer.unref?.();
    const hold: Hold = {
      timer,
      connection: this.hocuspocus()
        .openDirectConnection(documentName, { ...WARMING_CONTEXT })
        .catch((error: unknown) => {
          this.log.warn({ err: error, documentName }, 'document not warmed');
          if (this.holds.get(documentName) === hold) this.holds.delete(documentName);
          clearTimeout(timer);
          return null;
        }),
    };
    this.holds.set(documentName, hold);
  }

  /** True while `documentName` is held warm (loading, or loaded and waiting for its socket). */
  holding(documentName: string): boolean {
    return this.holds.has(documentName);
  }

  /** Let go of the warm hold of `documentName` (its socket came, it was deleted, or the wait is over). */
  release(documentName: string): Promise<void> {
    const hold = this.holds.get(documentName);
    if (!hold) return Promise.resolve();
    this.holds.delete(documentName);
    clearTimeout(hold.timer);
    return hold.connection.then((connection) => connection?.disconnect());
  }

  /** Let go of every hold (the server is closing). */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.holds.keys()].map((name) => this.release(name)));
  }

  /** The extension that hands a warm document over to its socket: the hold ends once a socket has connected. */
  readonly extension: Extension = {
    connected: async ({ documentName }) => {
      await this.release(documentName);
    },
  };
}
