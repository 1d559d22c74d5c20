/** The command line's inputs and outputs: files read, document ids checked, formats detected, reports printed. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { articleFromFile, ImportError } from '@factmark/editor/article-import';
import type { ImportReport, RevisionReport } from '@factmark/interop';
import { JSDOM } from 'jsdom';
import type { Node as PMNode } from 'prosemirror-model';
import { isDocumentId } from '../documents/ids.ts';
import { CliError } from './cli-error.ts';

/** A file's text; a CliError saying why it cannot be read. */
export function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** The article in a file (.html, .txt or .md), titled `title` when given. */
export function articleFrom(file: string, title?: string): PMNode {
  const { window } = new JSDOM('');
  try {
    return articleFromFile(
      basename(file),
      readInput(file),
      title ?? '',
      window as unknown as Window & typeof globalThis,
    );
  } catch (error) {
    if (error instanceof ImportError) throw new CliError(error.message);
    throw error;
  }
}

/** `id` when it has the shape of a document id; a usage error otherwise. */
export function documentArg(id: string): string {
  if (!isDocumentId(id)) throw new CliError(`"${id}" is not a document id (12 letters, digits, - or _)`, 2);
  return id;
}

/** Print an import report: counts, then each annotation that did not anchor exactly. */
export function printReport(report: ImportReport): void {
  const line = (label: string, n: number) => process.stdout.write(`${label.padEnd(24)}${n}\n`);
  line('anchored exactly', report.exact.length);
  line('anchored approximately', report.approximate.length);
  line('ambiguous (kept)', report.ambiguous.length);
  line('orphaned (kept)', report.orphaned.length);
  line('skipped', report.skipped.length);
  line('replies', report.replies);
  for (const a of report.approximate)
    process.stdout.write(`  ~ ${a.sourceId}: "${a.quote}" (score ${a.score?.toFixed(2)})\n`);
  for (const a of report.ambiguous)
    process.stdout.write(
      `  ? ${a.sourceId}: "${a.quote}": ${a.reason}: ${a.candidates.map((c) => c.text).join(' | ')}\n`,
    );
  for (const o of report.orphaned) process.stdout.write(`  ✗ ${o.sourceId}: "${o.quote}": ${o.reason}\n`);
  for (const s of report.skipped) process.stdout.write(`  - ${s.sourceId}: ${s.reason}\n`);
}

/** Print a revision report: each group's count, then what moved or changed, in words. */
export function printRevision(report: RevisionReport): void {
  for (const [label, entries] of Object.entries(report) as [string, RevisionReport['moved']][]) {
    process.stdout.write(`${label.padEnd(12)}${entries.length}\n`);
    for (const e of entries)
      process.stdout.write(
        `  ${e.kind} "${e.before}"${e.after && e.after !== e.before ? ` → "${e.after}"` : ''}${e.reason ? `: ${e.reason}` : ''}\n`,
      );
  }
}

/** The JSON in a file; a CliError saying why it is not JSON. */
export function readJson(file: string): unknown {
  const text = readInput(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/** W3C when it looks like Web Annotations, Hypothesis when it looks like its API's rows. */
export function detectFormat(data: unknown): 'w3c' | 'hypothesis' {
  const text = JSON.stringify(data).slice(0, 20_000);
  if (/"type"\s*:\s*"(Annotation|AnnotationCollection|AnnotationPage)"/.test(text)) return 'w3c';
  if (/"(rows|user)"\s*:/.test(text) || /acct:/.test(text)) return 'hypothesis';
  throw new CliError('Cannot tell the format of the file: pass --format w3c or --format hypothesis', 2);
}
