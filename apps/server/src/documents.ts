import { randomBytes } from 'node:crypto';
import { encodeNewArticle, writeTitle } from '@factmark/collab';
import { articleTitle, MAX_TITLE_LENGTH } from '@factmark/editor';
import type { Hocuspocus } from '@hocuspocus/server';
import type { Node as PMNode } from 'prosemirror-model';
import type { AccountStore } from './auth/account-store.ts';
import { DEMO_TITLE, demoArticle } from './demo-article.ts';
import type { DocumentMeta, DocumentStore } from './storage/store.ts';

/** A new document id: 12 URL-safe characters from 72 random bits. */
export function newDocumentId(): string {
  return randomBytes(9).toString('base64url');
}

/** True when `id` has the shape of a document id (what the WebSocket and API accept). */
export function isDocumentId(id: string): boolean {
  return /^[A-Za-z0-9_-]{12}$/.test(id);
}

/** Create a document holding `article`; its title is the article's title node. */
export async function createDocument(store: DocumentStore, article: PMNode, now = new Date()): Promise<DocumentMeta> {
  const meta: DocumentMeta = {
    id: newDocumentId(),
    title: articleTitle(article).slice(0, MAX_TITLE_LENGTH) || 'Untitled',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await store.createDocument(meta, encodeNewArticle(article));
  return meta;
}

/**
 * Rename a document: its article's title node gets the new text, as one
 * change to the live document (everyone connected sees it at once; it is
 * stored like any other update), and the listed title follows.
 */
export async function renameDocument(
  hocuspocus: Hocuspocus,
  store: DocumentStore,
  id: string,
  title: string,
): Promise<DocumentMeta | null> {
  const connection = await hocuspocus.openDirectConnection(id, { rename: true });
  try {
    await connection.transact((doc) => writeTitle(doc, title));
  } finally {
    await connection.disconnect();
  }
  await store.setTitle(id, title);
  return store.getDocument(id);
}

/** Create the demo document when the store holds no documents at all (first start). */
export async function ensureDemoDocument(store: DocumentStore): Promise<DocumentMeta | null> {
  if ((await store.listDocuments()).length > 0) return null;
  const meta = await createDocument(store, demoArticle());
  if (meta.title !== DEMO_TITLE) throw new Error('The demo article lost its title');
  return meta;
}

/**
 * The HMAC key for sync tokens: FACTMARK_SECRET when set (at least 32 characters;
 * every instance behind one proxy needs the same), else one generated on first
 * start and kept in the database.
 */
export async function loadSecret(store: AccountStore, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 32) throw new Error('FACTMARK_SECRET must be at least 32 characters');
    return Buffer.from(fromEnv);
  }
  let secret = await store.getSetting('sync_secret');
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    await store.setSetting('sync_secret', secret);
  }
  return Buffer.from(secret);
}
