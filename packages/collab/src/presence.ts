import type { Awareness } from 'y-protocols/awareness';

/** A person in a document, as colleagues see them. */
export interface PresenceUser {
  id: string;
  name: string;
  /** CSS colour of their cursor and avatar. */
  color: string;
}

/** Someone connected to the document: their awareness client id and who they are. */
export interface Presence {
  clientId: number;
  user: PresenceUser;
  /** True for this client's own entry. */
  self: boolean;
}

const COLORS = ['#b4005a', '#0058b4', '#007a4d', '#8a4b00', '#6b2fb3', '#a30000', '#006d7a', '#5c5c00'];

/** A stable colour for a user id, chosen from a palette that reads on white. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length] as string;
}

/** Announce the local user in `awareness` (y-prosemirror's cursor plugin reads `user.name` and `user.color`). */
export function setLocalUser(awareness: Awareness, user: PresenceUser): void {
  awareness.setLocalStateField('user', user);
}

function isPresenceUser(value: unknown): value is PresenceUser {
  const v = value as PresenceUser | undefined;
  return typeof v?.id === 'string' && typeof v.name === 'string' && typeof v.color === 'string';
}

/** Everyone in the document, self first, then by name. Malformed states are ignored. */
export function readPresence(awareness: Awareness): Presence[] {
  const out: Presence[] = [];
  awareness.getStates().forEach((state, clientId) => {
    const user = (state as { user?: unknown }).user;
    if (isPresenceUser(user)) out.push({ clientId, user, self: clientId === awareness.clientID });
  });
  return out.sort((a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name));
}
