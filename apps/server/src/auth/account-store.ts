/** The accounts contract: users, sessions and document roles as the stores keep them, and how emails are normalised. */

import type { Role } from '@factmark/collab';
import type { AccessTokenStore } from '../storage/access-token-store.ts';
import type { InvitationStore } from '../storage/invitation-store.ts';

/** A person with an account. */
export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  createdAt: string;
}

/** A signed-in browser session (the cookie holds the token; the store holds its hash). */
export interface Session {
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

/** A person's role on a document. */
export interface Membership {
  documentId: string;
  user: Pick<User, 'id' | 'email' | 'name'>;
  role: Role;
}

/** Accounts, sessions and document roles. */
export interface AccountStore {
  /** Invitations to documents for email addresses without an account (see invitation-store.ts). */
  readonly invitations: InvitationStore;
  /** Personal access tokens (see access-token-store.ts). */
  readonly accessTokens: AccessTokenStore;
  countUsers(): Promise<number>;
  createUser(user: User, passwordHash: string): Promise<void>;
  findUserByEmail(email: string): Promise<(User & { passwordHash: string }) | null>;
  getUser(id: string): Promise<User | null>;
  /** Change a person's name (mentions and lists show the new one: they refer to the id). */
  renameUser(id: string, name: string): Promise<void>;
  createSession(tokenHash: string, session: Session): Promise<void>;
  getSession(tokenHash: string, now: number): Promise<Session | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** The one-time setup token's hash, while no administrator exists. */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string | null): Promise<void>;
  setRole(documentId: string, userId: string, role: Role | null): Promise<void>;
  getRole(documentId: string, userId: string): Promise<Role | null>;
  listMembers(documentId: string): Promise<Membership[]>;
  /** The documents `userId` has a role on, with that role. */
  documentsOf(userId: string): Promise<Map<string, Role>>;
}

/** An email address as accounts are stored and looked up: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
