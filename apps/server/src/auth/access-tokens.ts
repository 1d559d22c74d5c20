/**
 * Personal access tokens: a person makes one for another system (a CMS, a tipline, a script), names it, gives it
 * scopes and maybe an expiry, and sees its secret once (stored as a hash); it acts with at most its person's role
 * on each document, capped by its scopes (the role policy's `roleWithScopes`), until it expires or is revoked —
 * over HTTP (`Authorization: Bearer fmk_…`) and over the sync connection it opens.
 */
import { randomUUID } from 'node:crypto';
import { type AccessScope, type Role, roleWithScopes } from '@factmark/collab';
import { FactmarkError } from '@factmark/editor';
import type { AccessTokenRecord } from '../storage/access-token-store.ts';
import type { AccountStore, User } from './account-store.ts';
import { randomToken, tokenHash } from './tokens.ts';

/** What starts every token's secret (so secret scanners and people know one when they see it). */
export const TOKEN_PREFIX = 'fmk_';

/** The person behind a request made with a token, and the token. */
export interface TokenCaller {
  user: User;
  token: AccessTokenRecord;
}

/** True when `token` may be used at `now`: not revoked, not expired. */
export function isLive(token: AccessTokenRecord, now: Date): boolean {
  return token.revokedAt === null && (token.expiresAt === null || token.expiresAt > now.toISOString());
}

/**
 * The role `userId` acts with on `documentId`: their own, capped by the scopes of access token `accessTokenId`
 * when the request or connection came with one (null: no access, or the token is gone).
 */
export async function effectiveRole(
  store: AccountStore,
  documentId: string,
  userId: string,
  accessTokenId: string | undefined,
  now = new Date(),
): Promise<Role | null> {
  const role = await store.getRole(documentId, userId);
  if (!role || accessTokenId === undefined) return role;
  const token = await store.accessTokens.byId(accessTokenId);
  if (!token || token.userId !== userId || !isLive(token, now)) return null;
  return roleWithScopes(role, token.scopes);
}

/** Making, listing, revoking and checking tokens. */
export class AccessTokens {
  constructor(
    private readonly store: AccountStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new token for `user`: its record and its secret (shown once; only its hash is kept). */
  async create(
    user: User,
    input: { name: string; scopes: AccessScope[]; expiresAt?: string | null },
  ): Promise<{ token: string; record: AccessTokenRecord }> {
    const createdAt = this.now().toISOString();
    if (input.expiresAt && input.expiresAt <= createdAt)
      throw new FactmarkError('invalid_body', 'The expiry must be in the future');
    const token = `${TOKEN_PREFIX}${randomToken(32)}`;
    const record: AccessTokenRecord = {
      id: randomUUID(),
      userId: user.id,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      createdAt,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
    };
    await this.store.accessTokens.create({ ...record, tokenHash: tokenHash(token) });
    return { token, record };
  }

  /** `userId`'s tokens not revoked (expired ones included, marked by their date), newest first. */
  list(userId: string): Promise<AccessTokenRecord[]> {
    return this.store.accessTokens.list(userId);
  }

  /** Revoke `userId`'s token `id`; not found when they have no such token. */
  async revoke(userId: string, id: string): Promise<void> {
    if (!(await this.store.accessTokens.revoke(userId, id, this.now().toISOString())))
      throw new FactmarkError('not_found', 'There is no such access token (was it revoked already?)');
  }

  /** The caller a bearer token stands for; null when it is not a live token of an existing person. */
  async verify(token: string): Promise<TokenCaller | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const record = await this.store.accessTokens.byHash(tokenHash(token));
    if (!record || !isLive(record, this.now())) return null;
    const user = await this.store.getUser(record.userId);
    return user ? { user, token: record } : null;
  }
}
