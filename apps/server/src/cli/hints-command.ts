/**
 * `factmark hints FILE [--json]`: the claim finder on an article file (.txt, .html, .md) — every hint with its kind,
 * reason, offsets in the article text as the anchoring engine counts them, its text, and the claim's statement or the
 * slip's correction.
 */
import { analyzeArticle, HINT_KINDS, type Hint, isSlip } from '@factmark/hints';
import type { Command } from 'commander';
import { articleFrom } from './inputs.ts';

/** "14 possible claims, 3 possible translation slips". */
export function hintSummary(hints: readonly Hint[]): string {
  const slips = hints.filter((h) => isSlip(h.kind)).length;
  const claims = hints.length - slips;
  const plural = (n: number, word: string) => `${n} possible ${word}${n === 1 ? '' : 's'}`;
  return `${plural(claims, 'claim')}, ${plural(slips, 'translation slip')}`;
}

function hintLines(hint: Hint, articleText: string): string[] {
  const where = `${hint.start}–${hint.end}`.padEnd(11);
  const lines = [`${where} ${HINT_KINDS[hint.kind].label.padEnd(21)} “${hint.text}” — ${hint.reason}`];
  if (hint.correction) {
    const { start, end, text } = hint.correction;
    lines.push(`${' '.repeat(12)}correct “${articleText.slice(start, end)}” to “${text}”`);
  } else if (hint.statement) lines.push(`${' '.repeat(12)}statement: ${hint.statement}`);
  return lines;
}

/** Add `hints` to `program`. */
export function hintsCommand(program: Command): void {
  program
    .command('hints')
    .description('find the check-worthy claims and the translation slips of an article file (.txt, .html or .md)')
    .argument('<file>', 'the article')
    .option('--json', 'print the hints as JSON')
    .action((file: string, o: { json?: boolean }) => {
      const { text, hints } = analyzeArticle(articleFrom(file));
      if (o.json) {
        const out = hints.map((h) => ({ ...h, label: HINT_KINDS[h.kind].label, group: HINT_KINDS[h.kind].group }));
        process.stdout.write(`${JSON.stringify({ summary: hintSummary(hints), hints: out }, null, 2)}\n`);
        return;
      }
      const lines = [hintSummary(hints), ...hints.flatMap((h) => hintLines(h, text.text))];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
