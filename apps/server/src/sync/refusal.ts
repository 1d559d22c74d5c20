/** Why the server closes a sync connection: close codes and the error a hook throws to close one. */

/** Close code for a refused message (the close reason says why). */
export const CLOSE_FORBIDDEN = 4403;
/** Close code for a message the server cannot read. */
export const CLOSE_MALFORMED = 4400;
/** Close code for a socket that did not authenticate in time. */
export const CLOSE_AUTH_TIMEOUT = 4401;
/** Close code for a message or document over a size limit. */
export const CLOSE_TOO_LARGE = 4413;
/** Close code when the store failed: the client retries. */
export const CLOSE_STORAGE = 4503;
/** Close code for a connection or user over the rate limit. */
export const CLOSE_RATE = 4429;

/** Thrown from a hook: Hocuspocus closes the connection with this code and reason. */
export class SyncRefusal extends Error {
  readonly reason: string;
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason);
    // A WebSocket close reason holds at most 123 bytes: cut on a character boundary.
    let cut = reason;
    while (Buffer.byteLength(cut) > 120) cut = cut.slice(0, -1);
    this.reason = cut;
  }
}
