/**
 * The connection of the document the page was loaded on, opened as soon as its early sync access arrives — while
 * the app still renders and asks who is signed in — and handed to that document's session when it opens. The
 * socket's handshake, the server's load of the document and the first sync then run alongside the page's own start
 * instead of after it. What the connection reports before a session takes it is held and handed over with it.
 */
import { type PresenceUser, setLocalUser } from '@factmark/collab';
import * as Y from 'yjs';
import { bootHandoff } from '../boot/boot.ts';
import { Connection, type ConnectionEvents, type ConnectionState } from './connection.ts';
import { earlySyncAccess } from './early-sync-access.ts';

/** How long an early connection waits for its session before it is closed (its page never opened). */
export const UNCLAIMED_MS = 15_000;

/** What a connection reports before its session takes it: kept, and replayed once the session listens. */
class HeldEvents implements ConnectionEvents {
  private target: ConnectionEvents | null = null;
  private synced = false;
  private closed: [number, string] | null = null;
  /** Resolves when the connection first synced or closed, whoever listens by then. */
  readonly settled: Promise<void>;
  private settle: () => void = () => undefined;

  constructor() {
    this.settled = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  // The session reads the whole state from the connection when it takes it: patches before then are in it.
  onState = (patch: Partial<ConnectionState>) => this.target?.onState(patch);
  onSynced = () => {
    this.settle();
    if (this.target) this.target.onSynced();
    else this.synced = true;
  };
  // Nothing was sent before the session took the connection: nothing to confirm.
  onAcknowledged = () => (this.target ? this.target.onAcknowledged() : () => undefined);
  onClosed = (code: number, reason: string) => {
    this.settle();
    if (this.target) this.target.onClosed(code, reason);
    else this.closed = [code, reason];
  };

  /** From now on, report to `target`, starting with what happened meanwhile. */
  attach(target: ConnectionEvents): void {
    this.target = target;
    if (this.closed) target.onClosed(...this.closed);
    if (this.synced) target.onSynced();
  }
}

/** A connection opened ahead of its session: its document, and where the session's events go once it listens. */
export interface EarlyConnection {
  doc: Y.Doc;
  connection: Connection;
  /** Send the connection's events to the session's, beginning with the ones held so far. */
  listen: (events: ConnectionEvents) => void;
  /** Resolves when the connection first synced or closed. */
  settled: Promise<void>;
}

let early: { id: string; taken: Promise<EarlyConnection | null>; claimed: boolean } | null = null;

/**
 * Open the connection of the document the early sync access was asked for (call once, as the app starts). Resolves
 * when that document has arrived (its first sync), or could not (the access refused, the connection closed); at once
 * when the page shows no document.
 */
export function connectEarly(): Promise<void> {
  const access = earlySyncAccess();
  if (!access) return Promise.resolve();
  const entry: NonNullable<typeof early> = {
    id: access.id,
    claimed: false,
    taken: access.access.then(
      async ({ token }) => {
        const doc = new Y.Doc();
        const held = new HeldEvents();
        const boot = bootHandoff();
        const socket = boot?.documentId === access.id ? await boot.socket : null;
        const connection = new Connection(access.id, doc, null, token, held, socket);
        setTimeout(() => {
          if (entry.claimed) return;
          if (early === entry) early = null;
          connection.destroy();
          doc.destroy();
        }, UNCLAIMED_MS);
        return {
          doc,
          connection,
          listen: (events: ConnectionEvents) => {
            held.attach(events);
            connection.release();
          },
          settled: held.settled,
        };
      },
      () => null,
    ),
  };
  early = entry;
  return entry.taken.then((taken) => taken?.settled);
}

/**
 * The early connection of document `id`, once (later sessions of it open their own), or null: none was opened for
 * it, its sync access failed, or it is not open yet — a session asks after its own sync access has arrived, and the
 * early connection opens on that same answer, before.
 */
export async function takeEarlyConnection(id: string): Promise<EarlyConnection | null> {
  const entry = early;
  if (entry?.id !== id) return null;
  early = null;
  const taken = await entry.taken;
  if (taken) entry.claimed = true;
  return taken;
}

/**
 * A session's document and connection: the early connection's when there is one (it learns who is here, and its
 * held events go to `events` once `listen` is called, when the session is set up), new ones otherwise.
 */
export function sessionConnection(
  documentId: string,
  user: PresenceUser,
  token: string | null,
  early: EarlyConnection | null,
  events: ConnectionEvents,
): { doc: Y.Doc; connection: Connection; listen: () => void } {
  if (!early) {
    const doc = new Y.Doc();
    return { doc, connection: new Connection(documentId, doc, user, token, events), listen: () => undefined };
  }
  setLocalUser(early.connection.awareness, user);
  return { doc: early.doc, connection: early.connection, listen: () => early.listen(events) };
}
