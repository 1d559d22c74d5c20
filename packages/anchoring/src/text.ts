/** An article's text for anchoring, with the way back to ProseMirror positions, and the normalisation quotes are matched under. */
import { lastAtOrBefore } from '@factmark/editor/sorted';
import type { Node as PMNode } from 'prosemirror-model';

/**
 * An article's plain text and the way back to ProseMirror positions.
 *
 * The text is every textblock's text in document order (the title first),
 * blocks separated by one "\n"; a hard break is "\n" too. Offsets into it are
 * UTF-16 code units, as JavaScript strings count them: this is the unit of
 * every TextPositionSelector Factmark writes and reads.
 */
export class ArticleText {
  readonly text: string;
  /** For each block: its first text offset and the ProseMirror position of its content's start. */
  private readonly blocks: { offset: number; pos: number; length: number }[] = [];

  constructor(readonly doc: PMNode) {
    let text = '';
    doc.descendants((node, pos) => {
      if (!node.isTextblock) return true;
      if (text !== '') text += '\n';
      const start = text.length;
      node.forEach((child) => {
        text += child.isText ? (child.text ?? '') : '\n';
      });
      this.blocks.push({ offset: start, pos: pos + 1, length: text.length - start });
      return false;
    });
    this.text = text;
  }

  /** Each textblock's first text offset, its text's length and the ProseMirror position of its content's start. */
  textBlocks(): readonly { offset: number; length: number; pos: number }[] {
    return this.blocks;
  }

  /** The ProseMirror position of text offset `offset` (an offset between blocks maps to the next block's start). */
  toPos(offset: number): number {
    const block = this.blocks[lastAtOrBefore(this.blocks.length, (i) => this.blocks[i]?.offset ?? 0, offset)];
    if (!block) return 0;
    return block.pos + Math.min(offset - block.offset, block.length);
  }

  /** The text offset of ProseMirror position `pos` (inside a textblock). */
  toOffset(pos: number): number {
    const block = this.blocks[lastAtOrBefore(this.blocks.length, (i) => this.blocks[i]?.pos ?? 0, pos)];
    if (!block) return 0;
    return block.offset + Math.max(0, Math.min(pos - block.pos, block.length));
  }
}

/** Text with whitespace runs collapsed to one space and Unicode in NFC, and where each of its characters came from. */
export interface NormalizedText {
  text: string;
  /** `source[i]` is the offset in the original text of normalized character i; `source[text.length]` is the end. */
  source: Int32Array;
  /** True when every character kept its place (plain text: only newlines became spaces): `source[i]` is i. */
  identity?: boolean;
}

const MARK = /\p{M}/u;

/** True for the UTF-16 code units JavaScript's \s matches. */
function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x1680 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Typographic quotes, primes and dashes as their ASCII counterparts. */
function foldCode(code: number): number {
  switch (code) {
    case 0x2018:
    case 0x2019:
    case 0x201a:
    case 0x2032:
      return 39; // '
    case 0x201c:
    case 0x201d:
    case 0x201e:
    case 0x2033:
      return 34; // "
    case 0x2013:
    case 0x2014:
    case 0x2212:
      return 45; // -
    default:
      return code;
  }
}

/**
 * Normalize for matching: NFC (so "é" typed two ways is one character),
 * every whitespace run (spaces, tabs, newlines, no-break spaces) one space,
 * typographic quotes and dashes folded to ASCII. Keeps a map back to the
 * original offsets. Linear, with a fast path for plain text (about 10 ms for
 * 200,000 characters).
 */
export function normalize(original: string): NormalizedText {
  const n = original.length;
  // Printable ASCII whose whitespace is single spaces and newlines: only the newlines change, one for one.
  if (!/[^\x20-\x7e\n]|[ \n]{2}/.test(original)) {
    const identity = new Int32Array(n + 1);
    for (let k = 0; k <= n; k++) identity[k] = k;
    return { text: original.replaceAll('\n', ' '), source: identity, identity: true };
  }
  const pieces: string[] = [];
  let source = new Int32Array(n + 16);
  let length = 0;
  let lastWasSpace = false;
  // Plain characters are copied in runs: one slice per run instead of one string per character.
  let runStart = 0;
  let i = 0;
  while (i <= n) {
    const code = i < n ? original.charCodeAt(i) : -1;
    // A plain character, or a single space after one (already normalized): part of the run.
    const plain = code >= 0 && code < 0x300 && (code === 32 ? !lastWasSpace : !isSpace(code));
    if (plain && (i + 1 >= n || original.charCodeAt(i + 1) < 0x300)) {
      lastWasSpace = code === 32;
      i++;
      continue;
    }
    // End of a plain run: copy it.
    if (i > runStart) {
      pieces.push(original.slice(runStart, i));
      if (length + (i - runStart) + 8 >= source.length) {
        const bigger = new Int32Array((length + (i - runStart)) * 2 + 16);
        bigger.set(source);
        source = bigger;
      }
      for (let k = runStart; k < i; k++) source[length++] = k;
    }
    if (code < 0) break;
    if (length + 8 >= source.length) {
      const bigger = new Int32Array(source.length * 2 + 16);
      bigger.set(source);
      source = bigger;
    }
    if (isSpace(code)) {
      if (!lastWasSpace) {
        pieces.push(' ');
        source[length++] = i;
        lastWasSpace = true;
      }
      i++;
      runStart = i;
      continue;
    }
    lastWasSpace = false;
    // A base character and the combining marks after it normalize together.
    let j = i + (code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1);
    while (j < n && original.charCodeAt(j) >= 0x300 && MARK.test(original[j] as string)) j++;
    const cluster = j === i + 1 ? (original[i] as string) : original.slice(i, j).normalize('NFC');
    for (let k = 0; k < cluster.length; k++) {
      if (length + 8 >= source.length) {
        const bigger = new Int32Array(source.length * 2 + 16);
        bigger.set(source);
        source = bigger;
      }
      pieces.push(String.fromCharCode(foldCode(cluster.charCodeAt(k))));
      source[length++] = i;
    }
    i = j;
    runStart = i;
  }
  source[length++] = n;
  return { text: pieces.join(''), source: source.subarray(0, length) };
}

/** Normalize a selector's string the same way (no map needed). Printable ASCII with single spaces is returned as is. */
export function normalizeString(s: string): string {
  return /[^\x20-\x7e]| {2}/.test(s) ? normalize(s).text : s;
}
