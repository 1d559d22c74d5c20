/**
 * Whether bytes are one whole Yjs update in encoding v1, the one the sync
 * protocol carries: every struct, content and delete range read, and nothing
 * left over. Yjs itself reads what it can and ignores the rest, so an update
 * in another encoding (v2) or with bytes appended would otherwise pass as a
 * harmless no-op and be acknowledged as stored.
 */
import * as decoding from 'lib0/decoding';

function skipContent(d: decoding.Decoder, ref: number): boolean {
  switch (ref) {
    case 1: // deleted
      decoding.readVarUint(d);
      return true;
    case 2: {
      // JSON (legacy)
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) decoding.readVarString(d);
      return true;
    }
    case 3: // binary
      decoding.readVarUint8Array(d);
      return true;
    case 4: // string
    case 5: // embed
      decoding.readVarString(d);
      return true;
    case 6: // format
      decoding.readVarString(d);
      decoding.readVarString(d);
      return true;
    case 7: {
      // type
      const typeRef = decoding.readVarUint(d);
      if (typeRef === 3 || typeRef === 5) decoding.readVarString(d);
      return typeRef <= 6;
    }
    case 8: {
      // any
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) decoding.readAny(d);
      return true;
    }
    case 9: // subdocument
      decoding.readVarString(d);
      decoding.readAny(d);
      return true;
    default:
      return false;
  }
}

/** Two unsigned varints: an id (client, clock), or a delete range (clock, length). */
function readId(d: decoding.Decoder): void {
  decoding.readVarUint(d);
  decoding.readVarUint(d);
}

/** True when `update` is exactly one Yjs v1 update. */
export function isWholeV1Update(update: Uint8Array): boolean {
  const d = decoding.createDecoder(update);
  try {
    const clients = decoding.readVarUint(d);
    for (let c = 0; c < clients; c++) {
      const structs = decoding.readVarUint(d);
      decoding.readVarUint(d);
      decoding.readVarUint(d);
      for (let s = 0; s < structs; s++) {
        const info = decoding.readUint8(d);
        if (info === 10 || (info & 31) === 0) {
          decoding.readVarUint(d);
          continue;
        }
        if (info & 0x80) readId(d);
        if (info & 0x40) readId(d);
        if ((info & 0xc0) === 0) {
          if (decoding.readVarUint(d) === 1) decoding.readVarString(d);
          else readId(d);
          if (info & 0x20) decoding.readVarString(d);
        }
        if (!skipContent(d, info & 31)) return false;
      }
    }
    const dsClients = decoding.readVarUint(d);
    for (let c = 0; c < dsClients; c++) {
      decoding.readVarUint(d);
      const ranges = decoding.readVarUint(d);
      for (let r = 0; r < ranges; r++) readId(d);
    }
    return !decoding.hasContent(d);
  } catch {
    return false;
  }
}
