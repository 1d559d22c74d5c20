import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { docFromUpdates } from '@factmark/collab';
import { articleFromFile, ImportError } from '@factmark/editor';
import {
  ImportFormatError,
  type ImportReport,
  importHypothesis,
  importW3C,
  PublishCheckError,
  type RevisionReport,
  reviseArticle,
} from '@factmark/interop';
import { Command, CommanderError, Option } from 'commander';
import { JSDOM } from 'jsdom';
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import type { AccountStore } from './auth/account-store.ts';
import { loadConfig } from './config.ts';
import { createDocument, isDocumentId } from './documents.ts';
import { currentCheck, EXPORT_FORMATS, type ExportFormat, renderExport } from './exports.ts';
import { openStore } from './storage/open-store.ts';
import type { DocumentMeta, DocumentStore } from './storage/store.ts';
import { revisionVersionName, Versions } from './versions.ts';

/** A failure to report to the person at the terminal: the message, and the exit code. */
class CliError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

/** What the commands need, against a data directory or a running server. */
interface Backend {
  list(): Promise<DocumentMeta[]>;
  create(article: PMNode, owner?: string): Promise<DocumentMeta>;
  importAnnotations(id: string, format: 'w3c' | 'hypothesis', data: unknown): Promise<ImportReport>;
  revise(id: string, article: PMNode): Promise<RevisionReport>;
  export(id: string, format: ExportFormat, options: ExportFlags): Promise<string>;
  close(): Promise<void>;
}

interface ExportFlags {
  articleUrl?: string;
  organization?: string;
  claimAuthor?: string;
  force?: boolean;
  baseUrl: string;
}

const CLI_ACTOR = { id: 'factmark-cli', name: 'Factmark command line' };

/** The data directory (or DATABASE_URL) directly. Stop the server first, or its open documents will not see the change. */
class LocalBackend implements Backend {
  private constructor(private readonly store: DocumentStore & AccountStore) {}

  static async open(dataDir: string | undefined): Promise<LocalBackend> {
    const config = loadConfig({ ...process.env, ...(dataDir ? { DATA_DIR: dataDir } : {}) });
    return new LocalBackend(await openStore(config));
  }

  list() {
    return this.store.listDocuments();
  }

  async create(article: PMNode, owner?: string) {
    let ownerId: string | undefined;
    if (owner) {
      const user = await this.store.findUserByEmail(owner.trim().toLowerCase());
      if (!user) throw new CliError(`Nobody has an account with the email ${owner}`);
      ownerId = user.id;
    }
    const meta = await createDocument(this.store, article);
    if (ownerId) await this.store.setRole(meta.id, ownerId, 'owner');
    else process.stderr.write('note: the document has no owner yet; pass --owner EMAIL so someone can open it\n');
    return meta;
  }

  /** Apply `change` to the stored document and store what it changed as one update. */
  private async change<T>(id: string, change: (doc: Y.Doc) => T): Promise<T> {
    await this.requireDocument(id);
    const doc = docFromUpdates(await this.store.loadUpdates(id));
    const before = Y.encodeStateVector(doc);
    const result = change(doc);
    const update = Y.encodeStateAsUpdate(doc, before);
    if (update.length > 2) await this.store.appendUpdate(id, update);
    return result;
  }

  private async requireDocument(id: string) {
    if (!(await this.store.getDocument(id))) throw new CliError(`There is no document "${id}"`);
  }

  importAnnotations(id: string, format: 'w3c' | 'hypothesis', data: unknown) {
    return this.change(id, (doc) =>
      format === 'w3c' ? importW3C(doc, data, CLI_ACTOR) : importHypothesis(doc, data, CLI_ACTOR),
    );
  }

  async revise(id: string, article: PMNode) {
    await this.requireDocument(id);
    await new Versions(this.store).take(id, revisionVersionName(), CLI_ACTOR.id);
    return this.change(id, (doc) => reviseArticle(doc, article));
  }

  async export(id: string, format: ExportFormat, flags: ExportFlags) {
    await this.requireDocument(id);
    const check = await currentCheck(this.store, id);
    return renderExport(check, format, { ...flags, documentUrl: `${flags.baseUrl.replace(/\/$/, '')}/d/${id}` }).body;
  }

  close() {
    return this.store.close();
  }
}

