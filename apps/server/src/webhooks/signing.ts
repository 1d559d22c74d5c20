/**
 * Signing deliveries the way the Standard Webhooks specification (standardwebhooks.com) says, so receivers can
 * check them with its libraries in any language: the secret is `whsec_` and base64 key bytes; each delivery
 * carries `webhook-id` (the same on every retry), `webhook-timestamp` (Unix seconds, fresh on each try: receivers
 * refuse old ones, which stops replays) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256, under the key,
 * of `id.timestamp.body`.
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The signature of one delivery: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret's key. */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The headers of one try of a delivery, signed at `now` (ms since the epoch). */
export function signedHeaders(secret: string, id: string, body: string, now: number): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature(secret, id, timestamp, body),
  };
}
