/**
 * Reading a Yjs sync message as Hocuspocus frames it (the document's name, the message type, the sync type, the
 * bytes), and the provider as the parts of the page see it that look at what it receives or sends without being it.
 */
import { MessageType } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';

/** A sync message: its sync type (y-protocols' `messageYjsSyncStep1`, `…Step2`, `…Update`) and its bytes. */
export interface SyncMessage {
  syncType: number;
  bytes: Uint8Array;
}

/** `data` read as a sync message, or null for any other message, and for bytes that are not one. */
export function readSyncMessage(data: unknown): SyncMessage | null {
  if (!(data instanceof ArrayBuffer) && !(data instanceof Uint8Array)) return null;
  try {
    const decoder = decoding.createDecoder(data instanceof Uint8Array ? data : new Uint8Array(data));
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
    const syncType = decoding.readVarUint(decoder);
    return { syncType, bytes: decoding.readVarUint8Array(decoder) };
  } catch {
    return null;
  }
}

/** A listener of the provider's `message` event: the socket's event, before the provider reads the message. */
export type ProviderMessageListener = (payload: { event: { data: unknown } }) => void;

/**
 * What the parts of the page that watch the provider need of it (`first-copy.ts`, `local-load.ts`): its message
 * event, and its listener of the document's updates (which sends the page's own changes).
 */
export interface WatchedProvider {
  on(event: 'message', listener: ProviderMessageListener): unknown;
  off(event: 'message', listener: ProviderMessageListener): unknown;
  boundDocumentUpdateHandler: (update: Uint8Array, origin: unknown) => void;
}
