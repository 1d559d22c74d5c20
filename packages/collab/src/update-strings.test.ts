/**
 * Yjs reads every string of an update — map keys, the text of items that formatting split, a body's fields —
 * through lib0's `readVarString`, which called TextDecoder once a string: for the tens of thousands of short strings
 * of a 5,000-annotation document that was ≈ 0.25 s of a page's open. `patches/lib0@*.patch` reads short ASCII
 * strings in a loop and leaves the rest to TextDecoder. These tests hold it to TextDecoder's answers (the oracle:
 * what lib0 read before) on any bytes — text of every script, invalid UTF-8, lengths past the end — and to reading
 * short ASCII without TextDecoder.
 */
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as string from 'lib0/string';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';

type Read = { value: string; pos: number } | { error: string };

/** What lib0 read before the patch: the bytes of the length (an error past the end), then its TextDecoder's answer. */
function oracle(bytes: Uint8Array): Read {
  const decoder = decoding.createDecoder(bytes);
  try {
    const raw = decoding.readVarUint8Array(decoder);
    return { value: (string.utf8TextDecoder as TextDecoder).decode(raw), pos: decoder.pos };
  } catch (error) {
    return { error: String(error) };
  }
}

function patched(bytes: Uint8Array): Read {
  const decoder = decoding.createDecoder(bytes);
  try {
    const value = decoding.readVarString(decoder);
    return { value, pos: decoder.pos };
  } catch (error) {
    return { error: String(error) };
  }
}

const answerOf = (read: Read) => ('value' in read ? read.value : read.error);

/** A length-prefixed byte string as an update holds one. */
function prefixed(content: Uint8Array, length = content.length): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, length);
  encoding.writeUint8Array(encoder, content);
  return encoding.toUint8Array(encoder);
}

describe("lib0's readVarString, patched", () => {
  it("reads what lib0's TextDecoder reads, for any text and any bytes (invalid UTF-8 an error, as before)", () => {
    const texts = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const encoded = new TextEncoder().encode(text);
        const bytes = prefixed(encoded);
        expect(patched(bytes)).toEqual(oracle(bytes));
        // The text itself (a lone surrogate, which UTF-8 cannot hold, reads back as U+FFFD).
        expect(answerOf(patched(bytes))).toBe(new TextDecoder().decode(encoded));
      }),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (content) => {
        const bytes = prefixed(content);
        expect(patched(bytes)).toEqual(oracle(bytes));
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses a length past the end, as before', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(40), (content, extra) => {
        const bytes = prefixed(content, content.length + extra);
        expect(patched(bytes)).toEqual(oracle(bytes));
        if (extra > 0) expect(patched(bytes)).toHaveProperty('error');
      }),
    );
  });

  it('reads short ASCII without TextDecoder, and the rest with it', () => {
    const decode = vi.spyOn(string.utf8TextDecoder as TextDecoder, 'decode');
    try {
      expect(answerOf(patched(prefixed(new TextEncoder().encode('ministry said on Monday'))))).toBe(
        'ministry said on Monday',
      );
      expect(decode).not.toHaveBeenCalled();
      expect(answerOf(patched(prefixed(new TextEncoder().encode('Министерство обороны'))))).toBe(
        'Министерство обороны',
      );
      expect(answerOf(patched(prefixed(new TextEncoder().encode('x'.repeat(33)))))).toBe('x'.repeat(33));
      expect(decode).toHaveBeenCalledTimes(2);
    } finally {
      decode.mockRestore();
    }
  });

  it('leaves a document read from its update the same', () => {
    const doc = new Y.Doc();
    doc.getText('article').insert(0, 'more than 50,000 soldiers and 140 aircraft, «сказал» the ministry 🛩');
    doc.getMap('annotations').set('a_1', 'malicious or malicious cyber operations');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(copy.getText('article').toString()).toBe(doc.getText('article').toString());
    expect(copy.getMap('annotations').toJSON()).toEqual(doc.getMap('annotations').toJSON());
  });
});
