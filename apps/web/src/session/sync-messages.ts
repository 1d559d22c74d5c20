/**
 * Reading a Yjs sync message as Hocuspocus frames it (the document's name, the message type, the sync type, the
 * bytes), for the parts of the page that look at what the provider receives or sends without being the provider.
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
