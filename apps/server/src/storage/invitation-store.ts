/** Invitations to a document for an email address that has no account yet: pending, accepted once, revocable, expiring. */
import type { Invitation } from '@factmark/api';

/** An invitation as stored: its wire form, and the hash of the secret its link carries. */
export interface StoredInvitation extends Invitation {
  tokenHash: string;
  invitedById: string;
}

/** The invitations, in the store's database. */
export interface InvitationStore {
  create(invitation: StoredInvitation): Promise<void>;
  /** The invitation whose link secret hashes to `tokenHash`, in any state (null: none, or revoked). */
  find(tokenHash: string): Promise<StoredInvitation | null>;
  /** Document `documentId`'s invitations neither accepted nor expired at `now`, oldest first. */
  pending(documentId: string, now: string): Promise<StoredInvitation[]>;
  /** Withdraw an invitation (its link stops working); false when there was none. */
  revoke(documentId: string, id: string): Promise<boolean>;
  /** Mark an invitation used, once: false when it was used already, withdrawn or expired at `now`. */
  accept(id: string, now: string): Promise<boolean>;
}
