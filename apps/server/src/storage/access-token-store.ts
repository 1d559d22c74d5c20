/** Personal access tokens as stored: their secret only as a hash, their scopes, expiry and revocation. */
import type { AccessScope } from '@factmark/collab';

/** A personal access token without its secret (what its owner lists). */
export interface AccessTokenRecord {
  id: string;
  userId: string;
  name: string;
  scopes: AccessScope[];
  createdAt: string;
  /** After this time it is refused (null: never). */
  expiresAt: string | null;
  /** When it was revoked (null: it was not). */
  revokedAt: string | null;
}

/** The tokens, in the store's database. */
export interface AccessTokenStore {
  create(token: AccessTokenRecord & { tokenHash: string }): Promise<void>;
  /** The token whose secret hashes to `tokenHash`, in any state; null when there is none. */
  byHash(tokenHash: string): Promise<AccessTokenRecord | null>;
  /** The token `id`, in any state; null when there is none. */
  byId(id: string): Promise<AccessTokenRecord | null>;
  /** `userId`'s tokens not revoked, newest first. */
  list(userId: string): Promise<AccessTokenRecord[]>;
  /** Revoke `userId`'s token `id` at `at`; false when they have no such token not yet revoked. */
  revoke(userId: string, id: string, at: string): Promise<boolean>;
}
