/** Presence in awareness: the local user, who is here and which card they edit, and remote cursors built from text only. */
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
  /** The annotation whose card they are editing, if any. */
  editing: string | null;
}

const COLORS = ['#b4005a', '#0058b4', '#007a4d', '#8a4b00', '#6b2fb3', '#a30000', '#006d7a', '#5c5c00'];

/** A stable colour for a user id, chosen from a palette that reads on white. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length] as string;
}

/** A colour as a peer sent it, if it is a plain #rgb / #rrggbb colour; otherwise a neutral grey. */
export function safeColor(color: unknown): string {
  return typeof color === 'string' && /^#(?:[0-9a-f]{3}){1,2}$/i.test(color) ? color : '#666666';
}

/**
 * The caret shown for a remote user: built from text nodes only, with a
 * colour that is checked first, so a peer's awareness state cannot inject
 * markup or CSS.
 */
export function remoteCursor(user: { name?: unknown; color?: unknown }): HTMLElement {
  const color = safeColor(user.color);
  const cursor = document.createElement('span');
  cursor.className = 'ProseMirror-yjs-cursor';
  cursor.style.borderColor = color;
  const label = document.createElement('span');
  label.className = 'fm-cursor-label';
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name.slice(0, 60) : 'Anonymous';
  cursor.append('\u2060', label, '\u2060');
  return cursor;
}

/** Decoration attributes for a remote user's selection (a translucent background of their colour). */
export function remoteSelection(user: { color?: unknown }): { style: string; class: string } {
  return { style: `background-color: ${safeColor(user.color)}33`, class: 'fm-remote-selection' };
}

/** Announce the local user in `awareness` (y-prosemirror's cursor plugin reads `user.name` and `user.color`). */
export function setLocalUser(awareness: Awareness, user: PresenceUser): void {
  awareness.setLocalStateField('user', user);
}

/** Announce which annotation's card the local user is editing (null when none). */
export function setEditingCard(awareness: Awareness, annotationId: string | null): void {
  if ((awareness.getLocalState() as { editing?: unknown } | null)?.editing !== annotationId)
    awareness.setLocalStateField('editing', annotationId);
}

function isPresenceUser(value: unknown): value is PresenceUser {
  const v = value as PresenceUser | undefined;
  return typeof v?.id === 'string' && typeof v.name === 'string' && typeof v.color === 'string';
}

/**
 * Everyone in the document, self first, then by name, once per person: one
 * person with the document open in two tabs is one entry (this client's, when
 * one of them is this one; the card either tab edits). Malformed states are
 * ignored.
 */
export function readPresence(awareness: Awareness): Presence[] {
  const byUser = new Map<string, Presence>();
  awareness.getStates().forEach((state, clientId) => {
    const user = (state as { user?: unknown }).user;
    const editing = (state as { editing?: unknown }).editing;
    if (!isPresenceUser(user)) return;
    const entry: Presence = {
      clientId,
      user,
      self: clientId === awareness.clientID,
      editing: typeof editing === 'string' && editing.length <= 100 ? editing : null,
    };
    const seen = byUser.get(user.id);
    if (!seen) byUser.set(user.id, entry);
    else if (entry.self) byUser.set(user.id, { ...entry, editing: entry.editing ?? seen.editing });
    else if (seen.editing === null && entry.editing !== null) byUser.set(user.id, { ...seen, editing: entry.editing });
  });
  return [...byUser.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name));
}

/**
 * While this tab is hidden or another window has the focus, colleagues see no
 * caret or selection of it (y-prosemirror's `cursor` field and a text field's
 * caret are cleared): one person in two tabs shows the selection of the tab in
 * use, not an old one. The editor sets its caret again when it has the focus.
 * Returns the function that stops it.
 */
export function hideCaretWhileAway(awareness: Awareness, win: Window): () => void {
  const away = () => {
    const state = awareness.getLocalState() as { cursor?: unknown; field?: unknown } | null;
    if (state?.cursor != null) awareness.setLocalStateField('cursor', null);
    if (state?.field != null) awareness.setLocalStateField('field', null);
  };
  const onVisibility = () => {
    if (win.document.visibilityState === 'hidden') away();
  };
  win.addEventListener('blur', away);
  win.document.addEventListener('visibilitychange', onVisibility);
  return () => {
    win.removeEventListener('blur', away);
    win.document.removeEventListener('visibilitychange', onVisibility);
  };
}

/** Where someone's caret is in an annotation's text field: the field, and Yjs relative positions of their selection. */
export interface FieldCaret {
  /** The annotation and the field (`rationale`, `statement`…). */
  id: string;
  field: string;
  /** Relative positions in the field's Y.Text, as `Y.relativePositionToJSON` gives them. */
  anchor: unknown;
  head: unknown;
}

/** Announce where the local user's caret is in a text field (null when in none). */
export function setFieldCaret(awareness: Awareness, caret: FieldCaret | null): void {
  awareness.setLocalStateField('field', caret);
}

/** A colleague's caret in one text field. */
export interface RemoteFieldCaret {
  clientId: number;
  user: PresenceUser;
  anchor: unknown;
  head: unknown;
}

/** Colleagues' carets in the text field `field` of annotation `id` (not this client's own). Malformed states are ignored. */
export function fieldCarets(awareness: Awareness, id: string, field: string): RemoteFieldCaret[] {
  const out: RemoteFieldCaret[] = [];
  awareness.getStates().forEach((state, clientId) => {
    if (clientId === awareness.clientID) return;
    const user = (state as { user?: unknown }).user;
    const caret = (state as { field?: Partial<FieldCaret> | null }).field;
    if (!isPresenceUser(user) || !caret || caret.id !== id || caret.field !== field) return;
    out.push({ clientId, user, anchor: caret.anchor, head: caret.head });
  });
  return out;
}
