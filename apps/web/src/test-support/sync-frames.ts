/** A Yjs sync message as Hocuspocus frames it, for the tests of what reads the provider's messages. */
import { MessageType } from '@hocuspocus/provider';
import * as encoding from 'lib0/encoding';

/** The document's name (`doc`), the message type (sync), the sync type (`syncType`, y-protocols'), then `bytes`. */
export function syncFrame(syncType: number, bytes: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, 'doc');
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, bytes);
  return encoding.toUint8Array(encoder);
}
