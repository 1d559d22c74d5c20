/**
 * Unsubscribe links: `u` a user's id and `t` an HMAC of it under the server's secret, so the link in an email
 * stops that person's emails without signing in, and no one can make a link for someone else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `t` of `userId`'s unsubscribe link. */
export function unsubscribeToken(secret: Buffer, userId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${userId}`).digest('base64url');
}

/** True when `t` is the unsubscribe token of `u`. */
export function checkUnsubscribe(secret: Buffer, u: string, t: string): boolean {
  const want = Buffer.from(unsubscribeToken(secret, u));
  const got = Buffer.from(t);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The page an unsubscribe link opens (it asks before it stops anything: mail scanners open links). */
export function unsubscribeUrl(publicUrl: string, secret: Buffer, userId: string): string {
  const query = new URLSearchParams({ u: userId, t: unsubscribeToken(secret, userId) });
  return `${publicUrl}/unsubscribe?${query}`;
}

/** The one-click address of RFC 8058 (`List-Unsubscribe-Post`): a POST there stops the emails at once. */
export function oneClickUrl(publicUrl: string, secret: Buffer, userId: string): string {
  const query = new URLSearchParams({ u: userId, t: unsubscribeToken(secret, userId) });
  return `${publicUrl}/api/unsubscribe?${query}`;
}
