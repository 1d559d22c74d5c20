/** Tokens: random session tokens with their stored hashes, and the short-lived signed tokens that open a document's sync. */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret token (for sessions, CSRF and setup links), URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a token, as stored: a leaked database does not leak live sessions. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** What a WebSocket token says: who, for which document, until when (ms since the epoch). */
export interface SyncClaims {
  userId: string;
  documentId: string;
  expiresAt: number;
  /** The personal access token the connection was opened with (its scopes cap the role), if any. */
  accessTokenId?: string;
}

/**
 * Short-lived signed tokens for the WebSocket: `payload.signature`, HMAC-SHA256
 * with the server's secret. They carry identity and document only; the role is
 * looked up on every update, so revoking it takes effect at once.
 */
export class SyncTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  /** A token for `userId` on `documentId`; with `accessTokenId`, the connection acts as that access token. */
  issue(userId: string, documentId: string, now = Date.now(), accessTokenId?: string): string {
    const claims = { u: userId, d: documentId, e: now + this.ttlMs, ...(accessTokenId ? { t: accessTokenId } : {}) };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The claims of a valid, unexpired token; null otherwise. */
  verify(token: string, now = Date.now()): SyncClaims | null {
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const { u, d, e, t } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
        u: unknown;
        d: unknown;
        e: unknown;
        t?: unknown;
      };
      if (typeof u !== 'string' || typeof d !== 'string' || typeof e !== 'number' || e < now) return null;
      if (t !== undefined && typeof t !== 'string') return null;
      return { userId: u, documentId: d, expiresAt: e, ...(t ? { accessTokenId: t } : {}) };
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
