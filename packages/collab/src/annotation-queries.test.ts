import { articleSchema } from '@factmark/editor';
import fc from 'fast-check';
import type { Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { rangesText, TopLevelBlocks } from './annotation-queries.ts';

const s = articleSchema;
const words = fc.stringMatching(/^[a-z ,.]{1,30}$/);
const paragraph = words.map((t) => s.node('paragraph', null, [s.text(t)]));
const quote = fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((ps) => s.node('blockquote', null, ps));
const list = fc
  .array(fc.array(paragraph, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 })
  .map((items) =>
    s.node(
      'bullet_list',
      null,
      items.map((ps) => s.node('list_item', null, ps)),
    ),
  );
/** An article: its title, then paragraphs, quotes and lists. */
const article = fc
  .array(fc.oneof(paragraph, paragraph, quote, list), { minLength: 1, maxLength: 8 })
  .map((blocks) => s.node('doc', null, [s.node('title', null, [s.text('A wire story')]), ...blocks]));

/** The top-level blocks of `doc` with where each starts. */
function blocksOf(doc: PMNode): { node: PMNode; start: number }[] {
  const out: { node: PMNode; start: number }[] = [];
  doc.forEach((node, start) => {
    out.push({ node, start });
  });
  return out;
}

/** Text positions inside `block` (between its first and last), as ranges of an annotation that lies in it. */
const rangesIn = (block: { node: PMNode; start: number }) =>
  fc
    .array(fc.tuple(fc.nat(block.node.content.size), fc.nat(block.node.content.size)), { minLength: 1, maxLength: 3 })
    .map((pairs) =>
      pairs
        .map(([a, b]) => ({ from: block.start + 1 + Math.min(a, b), to: block.start + 1 + Math.max(a, b) }))
        .sort((x, y) => x.from - y.from),
    );

describe('rangesText', () => {
  it('reads ranges inside one top-level block from that block as the document reads them', () => {
    fc.assert(
      fc.property(
        article.chain((doc) => {
          const blocks = blocksOf(doc).slice(1);
          return fc.integer({ min: 0, max: blocks.length - 1 }).chain((i) =>
            rangesIn(blocks[i] as { node: PMNode; start: number }).map((ranges) => ({
              doc,
              block: blocks[i] as { node: PMNode; start: number },
              ranges,
            })),
          );
        }),
        ({ doc, block, ranges }) => {
          const fromDocument = ranges.map((r) => doc.textBetween(r.from, r.to, '\n', ' ')).join(' ');
          expect(rangesText(doc, ranges, block)).toBe(fromDocument);
          expect(rangesText(doc, ranges)).toBe(fromDocument);
        },
      ),
    );
  });

  it('finds the block holding any ranges as the document resolves them, and reads them as the document does', () => {
    const anywhere = (doc: PMNode) =>
      fc
        .array(fc.tuple(fc.nat(doc.content.size), fc.nat(doc.content.size)), { minLength: 1, maxLength: 3 })
        .map((pairs) =>
          pairs.map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) })).sort((x, y) => x.from - y.from),
        );
    const separators = fc.record({
      block: fc.constantFrom('\n', ' '),
      leaf: fc.constantFrom('\n', ' '),
      ranges: fc.constantFrom('\n', ' '),
    });
    fc.assert(
      fc.property(
        article.chain((doc) => fc.tuple(fc.constant(doc), anywhere(doc), separators)),
        ([doc, ranges, sep]) => {
          const blocks = new TopLevelBlocks(doc);
          for (const { from } of ranges)
            if (from < doc.content.size) expect(blocks.at(from)).toBe(doc.resolve(from).index(0));
          const block = blocks.holding(ranges);
          if (block) for (const r of ranges) expect(r.to).toBeLessThanOrEqual(block.start + block.node.nodeSize);
          const fromDocument = ranges.map((r) => doc.textBetween(r.from, r.to, sep.block, sep.leaf)).join(sep.ranges);
          expect(rangesText(doc, ranges, block, sep)).toBe(fromDocument);
        },
      ),
    );
  });

  it('reads the whole document when a range is outside the block it was given', () => {
    const doc = s.node('doc', null, [
      s.node('title', null, [s.text('Title')]),
      s.node('paragraph', null, [s.text('more than 50,000 soldiers')]),
      s.node('paragraph', null, [s.text('and 140 aircraft')]),
    ]);
    const [, first, second] = blocksOf(doc) as { node: PMNode; start: number }[];
    const across = [{ from: (first?.start ?? 0) + 11, to: (second?.start ?? 0) + 4 }];
    expect(rangesText(doc, across, first)).toBe('50,000 soldiers\nand');
    const wrongBlock = [{ from: (second?.start ?? 0) + 5, to: (second?.start ?? 0) + 8 }];
    expect(rangesText(doc, wrongBlock, first)).toBe('140');
  });
});
