/**
 * The view asks a decoration set for the decorations of every top-level block on every update. ProseMirror's
 * `DecorationSet.forChild` found a block's entry by scanning its blocks from the start, so with the claim finder's
 * underlines in thousands of paragraphs (a million characters) each keystroke cost a quadratic number of steps;
 * `patches/prosemirror-view@*.patch` makes it a binary search. These tests hold the patch to giving the scan's
 * answers (the set's own `find` is the oracle) in a logarithmic number of reads.
 */
import { articleSchema } from '@factmark/editor';
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';

/** An article of `lengths.length` paragraphs, the i-th of `lengths[i]` characters. */
function article(lengths: readonly number[]): PMNode {
  const paragraphs = lengths.map((n, i) =>
    articleSchema.node('paragraph', null, [articleSchema.text(`${i} `.padEnd(n, 'x'))]),
  );
  return articleSchema.node('doc', null, [
    articleSchema.node('title', null, [articleSchema.text('A title')]),
    ...paragraphs,
  ]);
}

/** Where each top-level block starts, with the block. */
function blocks(doc: PMNode): { offset: number; node: PMNode }[] {
  const out: { offset: number; node: PMNode }[] = [];
  doc.forEach((node, offset) => {
    out.push({ offset, node });
  });
  return out;
}

/** The decorations the set gives for one block, as positions in the document, in order. */
function spansOf(set: DecorationSet, offset: number, node: PMNode): [number, number][] {
  const out: [number, number][] = [];
  set.forChild(offset, node).forEachSet((child) => {
    for (const d of child.find()) out.push([d.from + offset + 1, d.to + offset + 1]);
  });
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe("DecorationSet.forChild (patched: a block's decorations found by binary search)", () => {
  it('gives each block the decorations inside it, as the whole set lists them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 3, max: 40 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 80 }),
        (lengths, picks) => {
          const doc = article(lengths);
          const all = blocks(doc);
          const decorations = picks.map(([b, s, l]) => {
            const { offset, node } = all[b % all.length] as { offset: number; node: PMNode };
            const from = offset + 1 + (s % node.content.size);
            const to = Math.min(offset + 1 + node.content.size, from + 1 + (l % 5));
            return Decoration.inline(from, to, { class: 'hint' });
          });
          const set = DecorationSet.create(doc, decorations);
          for (const { offset, node } of all) {
            const expected = set
              .find(offset + 1, offset + 1 + node.content.size)
              .map((d): [number, number] => [d.from, d.to])
              .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
            expect(spansOf(set, offset, node)).toEqual(expected);
          }
          // Between blocks, and past the last one, there is nothing.
          expect(spansOf(set, doc.content.size, doc.lastChild as PMNode)).toEqual([]);
        },
      ),
    );
  });

  it("reads a logarithmic number of the set's entries for each block, not a scan from the start", () => {
    const doc = article(Array.from({ length: 4_000 }, () => 30));
    const all = blocks(doc);
    const set = DecorationSet.create(
      doc,
      all.slice(1).map(({ offset }) => Decoration.inline(offset + 3, offset + 8, { class: 'hint' })),
    );
    // The set's entries (three per decorated block: start, end, its own set), counted as they are read.
    const internal = set as unknown as { children: unknown[] };
    let reads = 0;
    internal.children = new Proxy(internal.children, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    for (const { offset, node } of all) set.forChild(offset, node);
    // A scan reads ≈ n²/2 entries (8 million here); a binary search ≈ n·log₂(n) (≈ 50,000).
    expect(reads).toBeLessThan(all.length * 20);
  });
});
