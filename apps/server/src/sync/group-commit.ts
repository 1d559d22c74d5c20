/**
 * Group commit: a document's accepted updates are stored together, one batch
 * at a time, so that slow storage costs each edit one round trip at most and
 * the store sees a bounded number of calls however fast people type. An
 * update already relayed when its write fails is written again later, never
 * refused.
 */
import type { BodyChange } from '@factmark/collab';
import { DocumentGone } from '../storage/store.ts';

/** An update the gate accepted, waiting to be stored. */
export interface AcceptedUpdate {
  update: Uint8Array;
  /** Who sent it. */
  userId: string;
  /** Their name, as notifications say it. */
  userName: string;
  /** Client ids it writes under that nobody owned yet (they become the sender's). */
  claims: readonly number[];
  /** The annotation bodies it changes (the audit trail). */
  bodyChanges: readonly BodyChange[];
  /** The document's title when it was accepted (webhook events carry it). */
  documentTitle: string;
  /** The server's time of receipt, ISO 8601. */
  receivedAt: string;
  /**
   * Set (by {@link GroupCommit.relay}) once the update was applied, and so
   * relayed, before it was stored: a failed write of it is retried, not refused.
   */
  relayed?: boolean;
}

/** Stores one batch: everything in it is durable when the promise resolves. */
export type BatchWriter = (documentName: string, batch: readonly AcceptedUpdate[]) => Promise<void>;

interface Waiter {
  entry: AcceptedUpdate;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The first wait before a failed write of relayed updates is tried again; it doubles up to {@link RETRY_MAX_MS}. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * Stores each document's accepted updates in order. While one batch is being
 * written, the updates accepted meanwhile wait and then go together in the
 * next, so a document never has more than one write in flight: with storage
 * that answers in `t` ms, an update waits at most about `2t`, and the store
 * sees at most about `1000 / t` batches a second per document, whatever the
 * number of people typing.
 *
 * When a batch fails, the updates in it or waiting behind it that are not
 * relayed yet are refused (a later one may build on a refused one; their
 * senders still hold them and send them again when they reconnect). The
 * relayed ones (see {@link AcceptedUpdate.relayed}) are already in every
 * copy: they stay first in the queue and are written again after a wait that
 * doubles with each failure, unless the store says the document is gone
 * ({@link DocumentGone}: deleted meanwhile), which nothing fixes: then every
 * update of it is refused.
 */
export class GroupCommit {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly idle: (() => void)[] = [];
  private readonly refused = new WeakSet<AcceptedUpdate>();

  constructor(
    private readonly write: BatchWriter,
    private readonly retryFirstMs = RETRY_FIRST_MS,
  ) {}

  /** Resolves once `entry` is stored, with everything accepted before it; rejects if its batch could not be. */
  add(documentName: string, entry: AcceptedUpdate): Promise<void> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(documentName);
      if (queue) {
        queue.push({ entry, resolve, reject });
        return;
      }
      this.waiting.set(documentName, [{ entry, resolve, reject }]);
      void this.run(documentName);
    });
  }

  /** Updates of `documentName` not yet stored (for tests and metrics). */
  pending(documentName: string): number {
    return this.waiting.get(documentName)?.length ?? 0;
  }

  /**
   * Record that `entry` is about to be applied before it is stored (and so
   * relayed): from now on a failed write of it is retried. False when it was
   * refused already (a write before it failed): it must not be applied.
   */
  relay(entry: AcceptedUpdate): boolean {
    if (this.refused.has(entry)) return false;
    entry.relayed = true;
    return true;
  }

  /**
   * Resolves once no document has an update waiting to be stored (a server
   * stopping waits for it), or after `ms` milliseconds when given.
   */
  drained(ms?: number): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async run(documentName: string): Promise<void> {
    // The queue stays in the map while its batches are written: new updates join it, not a second writer.
    const queue = this.waiting.get(documentName) as Waiter[];
    let retryMs = this.retryFirstMs;
    while (queue.length > 0) {
      const batch = queue.splice(0);
      try {
        await this.write(
          documentName,
          batch.map((w) => w.entry),
        );
      } catch (error) {
        const all = [...batch, ...queue.splice(0)];
        for (const w of all) {
          // A deleted document's updates have nowhere to go, relayed or not: writing them again would never end.
          if (w.entry.relayed && !(error instanceof DocumentGone)) continue;
          this.refused.add(w.entry);
          w.reject(error);
        }
        const kept = all.filter((w) => !this.refused.has(w.entry));
        if (kept.length === 0) break;
        // Written again once storage may answer; updates accepted meanwhile join behind them.
        queue.unshift(...kept);
        await new Promise((r) => setTimeout(r, retryMs));
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        continue;
      }
      retryMs = this.retryFirstMs;
      for (const w of batch) w.resolve();
    }
    this.waiting.delete(documentName);
    if (this.waiting.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}