/** A running server, through its HTTP API, signed in as a user. */
class RemoteBackend implements Backend {
  private cookie = '';
  private csrf = '';

  private constructor(private readonly base: string) {}

  static async open(url: string, email: string | undefined, password: string | undefined): Promise<RemoteBackend> {
    if (!email || !password)
      throw new CliError('With --server, give --email and --password (or FACTMARK_EMAIL and FACTMARK_PASSWORD)', 2);
    const backend = new RemoteBackend(url.replace(/\/$/, ''));
    await backend.call('POST', '/api/auth/signin', { email, password });
    return backend;
  }

  private async call(method: string, path: string, body?: unknown): Promise<{ json: unknown; text: string }> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.cookie ? { cookie: this.cookie } : {}),
          ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new CliError(`Cannot reach ${this.base}: ${(error as Error).message}`);
    }
    const cookie = res.headers.get('set-cookie');
    if (cookie) this.cookie = cookie.split(';')[0] ?? '';
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const token = (json as { csrfToken?: string } | null)?.csrfToken;
    if (token) this.csrf = token;
    if (!res.ok) {
      const error = (json as { error?: { message?: string; problems?: string[] } } | null)?.error;
      const problems = error?.problems?.length ? `\n  - ${error.problems.join('\n  - ')}` : '';
      throw new CliError(`${error?.message ?? `HTTP ${res.status}`}${problems}`);
    }
    return { json, text };
  }

  async list() {
    return ((await this.call('GET', '/api/documents')).json as { documents: DocumentMeta[] }).documents;
  }

  async create(article: PMNode) {
    return (
      (await this.call('POST', '/api/documents', { article: article.toJSON() })).json as { document: DocumentMeta }
    ).document;
  }

  async importAnnotations(id: string, format: 'w3c' | 'hypothesis', data: unknown) {
    const res = await this.call('POST', `/api/documents/${id}/annotations/import`, { format, data });
    return (res.json as { report: ImportReport }).report;
  }

  async revise(id: string, article: PMNode) {
    const res = await this.call('POST', `/api/documents/${id}/revisions`, { article: article.toJSON() });
    return (res.json as { report: RevisionReport }).report;
  }

  async export(id: string, format: ExportFormat, flags: ExportFlags) {
    const query = new URLSearchParams({ format });
    if (flags.articleUrl) query.set('articleUrl', flags.articleUrl);
    if (flags.organization) query.set('organization', flags.organization);
    if (flags.claimAuthor) query.set('claimAuthor', flags.claimAuthor);
    if (flags.force) query.set('force', '1');
    return (await this.call('GET', `/api/documents/${id}/export?${query}`)).text;
  }

  async close() {}
}

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

