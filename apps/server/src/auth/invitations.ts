/**
 * Inviting someone without an account to a document: an invitation for their email address with the role given,
 * whose link carries a random secret (stored only hashed), works once, and expires; the owner lists and withdraws
 * pending ones. Accepting creates the account (the invitation's address, the person's name and password) and the
 * membership together, or, for someone who signed up meanwhile and is signed in as that address, the membership.
 */
import { randomUUID } from 'node:crypto';
import type { Invitation, InvitationSummary } from '@factmark/api';
import type { Role } from '@factmark/collab';
import { FactmarkError } from '@factmark/editor';
import type { StoredInvitation } from '../storage/invitation-store.ts';
import type { DocumentStore } from '../storage/store.ts';
import type { AccountStore, User } from './account-store.ts';
import { normalizeEmail } from './account-store.ts';
import { randomToken, tokenHash } from './tokens.ts';

/** How long an invitation's link works. */
export const INVITATION_DAYS = 7;

/** An invitation without its secret's hash: what the API shows. */
function shown({ tokenHash: _hash, invitedById: _by, ...invitation }: StoredInvitation): Invitation {
  return invitation;
}

/** The invitations of the server's documents. */
export class Invitations {
  constructor(
    private readonly store: AccountStore & DocumentStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Invite `email` to `documentId` as `role`; the invitation and the secret its link carries (shown once). */
  async invite(
    documentId: string,
    email: string,
    role: Role,
    by: User,
  ): Promise<{ invitation: Invitation; token: string }> {
    const token = randomToken();
    const created = this.now();
    const stored: StoredInvitation = {
      id: randomUUID(),
      tokenHash: tokenHash(token),
      documentId,
      email: normalizeEmail(email),
      role,
      invitedById: by.id,
      invitedByName: by.name,
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
      acceptedAt: null,
    };
    await this.store.invitations.create(stored);
    return { invitation: shown(stored), token };
  }

  /** A document's pending invitations. */
  async pending(documentId: string): Promise<Invitation[]> {
    return (await this.store.invitations.pending(documentId, this.now().toISOString())).map(shown);
  }

  /** Withdraw an invitation; a not-found error when it is not pending there. */
  async revoke(documentId: string, id: string): Promise<void> {
    if (!(await this.store.invitations.revoke(documentId, id)))
      throw new FactmarkError('not_found', 'There is no pending invitation to withdraw');
  }

  /** The invitation a link's secret opens, still usable; an error in words otherwise. */
  private async usable(token: string): Promise<StoredInvitation> {
    const found = token ? await this.store.invitations.find(tokenHash(token)) : null;
    if (!found) throw new FactmarkError('not_found', 'This invitation link is not valid, or it was withdrawn');
    if (found.acceptedAt) throw new FactmarkError('setup_closed', 'This invitation was used already: sign in instead');
    if (found.expiresAt <= this.now().toISOString())
      throw new FactmarkError(
        'setup_closed',
        `This invitation expired on ${found.expiresAt.slice(0, 10)}: ask for a new one`,
      );
    return found;
  }

  /** What the link's page shows. */
  async summary(token: string): Promise<InvitationSummary> {
    const found = await this.usable(token);
    const document = await this.store.getDocument(found.documentId);
    if (!document) throw new FactmarkError('not_found', 'The document of this invitation was deleted');
    return {
      email: found.email,
      role: found.role,
      documentTitle: document.title,
      invitedByName: found.invitedByName,
      expiresAt: found.expiresAt,
      accountExists: (await this.store.findUserByEmail(found.email)) !== null,
    };
  }

  /**
   * Use the invitation: `join` makes the account when the person has none (the caller passes a signed-in user
   * with the invitation's address instead); the membership is given with the role invited, once.
   */
  async accept(
    token: string,
    who: { signedIn: User } | { signUp: (email: string) => Promise<User> },
  ): Promise<{
    user: User;
    documentId: string;
  }> {
    const found = await this.usable(token);
    let user: User;
    if ('signedIn' in who) {
      if (normalizeEmail(who.signedIn.email) !== found.email)
        throw new FactmarkError('forbidden', `This invitation is for ${found.email}: sign in with that address`);
      user = who.signedIn;
    } else user = await who.signUp(found.email);
    if (!(await this.store.invitations.accept(found.id, this.now().toISOString())))
      throw new FactmarkError('setup_closed', 'This invitation was used already: sign in instead');
    const current = await this.store.getRole(found.documentId, user.id);
    if (!current) await this.store.setRole(found.documentId, user.id, found.role);
    return { user, documentId: found.documentId };
  }
}
