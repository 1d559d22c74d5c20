/**
 * What the command line works on: a data directory (the document service on
 * the stored documents, the same functions the API runs on the live ones) or
 * a running server through its HTTP API.
 */
import type { ImportReport, RevisionReport } from '@factmark/interop';
import type { Node as PMNode } from 'prosemirror-model';
import type { AccountStore } from '../auth/account-store.ts';
import { normalizeEmail } from '../auth/account-store.ts';
import { loadConfig } from '../config.ts';
import { StoredDocuments } from '../documents/document-access.ts';
import { type AnnotationFormat, DocumentService } from '../documents/document-service.ts';
import type { ExportFormat } from '../documents/exports.ts';
import { openStore } from '../storage/open-store.ts';
import type { DocumentMeta, DocumentStore } from '../storage/store.ts';
import { CliError } from './cli-error.ts';

/** What the commands need, against a data directory or a running server. */
export interface Backend {
  list(): Promise<DocumentMeta[]>;
  create(article: PMNode, owner?: string): Promise<DocumentMeta>;
  importAnnotations(id: string, format: AnnotationFormat, data: unknown): Promise<ImportReport>;
  revise(id: string, article: PMNode): Promise<RevisionReport>;
  export(id: string, format: ExportFormat, options: ExportFlags): Promise<string>;
  close(): Promise<void>;
}

/** The export command's options. */
export interface ExportFlags {
  articleUrl?: string;
  organization?: string;
  claimAuthor?: string;
  force?: boolean;
  baseUrl: string;
}

/** Who the command line acts as on a data directory. */
export const CLI_ACTOR = { id: 'factmark-cli', name: 'Factmark command line' };

/** The data directory (or DATABASE_URL) directly. Stop the server first, or its open documents will not see the change. */
export class LocalBackend implements Backend {
  private readonly documents: DocumentService;

  private constructor(private readonly store: DocumentStore & AccountStore) {
    this.documents = new DocumentService(store, new StoredDocuments(store));
  }

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
    return (await this.documents.revise(id, article, CLI_ACTOR.id)).report;
  }

  async export(id: string, format: ExportFormat, flags: ExportFlags) {
    const { baseUrl, ...options } = flags;
    const result = await this.documents.export(id, format, {
      ...options,
      documentUrl: `${baseUrl.replace(/\/$/, '')}/d/${id}`,
    });
    return result.body;
  }

  close() {
    return this.store.close();
  }
}

/** A running server, through its HTTP API, signed in as a user. */
export class RemoteBackend implements Backend {
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

  async importAnnotations(id: string, format: AnnotationFormat, data: unknown) {
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
