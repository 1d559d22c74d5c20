/**
 * Presence carries the connection's user: a state that names a user must
 * name the one who is signed in on this connection, and a client id's
 * presence may be set only by the user who first announced it. Entries that
 * change nothing (providers echo colleagues' states they received, with the
 * same clock; awareness ignores those) pass unchecked. A page's first own
 * presence may claim its client id for its user (see `relay-order.ts`).
 */
import type { Document } from '@hocuspocus/server';
import { type PresenceEntry, readPresence } from './messages.ts';
import { CLOSE_FORBIDDEN, CLOSE_MALFORMED, CLOSE_TOO_LARGE } from './refusal.ts';

/** Why a presence message is refused: the reason code (metrics), the close code and the words. */
export interface PresenceRefusal {
  reason: string;
  code: number;
  message: string;
}

/** Claims `clientId` for `user` in `document` unless someone owns it. */
export type ClaimClient = (document: Document, clientId: number, user: { id: string; name: string }) => Promise<void>;

export class PresenceOwners {
  private readonly owners = new WeakMap<Document, Map<number, string>>();

  /** Null when `userId` (named `userName`) may send `entries` to `document`, else the reason. */
  check(document: Document, entries: PresenceEntry[], userId: string, userName: string): string | null {
    let owners = this.owners.get(document);
    if (!owners) {
      owners = new Map();
      this.owners.set(document, owners);
    }
    const changing = entries.filter(({ clientId, clock, state }) => {
      const current = document.awareness.meta.get(clientId)?.clock;
      return current === undefined ? state !== null : clock > current;
    });
    for (const { clientId, state } of changing) {
      const owner = owners.get(clientId);
      if (owner !== undefined && owner !== userId) return "Presence for a colleague's connection";
      if (state !== null && typeof state === 'object' && 'user' in state) {
        const user = (state as { user: unknown }).user as { id?: unknown; name?: unknown } | null;
        if (!user || user.id !== userId || user.name !== userName) return 'Presence must name the signed-in user';
      }
    }
    for (const { clientId } of changing) owners.set(clientId, userId);
    return null;
  }

  /** The user who first announced `clientId`'s presence in `document`, if anyone did. */
  ownerOf(document: Document, clientId: number): string | undefined {
    return this.owners.get(document)?.get(clientId);
  }
}

/** The gate's judgement of presence messages, and the claim of a page's client id with its first own presence. */
export class PresenceGate {
  private readonly owners = new PresenceOwners();
  /** Connections whose presence claimed a client id (one each: a page writes under one). */
  private readonly claimed = new WeakSet<object>();

  /** `claim`: null when ids are claimed by updates alone (several instances). */
  constructor(
    private readonly maxBytes: number,
    private readonly claim: ClaimClient | null,
  ) {}

  /**
   * Null when `message` (its awareness `bytes`) may be relayed; then, the
   * first time a connection that may write announces its own presence, its
   * client id is claimed (awaited: the connection's next message, its first
   * edit, finds it claimed).
   */
  async judge(
    document: Document,
    user: { id: string; name: string },
    connection: { readOnly: boolean },
    message: Uint8Array,
    bytes: Uint8Array,
  ): Promise<PresenceRefusal | null> {
    if (message.length > this.maxBytes) {
      return {
        reason: 'awareness_too_large',
        code: CLOSE_TOO_LARGE,
        message: `Presence message over ${this.maxBytes} bytes`,
      };
    }
    let entries: PresenceEntry[];
    let problem: string | null;
    try {
      entries = readPresence(bytes);
      problem = this.owners.check(document, entries, user.id, user.name);
    } catch (error) {
      return { reason: 'malformed', code: CLOSE_MALFORMED, message: `Malformed presence: ${(error as Error).message}` };
    }
    if (problem) return { reason: 'presence', code: CLOSE_FORBIDDEN, message: problem };
    if (!this.claim || connection.readOnly || this.claimed.has(connection)) return null;
    // Its own presence: announced first by this user (a colleague's id is theirs in presence before anyone sees it).
    const mine = entries.find((e) => e.state !== null && this.owners.ownerOf(document, e.clientId) === user.id);
    if (!mine) return null;
    this.claimed.add(connection);
    await this.claim(document, mine.clientId, user);
    return null;
  }
}
