/** The demo document a fresh install starts with. */
import type { AccountStore } from '../auth/account-store.ts';
import type { DocumentMeta, DocumentStore } from '../storage/store.ts';
import { DEMO_TITLE, demoArticle } from './demo-article.ts';
import { StoredDocuments } from './document-access.ts';
import { DocumentService } from './document-service.ts';

/** Create the demo document when the store holds no documents at all (first start). */
export async function ensureDemoDocument(store: DocumentStore & AccountStore): Promise<DocumentMeta | null> {
  if ((await store.listDocuments()).length > 0) return null;
  const meta = await new DocumentService(store, new StoredDocuments(store)).create(demoArticle());
  if (meta.title !== DEMO_TITLE) throw new Error('The demo article lost its title');
  return meta;
}
