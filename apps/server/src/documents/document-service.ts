/**
 * The document service: the use cases that create and change documents —
 * create, rename, import annotations, revise, export, named versions and the evidence of their sources —
 * over one {@link DocumentAccess}. The HTTP routes run it on the live
 * documents, the command line on the stored ones: the same functions either
 * way. Permissions are the caller's business (the routes' guard); this
 * checks that the document exists and that the input is sound.
 */
import {
  type Actor,
  AnnotationValidationError,
  annotationBodies,
  encodeNewArticle,
  type Publication,
  writeTitle,
} from '@factmark/collab';
import { articleTitle, FactmarkError, MAX_TITLE_LENGTH } from '@factmark/editor';
import {
  type Check,
  ImportFormatError,
  type ImportReport,
  importHypothesis,
  importW3C,
  type PublishIssue,
  type RevisionReport,
  readCheck,
  reviseArticle,
} from '@factmark/interop';
import type { Node as PMNode } from 'prosemirror-model';
import type { AccountStore } from '../auth/account-store.ts';
import type { DocumentMeta, DocumentStore, VersionMeta } from '../storage/store.ts';
import { revisedEvent } from '../webhooks/webhook-events.ts';
import { CheckedBefore } from './checked-before.ts';
import type { DocumentAccess } from './document-access.ts';
import { Evidence } from './evidence.ts';
import { type ExportFormat, type ExportOptions, type ExportResult, publishProblems, renderExport } from './exports.ts';
import { newDocumentId } from './ids.ts';
import { MyWork } from './my-work.ts';
import { PdfPrinter } from './pdf.ts';
import { ProgressCache } from './progress.ts';
import { revisionVersionName, Versions } from './versions.ts';

/** The formats annotations are imported from. */
export type AnnotationFormat = 'w3c' | 'hypothesis';

/** Create, rename, import, revise, export and version documents, through one port. */
export class DocumentService {
  /** Named versions of the documents this service reaches. */
  readonly versions: Versions;
  /** Each document's progress (claims checked, verdicts), kept until it changes. */
  readonly progress: ProgressCache;
  /** What the documents' sources were captured as. */
  readonly evidence: Evidence;
  /** Earlier checks of a claim in the desk's other documents. */
  readonly checkedBefore: CheckedBefore;
  /** What waits for each person across their documents. */
  readonly myWork: MyWork;

  /**
   * @param publishing the server's publication defaults (its settings) and the PDF printer the exports use
   */
  constructor(
    private readonly store: DocumentStore & AccountStore,
    private readonly documents: DocumentAccess,
    private readonly publishing: { defaults: Publication; printer: PdfPrinter } = {
      defaults: {},
      printer: new PdfPrinter(null),
    },
  ) {
    this.versions = new Versions(store, documents);
    this.progress = new ProgressCache(documents);
    this.evidence = new Evidence(store, documents);
    this.checkedBefore = new CheckedBefore(store);
    this.myWork = new MyWork(documents);
  }

  /** A document's metadata; a not-found error naming the id otherwise. */
  async get(id: string): Promise<DocumentMeta> {
    const meta = await this.store.getDocument(id);
    if (!meta) throw new FactmarkError('not_found', `There is no document "${id}"`);
    return meta;
  }

  /** Create a document holding `article` (its title is the article's title node), owned by `ownerId` when given. */
  async create(article: PMNode, ownerId?: string, now = new Date()): Promise<DocumentMeta> {
    const meta: DocumentMeta = {
      id: newDocumentId(),
      title: articleTitle(article).slice(0, MAX_TITLE_LENGTH) || 'Untitled',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await this.store.createDocument(meta, encodeNewArticle(article));
    // A new article has no claims: its index is current from the start, and its updates bring it along.
    await this.store.claimIndex.replace(meta.id, meta.updatedAt, []);
    if (ownerId) await this.store.setRole(meta.id, ownerId, 'owner');
    return meta;
  }

  /**
   * Rename a document: its article's title node gets the new text, as one
   * change to the document (everyone connected sees it at once), and the
   * listed title follows.
   */
  async rename(id: string, title: string): Promise<DocumentMeta> {
    await this.get(id);
    await this.documents.change(id, { rename: true }, (doc) => writeTitle(doc, title));
    await this.store.setTitle(id, title);
    return this.get(id);
  }

  /** Import W3C Web Annotations or a Hypothesis export into a document, anchoring each; the report says how each fared. */
  async importAnnotations(
    id: string,
    format: AnnotationFormat,
    data: unknown,
    actor: Actor,
    filedVia?: { token: string; by: Actor; at: string },
  ): Promise<ImportReport> {
    await this.get(id);
    try {
      return await this.documents.change(
        id,
        { import: format },
        (doc) => {
          const bodies = annotationBodies(doc);
          const before = new Set(bodies.keys());
          const report = format === 'w3c' ? importW3C(doc, data, actor) : importHypothesis(doc, data, actor);
          // Filed with an access token (a CMS, a tipline): each new annotation says so.
          if (filedVia)
            doc.transact(() => {
              for (const [key, body] of bodies) if (!before.has(key)) body.set('filedVia', filedVia);
            });
          return report;
        },
        { by: filedVia?.by ?? actor },
      );
    } catch (error) {
      // An annotation in the file that fails validation makes the file's annotations invalid.
      if (error instanceof AnnotationValidationError) throw new ImportFormatError(error.message);
      throw error;
    }
  }

  /**
   * Bring in a new revision of a document's article: the text as it was stays
   * available as a version, then annotations are anchored again in the new
   * text. The report says what moved, changed or was orphaned.
   */
  async revise(
    id: string,
    article: PMNode,
    by: Actor,
  ): Promise<{ report: RevisionReport; previousVersion: VersionMeta }> {
    await this.get(id);
    const previousVersion = await this.versions.take(id, revisionVersionName(), by.id);
    const report = await this.documents.change(id, { revision: true }, (doc) => reviseArticle(doc, article), {
      by,
      events: (done, document, at) => [
        revisedEvent(document, by, at, {
          how: 'revision',
          previousVersionId: previousVersion.id,
          summary: Object.fromEntries(Object.entries(done).map(([k, list]) => [k, (list as unknown[]).length])),
        }),
      ],
    });
    return { report, previousVersion };
  }

  /** Export a document as it is now; ClaimReview of a check not ready to publish is refused unless forced. */
  async export(id: string, format: ExportFormat, options: ExportOptions): Promise<ExportResult> {
    return renderExport(await this.check(id), format, { ...this.publishing, ...options });
  }

  /** What stands between a document's check and publishing, in words (empty: ready). */
  async publishProblems(id: string, options: ExportOptions): Promise<PublishIssue[]> {
    return publishProblems(await this.check(id), { ...this.publishing, ...options });
  }

  private async check(id: string): Promise<Check> {
    await this.get(id);
    const check = await this.documents.read(id, readCheck);
    await this.evidence.fill(check);
    return check;
  }
}
