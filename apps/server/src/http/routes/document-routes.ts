/** Routes of documents: list, read, create, rename, delete, the sync token that opens one live, and claims checked before. */

import type { WorkCategory } from '@factmark/api';
import { articleFromJSON, FactmarkError } from '@factmark/editor';
import type { Node as PMNode } from 'prosemirror-model';
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';

/** An article sent as ProseMirror JSON; an `invalid_article` error saying why it does not fit the schema. */
export function articleOf(json: Record<string, unknown>): PMNode {
  try {
    return articleFromJSON(json);
  } catch (error) {
    throw new FactmarkError('invalid_article', `The article does not fit the schema: ${(error as Error).message}`);
  }
}

/** Register the /api/documents routes for documents themselves. */
export function documentRoutes(context: RouteContext): void {
  const { app, guard, store, documents, log, disconnect, release } = context;
  app.get('/api/documents', async (request) => {
    const caller = await guard.caller(request);
    const mine = await store.documentsOf(caller.user.id);
    const listed = (await store.listDocuments()).filter((d) => mine.has(d.id));
    const progress = await Promise.all(listed.map((d) => documents.progress.of(d)));
    return { documents: listed.map((d, i) => ({ ...d, role: mine.get(d.id), progress: progress[i] })) };
  });

  app.get('/api/my-work', async (request) => {
    const caller = await guard.caller(request);
    const mine = await store.documentsOf(caller.user.id);
    const listed = (await store.listDocuments()).flatMap((d) => {
      const role = mine.get(d.id);
      return role ? [{ ...d, role }] : [];
    });
    const { category, limit } = parse(schemas.myWork, request.query ?? {});
    const all = await documents.myWork.of(caller.user.id, listed);
    const counts: Partial<Record<WorkCategory, number>> = {};
    for (const item of all) counts[item.category] = (counts[item.category] ?? 0) + 1;
    const matching = category ? all.filter((i) => i.category === category) : all;
    // The counts of every kind, and the rows asked for (the newest first): a page draws a hundred, not thousands.
    return { items: limit === undefined ? matching : matching.slice(0, limit), counts, total: all.length };
  });

  app.get('/api/documents/:id/checked-before', async (request) => {
    const { caller, id } = await guard.document(request, 'read');
    const { text } = parse(schemas.checkedBefore, request.query);
    return { claims: await documents.checkedBefore.similar(caller.user.id, id, text) };
  });

  app.get('/api/documents/:id', async (request) => {
    const { id, role } = await guard.document(request, 'read');
    return { document: await documents.get(id), role };
  });

  app.post('/api/documents', async (request, reply) => {
    // With a token, filing an article needs the edit scope (its owner gets the new document).
    const caller = await guard.caller(request, 'edit');
    const input = parse(schemas.createDocument, request.body);
    const meta = await documents.create(articleOf(input.article), caller.user.id);
    log.info({ documentId: meta.id, userId: caller.user.id }, 'document created');
    return reply.code(201).send({ document: meta, role: 'owner' });
  });

  app.patch('/api/documents/:id', async (request) => {
    const { id } = await guard.document(request, 'rename');
    const { title } = parse(schemas.rename, request.body);
    return { document: await documents.rename(id, title) };
  });

  app.delete('/api/documents/:id', async (request, reply) => {
    const { id } = await guard.document(request, 'delete');
    disconnect(id, null, 'The document was deleted');
    await release(id);
    await store.deleteDocument(id);
    documents.progress.forget(id);
    documents.myWork.forget(id);
    return reply.code(204).send();
  });

  syncAccessRoute(context);
}

/** The sync token that opens a document's live connection (and loads the document meanwhile). */
function syncAccessRoute({ app, guard, tokens, warm }: RouteContext): void {
  // A GET: issuing a short-lived token changes nothing, so a page can ask for it as it starts, before it has the
  // session's CSRF token (another site cannot read the answer). Never cached: each is short-lived.
  app.get('/api/documents/:id/sync-token', async (request, reply) => {
    const { caller, id, role } = await guard.document(request, 'read');
    reply.header('cache-control', 'no-store');
    // A connection opened with an access token acts as that token: its scopes cap the role, its revocation ends it.
    const accessTokenId = 'token' in caller ? caller.token.id : undefined;
    // The connection this token opens comes next: the document is loaded meanwhile (see `sync/warm-documents.ts`).
    warm(id);
    return { token: tokens.issue(caller.user.id, id, Date.now(), accessTokenId), role };
  });
}
