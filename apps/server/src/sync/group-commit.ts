/**
 * Group commit: a document's accepted updates are stored together, one batch
 * at a time, so that slow storage costs each edit one round trip at most and
 * the store sees a bounded number of calls however fast people type.
 */
import type { BodyChange } from '@factmark/collab';

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
}

/** Stores one batch: everything in it is durable when the promise resolves. */
export type BatchWriter = (documentName: string, batch: readonly AcceptedUpdate[]) => Promise<void>;

interface Waiter {
  entry: AcceptedUpdate;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Stores each document's accepted updates in order. While one batch is being
 * written, the updates accepted meanwhile wait and then go together in the
 * next, so a document never has more than one write in flight: with storage
 * that answers in `t` ms, an update waits at most about `2t`, and the store
 * sees at most about `1000 / t` batches a second per document, whatever the
 * number of people typing.
 *
 * When a batch fails, it and every update waiting behind it are refused (a
 * later one may build on a refused one); their senders still hold them and
 * send them again when they reconnect.
 */
export class GroupCommit {
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(private readonly write: BatchWriter) {}

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

  private async run(documentName: string): Promise<void> {
    // The queue stays in the map while its batches are written: new updates join it, not a second writer.
    const queue = this.waiting.get(documentName) as Waiter[];
    while (queue.length > 0) {
      const batch = queue.splice(0);
      try {
        await this.write(
          documentName,
          batch.map((w) => w.entry),
        );
      } catch (error) {
        for (const w of [...batch, ...queue.splice(0)]) w.reject(error);
        break;
      }
      for (const w of batch) w.resolve();
    }
    this.waiting.delete(documentName);
  }
}
