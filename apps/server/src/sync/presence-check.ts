/**
 * Presence carries the connection's user: a state that names a user must
 * name the one who is signed in on this connection, and a client id's
 * presence may be set only by the user who first announced it. Entries that
 * change nothing (providers echo colleagues' states they received, with the
 * same clock; awareness ignores those) pass unchecked.
 */
import type { Document } from '@hocuspocus/server';
import type { PresenceEntry } from './messages.ts';

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
}