function articleFrom(file: string, title?: string): PMNode {
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

function documentArg(id: string): string {
  if (!isDocumentId(id)) throw new CliError(`"${id}" is not a document id (12 letters, digits, - or _)`, 2);
  return id;
}

function printReport(report: ImportReport): void {
  const line = (label: string, n: number) => process.stdout.write(`${label.padEnd(24)}${n}\n`);
  line('anchored exactly', report.exact.length);
  line('anchored approximately', report.approximate.length);
  line('orphaned (kept)', report.orphaned.length);
  line('skipped', report.skipped.length);
  line('replies', report.replies);
  for (const a of report.approximate)
    process.stdout.write(`  ~ ${a.sourceId}: "${a.quote}" (score ${a.score?.toFixed(2)})\n`);
  for (const o of report.orphaned) process.stdout.write(`  ✗ ${o.sourceId}: "${o.quote}": ${o.reason}\n`);
  for (const s of report.skipped) process.stdout.write(`  - ${s.sourceId}: ${s.reason}\n`);
}

/** The `factmark` command line. */
export function buildProgram(): Command {
  const program = new Command('factmark')
    .description('Import articles and annotations into Factmark, export checks, list documents.')
    .option('--data <dir>', 'the data directory (default: DATA_DIR or ./data; DATABASE_URL selects PostgreSQL)')
    .option('--server <url>', 'a running Factmark server instead of a data directory')
    .option('--email <email>', 'with --server: who signs in (or FACTMARK_EMAIL)')
    .option('--password <password>', 'with --server: their password (or FACTMARK_PASSWORD)')
    .showHelpAfterError()
    .exitOverride();

  const backend = async (): Promise<Backend> => {
    const o = program.opts<{ data?: string; server?: string; email?: string; password?: string }>();
    if (o.server && o.data) throw new CliError('Give either --data or --server, not both', 2);
    return o.server
      ? RemoteBackend.open(o.server, o.email ?? process.env.FACTMARK_EMAIL, o.password ?? process.env.FACTMARK_PASSWORD)
      : LocalBackend.open(o.data);
  };
  const run = async <T>(work: (b: Backend) => Promise<T>): Promise<T> => {
    const b = await backend();
    try {
      return await work(b);
    } finally {
      await b.close();
    }
  };

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
        let data: unknown;
        try {
          data = JSON.parse(readInput(file));
        } catch (error) {
          if (error instanceof CliError) throw error;
          throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
        }
        const format = o.format ?? detectFormat(data);
        try {
          printReport(await b.importAnnotations(documentArg(id), format, data));
        } catch (error) {
          if (error instanceof ImportFormatError) throw new CliError(error.message);
          throw error;
        }
      }),
    );

  program
    .command('revise')
    .description("bring in a new revision of a document's article; annotations are anchored again; prints what moved")
    .argument('<document>', 'the document id')
    .argument('<file>', 'the new revision (.html, .txt or .md)')
    .action((id: string, file: string) =>
      run(async (b) => {
        const report = await b.revise(documentArg(id), articleFrom(file));
        for (const [label, entries] of Object.entries(report) as [string, RevisionReport['moved']][]) {
          process.stdout.write(`${label.padEnd(12)}${entries.length}\n`);
          for (const e of entries)
            process.stdout.write(
              `  ${e.kind} "${e.before}"${e.after && e.after !== e.before ? ` → "${e.after}"` : ''}${e.reason ? `: ${e.reason}` : ''}\n`,
            );
        }
      }),
    );

  program
    .command('export')
    .description('export a document: W3C Web Annotations, ClaimReview, the corrected article or the fact-check report')
    .argument('<document>', 'the document id')
    .addOption(new Option('--format <format>', 'what to export').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--article-url <url>', "the article's canonical URL (the annotations' target)")
    .option('--organization <name>', 'ClaimReview: the fact-checking organization', 'Factmark')
    .option('--claim-author <name>', 'ClaimReview: who made the claims')
    .option(
      '--base-url <url>',
      'without --server: the server URL documents are published under',
      'http://127.0.0.1:3000',
    )
    .option('--force', 'ClaimReview: export even when the publish check finds problems')
    .action(
      (
        id: string,
        o: {
          format: ExportFormat;
          output?: string;
          articleUrl?: string;
          organization?: string;
          claimAuthor?: string;
          baseUrl: string;
          force?: boolean;
        },
      ) =>
        run(async (b) => {
          let body: string;
          try {
            body = await b.export(documentArg(id), o.format, {
              baseUrl: o.baseUrl,
              force: o.force ?? false,
              ...(o.articleUrl ? { articleUrl: o.articleUrl } : {}),
              ...(o.organization ? { organization: o.organization } : {}),
              ...(o.claimAuthor ? { claimAuthor: o.claimAuthor } : {}),
            });
          } catch (error) {
            if (error instanceof PublishCheckError)
              throw new CliError(
                `Not ready to publish (use --force to export anyway):\n  - ${error.problems.join('\n  - ')}`,
              );
            throw error;
          }
          if (o.output) writeFileSync(o.output, body);
          else process.stdout.write(body);
        }),
    );
  for (const command of program.commands) command.showHelpAfterError().exitOverride();
  return program;
}

/** W3C when it looks like Web Annotations, Hypothesis when it looks like its API's rows. */
function detectFormat(data: unknown): 'w3c' | 'hypothesis' {
  const text = JSON.stringify(data).slice(0, 20_000);
  if (/"type"\s*:\s*"(Annotation|AnnotationCollection|AnnotationPage)"/.test(text)) return 'w3c';
  if (/"(rows|user)"\s*:/.test(text) || /acct:/.test(text)) return 'hypothesis';
  throw new CliError('Cannot tell the format of the file: pass --format w3c or --format hypothesis', 2);
}

/** Run the command line with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      process.stderr.write(`factmark: ${error.message}\n`);
      return error.code;
    }
    process.stderr.write(`factmark: ${(error as Error).message}\n`);
    return 1;
  }
}
