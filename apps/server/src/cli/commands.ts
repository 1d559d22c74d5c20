/** The command line's commands: list, import-article, import-annotations, revise, export. */

import { writeFileSync } from 'node:fs';
import { PublishCheckError } from '@factmark/interop';
import { type Command, Option } from 'commander';
import { EXPORT_FORMATS, type ExportFormat } from '../documents/exports.ts';
import type { Backend } from './backends.ts';
import { CliError } from './cli-error.ts';
import { articleFrom, detectFormat, documentArg, printReport, printRevision, readJson } from './inputs.ts';

/** Runs a command's work on the backend the global options choose, closing it afterwards. */
export type Run = (work: (backend: Backend) => Promise<void>) => Promise<void>;

/** Add `list`, `import-article`, `import-annotations` and `revise` to `program`. */
export function importCommands(program: Command, run: Run): void {
  program
    .command('list')
    .description('list documents: id, last change, title')
    .action(() =>
      run(async (b) => {
        for (const d of await b.list()) process.stdout.write(`${d.id}  ${d.updatedAt.slice(0, 16)}  ${d.title}\n`);
      }),
    );

  program
    .command('import-article')
    .description('create a document from an article file (.html, .txt or .md); prints its id')
    .argument('<file>', 'the article')
    .option('--title <title>', 'the title (default: the first heading or paragraph)')
    .option('--owner <email>', 'without --server: who owns the new document')
    .action((file: string, o: { title?: string; owner?: string }) =>
      run(async (b) => {
        const meta = await b.create(articleFrom(file, o.title), o.owner);
        process.stdout.write(`${meta.id}  ${meta.title}\n`);
      }),
    );

  program
    .command('import-annotations')
    .description('import W3C Web Annotations or a Hypothesis export into a document, anchoring each; prints a report')
    .argument('<document>', 'the document id')
    .argument('<file>', 'the annotations (JSON)')
    .addOption(new Option('--format <format>', 'the file format (default: detected)').choices(['w3c', 'hypothesis']))
    .action((id: string, file: string, o: { format?: 'w3c' | 'hypothesis' }) =>
      run(async (b) => {
        const data = readJson(file);
        printReport(await b.importAnnotations(documentArg(id), o.format ?? detectFormat(data), data));
      }),
    );

  program
    .command('revise')
    .description("bring in a new revision of a document's article; annotations are anchored again; prints what moved")
    .argument('<document>', 'the document id')
    .argument('<file>', 'the new revision (.html, .txt or .md)')
    .action((id: string, file: string) =>
      run(async (b) => printRevision(await b.revise(documentArg(id), articleFrom(file)))),
    );
}

/** The export command's options as commander gives them. */
interface ExportOptions {
  format: ExportFormat;
  output?: string;
  articleUrl?: string;
  organization?: string;
  baseUrl: string;
  force?: boolean;
}

/** Add `export` to `program`. */
export function exportCommand(program: Command, run: Run): void {
  program
    .command('export')
    .description('export a document: W3C Web Annotations, ClaimReview, the corrected article or the fact-check report')
    .argument('<document>', 'the document id')
    .addOption(new Option('--format <format>', 'what to export').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--article-url <url>', "the article's canonical URL (the annotations' target)")
    .option('--organization <name>', "the fact-checking organisation, instead of the document's publication details")
    .option(
      '--base-url <url>',
      'without --server: the server URL documents are published under',
      'http://127.0.0.1:3000',
    )
    .option('--force', 'ClaimReview: export even when the publish check finds problems')
    .action((id: string, o: ExportOptions) =>
      run(async (b) => {
        const body = await b
          .export(documentArg(id), o.format, {
            baseUrl: o.baseUrl,
            force: o.force ?? false,
            ...(o.articleUrl ? { articleUrl: o.articleUrl } : {}),
            ...(o.organization ? { organization: o.organization } : {}),
          })
          .catch((error: unknown) => {
            if (error instanceof PublishCheckError)
              throw new CliError(
                `Not ready to publish (use --force to export anyway):\n  - ${error.problems.join('\n  - ')}`,
              );
            throw error;
          });
        if (o.output) writeFileSync(o.output, body);
        else process.stdout.write(body);
      }),
    );
}
