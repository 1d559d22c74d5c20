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

  /** The ProseMirror position of text offset `offset` (an offset between blocks maps to the next block's start). */
  toPos(offset: number): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.blocks[mid]?.offset ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    const block = this.blocks[lo];
    if (!block) return 0;
    return block.pos + Math.min(offset - block.offset, block.length);
  }

  /** The text offset of ProseMirror position `pos` (inside a textblock). */
  toOffset(pos: number): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.blocks[mid]?.pos ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    const block = this.blocks[lo];
    if (!block) return 0;
    return block.offset + Math.max(0, Math.min(pos - block.pos, block.length));
  }
}

/** Text with whitespace runs collapsed to one space and Unicode in NFC, and where each of its characters came from. */
export interface NormalizedText {
  text: string;
  /** `source[i]` is the offset in the original text of normalized character i; `source[text.length]` is the end. */
  source: number[];
}

/**
 * Normalize for matching: NFC (so "é" typed two ways is one character),
 * every whitespace run (spaces, tabs, newlines, no-break spaces) one space,
 * typographic quotes and dashes folded to ASCII. Keeps a map back to the
 * original offsets.
 */
export function normalize(original: string): NormalizedText {
  let text = '';
  const source: number[] = [];
  let i = 0;
  while (i < original.length) {
    const code = original.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const ch = original.slice(i, i + width);
    if (/\s/u.test(ch)) {
      if (!text.endsWith(' ')) {
        text += ' ';
        source.push(i);
      }
      i += width;
      continue;
    }
    // A base character and its combining marks normalize together.
    let j = i + width;
    while (j < original.length && /\p{M}/u.test(original[j] ?? '')) j++;
    const folded = fold(original.slice(i, j).normalize('NFC'));
    for (let k = 0; k < folded.length; k++) {
      text += folded[k];
      source.push(i);
    }
    i = j;
  }
  source.push(original.length);
  return { text, source };
}

function fold(s: string): string {
  return s
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-');
}

/** Normalize a selector's string the same way (no map needed). */
export function normalizeString(s: string): string {
  return normalize(s).text;
}
