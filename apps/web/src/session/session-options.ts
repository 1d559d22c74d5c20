/** What a document's session is opened with besides the document, the person and the role. */
import type { EarlyConnection } from './early-connection.ts';
import type { PendingChange } from './unconfirmed.ts';

/** The options of a `DocumentSession`. */
export interface SessionOptions {
  /** A sync token fetched with the role, for the first connection (later ones fetch their own). */
  token?: string;
  /**
   * The connection opened for this document as the page started (see early-connection.ts), taken instead of opening
   * one: its document and its socket, already on their way to the server's copy.
   */
  early?: EarlyConnection | null;
  /**
   * Changes a previous session of this document could not get confirmed: made again, where the role allows, once this
   * one has the server's copy.
   */
  replay?: PendingChange[];
  /** Why the server refused the previous session's change (shown until dismissed). */
  refusal?: string;
  /**
   * Called when the server refused a change: the session is read-only from then on, its copy in this browser is
   * cleared, and a new session should take over with `pending` to replay.
   */
  onRefused?: (pending: PendingChange[], reason: string) => void;
}
