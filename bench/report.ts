import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './stats.ts';

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '' : String(n));

/** The figures as a Markdown table with the machine they were measured on. */
export function markdown(figures: Figure[], machine: Record<string, string>, when: string, quick: boolean): string {
  const lines = [
    `Measured ${when}${quick ? ' (quick run)' : ''} on ${Object.entries(machine)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    '| suite | figure | value | baseline | ratio | target | result |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.suite} | ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.baseline === undefined ? '' : `${f.baseline} ${f.unit}`} | ${fmt(f.ratio)} | ${f.target ?? ''} | ${f.pass === undefined ? '' : f.pass ? 'pass' : '**miss**'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Save `latest.json` and `latest.md` under `dir`, and put the table into the README between its markers. */
export function save(dir: string, readme: string, figures: Figure[], machine: Record<string, string>, quick: boolean) {
  mkdirSync(dir, { recursive: true });
  const when = new Date().toISOString();
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ when, quick, machine, figures }, null, 2)}\n`);
  const table = markdown(figures, machine, when, quick);
  writeFileSync(join(dir, 'latest.md'), table);
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const text = readFileSync(readme, 'utf8');
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i >= 0 && j > i && !quick) {
    writeFileSync(readme, `${text.slice(0, i + start.length)}\n${table}${text.slice(j)}`);
  }
  return table;
}
