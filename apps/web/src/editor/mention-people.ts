/**
 * Who a field can mention: the document's members (names for stored mentions, suggestions while typing), and —
 * for someone who may share the document — sharing it with an address that is not a member yet.
 */
import type { Member, NewInvitation } from '../api.ts';
import { api } from '../api.ts';

/** What a mention field knows about people. */
export interface MentionPeople {
  /** The document's members, the signed-in person excluded (one does not mention oneself). */
  others: readonly Member[];
  /** The name a stored mention of `userId` shows. */
  nameOf(userId: string): string;
  /**
   * Share the document with `email` (as a commenter) and say what became of it: a member (an account existed) or
   * an invitation (none did). Null when the person may not share.
   */
  share: ((email: string) => Promise<{ member: Member | null; invitation: NewInvitation | null }>) | null;
}

/** A mention of someone who is no longer a member (their name is not known here). */
export const FORMER_MEMBER = 'former member';

/**
 * The people of document `documentId`: `members` as the page has them, `me` the signed-in person; `canShare` when
 * they may share, and `onMembers` told the members after a share.
 */
export function mentionPeople(
  documentId: string,
  members: readonly Member[],
  me: string,
  canShare: boolean,
  onMembers: (members: Member[]) => void,
): MentionPeople {
  const names = new Map(members.map((m) => [m.user.id, m.user.name]));
  return {
    others: members.filter((m) => m.user.id !== me),
    nameOf: (userId) => names.get(userId) ?? FORMER_MEMBER,
    share: canShare
      ? async (email) => {
          const shared = await api.shareDocument(documentId, email, 'commenter');
          onMembers(shared.members);
          const member = shared.members.find((m) => m.user.email.toLowerCase() === email.toLowerCase()) ?? null;
          return { member, invitation: shared.invitation };
        }
      : null,
  };
}

/** The members a typed `query` (after "@") suggests: a word of the name or the address starts with it. */
export function suggestionsFor(people: MentionPeople, query: string): Member[] {
  const q = query.trim().toLowerCase();
  return people.others
    .filter(
      (m) =>
        q === '' ||
        m.user.email.toLowerCase().startsWith(q) ||
        m.user.name.toLowerCase().startsWith(q) ||
        m.user.name
          .toLowerCase()
          .split(/\s+/)
          .some((word) => word.startsWith(q)),
    )
    .slice(0, 8);
}

/** True when `text` looks like an email address (what sharing takes). */
export function looksLikeEmail(text: string): boolean {
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(text);
}
