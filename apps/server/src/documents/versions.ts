/** Named versions of a document: take, list, open read-only, compare with the current text, restore. */
import { randomBytes } from 'node:crypto';
import { type Actor, articleFragment, readArticle, writeArticleDiff } from '@factmark/collab';
import { diffWords } from 'diff';
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import type { DocumentStore, VersionMeta } from '../storage/store.ts';
import { revisedEvent } from '../webhooks/webhook-events.ts';
import type { DocumentAccess } from './document-access.ts';

/** The name of the version that keeps an article's text before a new revision replaces it. */
export function revisionVersionName(now = new Date()): string {
  return `Before the revision of ${now.toISOString().slice(0, 16).replace('T', ' ')}`;
}

/**
 * Named versions: take one (the document's whole state), list them, open one
 * read-only, compare it with the current text, and restore it as a new change
 * that everyone connected receives live.
 */
export class Versions {
  /** @param documents the live documents (the server) or the stored ones (the command line). */
  constructor(
    private readonly store: DocumentStore,
    private readonly documents: DocumentAccess,
  ) {}

  private currentState(documentId: string): Promise<Uint8Array> {
    return this.documents.state(documentId);
  }

  async take(documentId: string, name: string, userId: string): Promise<VersionMeta> {
    const meta: VersionMeta = {
      id: randomBytes(9).toString('base64url'),
      documentId,
      name,
      createdAt: new Date().toISOString(),
      createdBy: userId,
    };
    await this.store.createVersion(meta, await this.currentState(documentId));
    return meta;
  }

  /** A version's article, or null when there is no such version. */
  async open(documentId: string, versionId: string): Promise<{ meta: VersionMeta; article: PMNode } | null> {
    const found = await this.store.getVersion(documentId, versionId);
    if (!found) return null;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, found.state);
    return { meta: found.meta, article: readArticle(doc) };
  }

  /** Word-level differences from a version's text to the current text. */
  async compare(documentId: string, versionId: string) {
    const version = await this.open(documentId, versionId);
    if (!version) return null;
    const current = new Y.Doc();
    Y.applyUpdate(current, await this.currentState(documentId));
    const text = (article: PMNode) => article.textBetween(0, article.content.size, '\n\n', ' ');
    const changes = diffWords(text(version.article), text(readArticle(current))).map((part) => ({
      op: part.added ? 'added' : part.removed ? 'removed' : 'same',
      text: part.value,
    }));
    return { version: version.meta, changes };
  }

  /**
   * Make the article read as the version does, as one new change to the
   * document (so collaborators see it at once and it can be undone like any
   * other). Annotation bodies are left as they are: marks that come back find
   * their bodies when those still exist.
   */
  async restore(documentId: string, versionId: string, by: Actor): Promise<boolean> {
    const version = await this.open(documentId, versionId);
    if (!version) return false;
    await this.documents.change(
      documentId,
      { restore: versionId },
      (doc) => writeArticleDiff(doc, articleFragment(doc), version.article),
      {
        by,
        events: (_, document, at) => [
          revisedEvent(document, by, at, {
            how: 'restore',
            previousVersionId: null,
            summary: { restoredVersionId: versionId, restoredVersionName: version.meta.name },
          }),
        ],
      },
    );
    return true;
  }
}
