/** Reading a Hocuspocus message far enough to judge it: its type, and the Yjs update or presence it carries. */
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep1 } from 'y-protocols/sync';

/** What an incoming message carries. */
export type Incoming =
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; bytes: Uint8Array }
  | { kind: 'other' };

const KNOWN = new Set<number>(Object.values(MessageType).filter((v): v is number => typeof v === 'number' && v >= 0));

/** Read `message` (document name, type, then the payload); throws on bytes that are not a message. */
export function readIncoming(message: Uint8Array): Incoming {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.Sync || type === MessageType.SyncReply) {
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    return step === messageYjsSyncStep1 ? { kind: 'other' } : { kind: 'update', update: payload };
  }
  if (type === MessageType.Awareness) return { kind: 'awareness', bytes: decoding.readVarUint8Array(decoder) };
  if (!KNOWN.has(type)) throw new Error(`unknown message type ${type}`);
  return { kind: 'other' };
}

/** One entry of an awareness update: a client id and its state (null when the client leaves). */
export interface PresenceEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** The entries of an awareness update (y-protocols' encoding); throws on bytes it cannot read. */
export function readPresence(bytes: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(decoder);
  const out: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    out.push({ clientId, clock, state: JSON.parse(decoding.readVarString(decoder)) });
  }
  return out;
}
