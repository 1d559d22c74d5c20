/**
 * `factmark capture URL [--excerpt TEXT] [--json]`: fetch and read a source
 * as the server's capture does (the same code and the same SOURCE_* limits),
 * and verify an excerpt against its text, without a document.
 */
import { type ExcerptVerification, verifyExcerpt } from '@factmark/anchoring';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { type Captured, capturePage, fetchLimits, statusWords } from '../sources/capture.ts';
import { CliError } from './cli-error.ts';

/** What `--json` prints for a capture. */
function asJson(result: Captured, excerpt: ExcerptVerification | null) {
  const { fetch, snapshot } = result;
  return {
    url: fetch.url,
    finalUrl: fetch.finalUrl,
    redirects: result.urls.slice(1),
    status: fetch.status,
    contentType: snapshot.contentType,
    fetchedAt: fetch.fetchedAt,
    hash: snapshot.hash,
    title: snapshot.title,
    byline: snapshot.byline,
    published: snapshot.published,
    textLength: snapshot.text.length,
    bytes: snapshot.raw.length,
    ...(excerpt ? { excerpt } : {}),
  };
}

/** The excerpt's verdict in words, with its similarity, the words that differ and the passage. */
function verdictLines(v: ExcerptVerification): string[] {
  if (v.verdict === 'not_found') return [`Excerpt:     not found (${v.reason})`];
  const head =
    v.verdict === 'found'
      ? 'Excerpt:     found word for word (similarity 1.000)'
      : `Excerpt:     found approximately (similarity ${v.similarity.toFixed(3)})`;
  const lines = [head];
  if (v.verdict === 'found_approximately')
    for (const d of v.differences) lines.push(`             the excerpt says “${d.excerpt}”, the source “${d.source}”`);
  lines.push(`Passage:     …${v.before.slice(-80)}[${v.passage}]${v.after.slice(0, 80)}…`.replace(/\s+/g, ' '));
  return lines;
}

/** Add `capture` to `program`. */
export function captureCommand(program: Command): void {
  program
    .command('capture')
    .description("fetch and read a source as the server's capture does, and verify an excerpt against it")
    .argument('<url>', 'the http(s) address of the page or PDF')
    .option('--excerpt <text>', 'an excerpt to look for in what the page says')
    .option('--json', 'print the result as JSON')
    .action(async (url: string, o: { excerpt?: string; json?: boolean }) => {
      const settings = loadConfig(process.env).sources;
      const result = await capturePage(url, fetchLimits(settings));
      if (!result.ok) {
        if (o.json) process.stdout.write(`${JSON.stringify({ url, error: result.reason, code: result.code })}\n`);
        throw new CliError(`${url} was not captured: ${result.reason}`, 1);
      }
      const excerpt = o.excerpt === undefined ? null : verifyExcerpt(result.snapshot.text, o.excerpt);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(asJson(result, excerpt), null, 2)}\n`);
        return;
      }
      const { fetch, snapshot } = result;
      const lines = [
        `Title:       ${snapshot.title || '(none stated)'}`,
        `Final URL:   ${fetch.finalUrl}${result.urls.length > 1 ? ` (after ${result.urls.length - 1} redirects)` : ''}`,
        `Status:      ${statusWords(fetch.status)}`,
        `Type:        ${snapshot.contentType}`,
        `Hash:        sha256:${snapshot.hash}`,
        `Text:        ${snapshot.text.length} characters`,
        ...(excerpt ? verdictLines(excerpt) : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
