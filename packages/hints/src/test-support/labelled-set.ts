/**
 * The labelled set (fixtures/claim-finder): articles with their check-worthy
 * spans and translation slips marked inline as `[[kind|text]]` or, for a
 * slip, `[[kind|text|correction]]`. Read into the article's text as the
 * anchoring engine counts it (blocks joined by one "\n") and its labels.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HintKind } from '../hint.ts';

/** A labelled span: its kind, offsets in the article text, text, and (slips) the expected correction. */
export interface Label {
  kind: HintKind;
  start: number;
  end: number;
  text: string;
  correction?: string;
}

/** One labelled article. */
export interface LabelledArticle {
  name: string;
  /** The file without its labels (what an importer reads). */
  source: string;
  /** The article text: blocks joined by one "\n", the title first. */
  text: string;
  /** Each block's first offset in `text`. */
  blockStarts: number[];
  labels: Label[];
}

const LABEL = /\[\[(\w+)\|([^|\]]*)(?:\|([^\]]*))?\]\]/g;

/** Parse one labelled file. */
export function parseLabelled(name: string, file: string): LabelledArticle {
  const blocks = file.trim().split(/\n\s*\n/);
  const labels: Label[] = [];
  const plainBlocks: string[] = [];
  const blockStarts: number[] = [];
  let offset = 0;
  for (const block of blocks) {
    let plain = '';
    let last = 0;
    for (const m of block.matchAll(LABEL)) {
      plain += block.slice(last, m.index);
      const [, kind, text = '', correction] = m;
      const start = offset + plain.length;
      labels.push({
        kind: kind as HintKind,
        start,
        end: start + text.length,
        text,
        ...(correction === undefined ? {} : { correction }),
      });
      plain += text;
      last = (m.index ?? 0) + m[0].length;
    }
    plain += block.slice(last);
    blockStarts.push(offset);
    plainBlocks.push(plain);
    offset += plain.length + 1;
  }
  return { name, source: plainBlocks.join('\n\n'), text: plainBlocks.join('\n'), blockStarts, labels };
}

/** The folder of the labelled set. */
export const LABELLED_DIR = fileURLToPath(new URL('../../fixtures/claim-finder', import.meta.url));

/** Every article of the labelled set, by file name. */
export function labelledSet(dir = LABELLED_DIR): LabelledArticle[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => parseLabelled(f, readFileSync(join(dir, f), 'utf8')));
}
