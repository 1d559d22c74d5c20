/**
 * `factmark hints FILE [--json]`: the claim finder on an article file (.txt, .html, .md) — every hint with its kind,
 * reason, offsets in the article text as the anchoring engine counts them, its text, and the claim's statement or the
 * slip's correction.
 */
import { analyzeArticle, HINT_KINDS, type Hint, hintSummary } from '@factmark/hints';
import type { Command } from 'commander';
import { articleFrom } from './inputs.ts';

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
