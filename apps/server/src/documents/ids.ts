/** Document ids: 12 URL-safe characters from 72 random bits, and the check of their shape. */
import { randomBytes } from 'node:crypto';

/**
 * A new document id: 12 URL-safe characters from 72 random bits, never
 * starting with "-" or "_" (a leading "-" reads as an option on a command
 * line: `factmark export -Fk…` would fail).
 */
export function newDocumentId(): string {
  for (;;) {
    const id = randomBytes(9).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

/** True when `id` has the shape of a document id (what the WebSocket and API accept). */
export function isDocumentId(id: string): boolean {
  return /^[A-Za-z0-9_-]{12}$/.test(id);
}
