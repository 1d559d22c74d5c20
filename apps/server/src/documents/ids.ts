/** Document ids: 12 URL-safe characters from 72 random bits, and the check of their shape. */
import { randomBytes } from 'node:crypto';

/** A new document id: 12 URL-safe characters from 72 random bits. */
export function newDocumentId(): string {
  return randomBytes(9).toString('base64url');
}

/** True when `id` has the shape of a document id (what the WebSocket and API accept). */
export function isDocumentId(id: string): boolean {
  return /^[A-Za-z0-9_-]{12}$/.test(id);
}
