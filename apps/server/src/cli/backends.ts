/**
 * What the command line works on: a data directory (the document service on
 * the stored documents, the same functions the API runs on the live ones) or
 * a running server through its HTTP API.
 */
import { ApiError, FactmarkClient } from '@factmark/api';
import type { ImportReport, RevisionReport } from '@factmark/interop';
import type { Node as PMNode } from 'prosemirror-model';
import { type AccountStore, normalizeEmail } from '../auth/account-store.ts';
import { loadConfig, type ServerConfig } from '../config.ts';
import { StoredDocuments } from '../documents/document-access.ts';
import { type AnnotationFormat, DocumentService } from '../documents/document-service.ts';
import type { ExportFormat } from '../documents/exports.ts';
import { PdfPrinter } from '../documents/pdf.ts';
import { openStore } from '../storage/open-store.ts';
import type { DocumentMeta, DocumentStore } from '../storage/store.ts';
import { CliError } from './cli-error.ts';

/** What the commands need, against a data directory or a running server. */
export interface Backend {
  list(): Promise<DocumentMeta[]>;
  create(article: PMNode, owner?: string): Promise<DocumentMeta>;
  importAnnotations(id: string, format: AnnotationFormat, data: unknown): Promise<ImportReport>;
  revise(id: string, article: PMNode): Promise<RevisionReport>;
  export(id: string, format: ExportFormat, options: ExportFlags): Promise<string | Uint8Array>;
  close(): Promise<void>;
}

/** The export command's options. */
export interface ExportFlags {
  articleUrl?: string;
  organization?: string;
  force?: boolean;
  baseUrl: string;
}

/** Who the command line acts as on a data directory. */
export const CLI_ACTOR = { id: 'factmark-cli', name: 'Factmark command line' };

/** The data directory (or DATABASE_URL) directly. Stop the server first, or its open documents will not see the change. */
export class LocalBackend implements Backend {
  private readonly documents: DocumentService;
  private readonly printer: PdfPrinter;

  private constructor(
    private readonly store: DocumentStore & AccountStore,
    config: ServerConfig,
  ) {
    this.printer = new PdfPrinter(config.chromiumPath);
    this.documents = new DocumentService(store, new StoredDocuments(store), {
      defaults: config.publication,
      printer: this.printer,
    });
  }

  static async open(dataDir: string | undefined): Promise<LocalBackend> {
    const config = loadConfig({ ...process.env, ...(dataDir ? { DATA_DIR: dataDir } : {}) });
    return new LocalBackend(await openStore(config), config);
  }

  list() {
    return this.store.listDocuments();
  }

  async create(article: PMNode, owner?: string) {
    let ownerId: string | undefined;
    if (owner) {
      const user = await this.store.findUserByEmail(normalizeEmail(owner));
      if (!user) throw new CliError(`Nobody has an account with the email ${owner}`);
      ownerId = user.id;
    }
    const meta = await this.documents.create(article, ownerId);
    if (!ownerId)
      process.stderr.write('note: the document has no owner yet; pass --owner EMAIL so someone can open it\n');
    return meta;
  }

  importAnnotations(id: string, format: AnnotationFormat, data: unknown) {
    return this.documents.importAnnotations(id, format, data, CLI_ACTOR);
  }

  async revise(id: string, article: PMNode) {
    return (await this.documents.revise(id, article, CLI_ACTOR)).report;
  }

  async export(id: string, format: ExportFormat, flags: ExportFlags) {
    const { baseUrl, ...options } = flags;
    const result = await this.documents.export(id, format, {
      ...options,
      documentUrl: `${baseUrl.replace(/\/$/, '')}/d/${id}`,
    });
    return result.body;
  }

  async close() {
    await this.printer.close();
    await this.store.close();
  }
}

/** A running server, through its HTTP API (the one typed client), with an access token or signed in as a user. */
export class RemoteBackend implements Backend {
  private constructor(private readonly client: FactmarkClient) {}

  /** Open `url` with `token` (a personal access token), or else by signing in with `email` and `password`. */
  static async open(
    url: string,
    credentials: { token?: string | undefined; email?: string | undefined; password?: string | undefined },
  ): Promise<RemoteBackend> {
    const { token, email, password } = credentials;
    if (token) {
      const backend = new RemoteBackend(new FactmarkClient({ base: url, token }));
      // Asked once at the start, so a wrong or revoked token is said before any work.
      await backend.say(() => backend.client.listDocuments(), url);
      return backend;
    }
    if (!email || !password)
      throw new CliError(
        'With --server, give --token (or FACTMARK_TOKEN), or --email and --password (or FACTMARK_EMAIL and FACTMARK_PASSWORD)',
        2,
      );
    const backend = new RemoteBackend(new FactmarkClient({ base: url, keepCookie: true }));
    await backend.say(() => backend.client.signIn(email, password), url);
    return backend;
  }

  /** Run a call; an API error becomes a CliError with the server's words (and a check's problems). */
  private async say<T>(call: () => Promise<T>, base = ''): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'unreachable') throw new CliError(`Cannot reach ${base || 'the server'}: ${error.message}`);
      const problems = error.problems.length ? `\n  - ${error.problems.join('\n  - ')}` : '';
      throw new CliError(`${error.message}${problems}`);
    }
  }

  list() {
    return this.say(() => this.client.listDocuments());
  }

  create(article: PMNode) {
    return this.say(() => this.client.createDocument(article.toJSON()));
  }

  importAnnotations(id: string, format: AnnotationFormat, data: unknown) {
    return this.say(() => this.client.importAnnotations(id, format, data));
  }

  revise(id: string, article: PMNode) {
    return this.say(() => this.client.revise(id, article.toJSON()));
  }

  async export(id: string, format: ExportFormat, flags: ExportFlags) {
    const query: Record<string, string> = { format };
    if (flags.articleUrl) query.articleUrl = flags.articleUrl;
    if (flags.organization) query.organization = flags.organization;
    if (flags.force) query.force = '1';
    const bytes = await this.say(() => this.client.export(id, query));
    // The text formats as text (what the local backend gives); a PDF as its bytes.
    return format.endsWith('-pdf') ? bytes : new TextDecoder().decode(bytes);
  }

  async close() {}
}
