/** The HMAC key for sync tokens: from FACTMARK_SECRET, or generated once and kept in the database. */
import { randomBytes } from 'node:crypto';
import type { AccountStore } from './account-store.ts';

/**
 * The HMAC key for sync tokens: FACTMARK_SECRET when set (at least 32 characters;
 * every instance behind one proxy needs the same), else one generated on first
 * start and kept in the database.
 */
export async function loadSecret(store: AccountStore, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 32) throw new Error('FACTMARK_SECRET must be at least 32 characters');
    return Buffer.from(fromEnv);
  }
  let secret = await store.getSetting('sync_secret');
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    await store.setSetting('sync_secret', secret);
  }
  return Buffer.from(secret);
}
