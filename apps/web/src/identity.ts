import { colorFor, type PresenceUser } from '@factmark/collab';

const KEY = 'factmark.user';

/**
 * Who this browser is, until accounts arrive: a random id and a name the
 * person can change, kept in localStorage.
 */
export function localUser(): PresenceUser {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<PresenceUser> | null;
    if (saved && typeof saved.id === 'string' && typeof saved.name === 'string') {
      return { id: saved.id, name: saved.name, color: colorFor(saved.id) };
    }
  } catch {
    // A corrupt entry is replaced below.
  }
  const id = crypto.randomUUID();
  const user = { id, name: `Checker ${id.slice(0, 4).toUpperCase()}`, color: colorFor(id) };
  localStorage.setItem(KEY, JSON.stringify({ id: user.id, name: user.name }));
  return user;
}

/** Change the name shown to colleagues. */
export function renameLocalUser(name: string): PresenceUser {
  const user = localUser();
  const next = { ...user, name: name.trim().slice(0, 60) || user.name };
  localStorage.setItem(KEY, JSON.stringify({ id: next.id, name: next.name }));
  return next;
}
