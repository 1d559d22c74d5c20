/** The demo document a fresh install starts with: the demo article, with or without its finished example. */
import type { AccountStore } from '../auth/account-store.ts';
import type { DemoDocument } from '../config.ts';
import type { DocumentMeta, DocumentStore } from '../storage/store.ts';
import { DEMO_TITLE, demoArticle } from './demo-article.ts';
import { writeDemoExample } from './demo-example.ts';
import { StoredDocuments } from './document-access.ts';
import { DocumentService } from './document-service.ts';

/**
 * Create the demo document when the store holds no documents at all (first start): the demo article, and with
 * `example` (the default) the finished example check on it. Returns null when nothing was created.
 */
export async function ensureDemoDocument(
  store: DocumentStore & AccountStore,
  kind: DemoDocument = 'example',
  now = new Date(),
): Promise<DocumentMeta | null> {
  if (kind === 'none' || (await store.listDocuments()).length > 0) return null;
  const documents = new StoredDocuments(store);
  const article = demoArticle();
  const meta = await new DocumentService(store, documents).create(article, undefined, now);
  if (meta.title !== DEMO_TITLE) throw new Error('The demo article lost its title');
  const start = new Date(now.getTime() - 60 * 60_000);
  if (kind === 'example')
    await documents.change(meta.id, { demo: true }, (doc) => writeDemoExample(doc, article, start));
  return meta;
}
