/** Routes that bring work in and out of a document: annotation imports, revisions, exports, and the audit log. */
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';
import { articleOf } from './document-routes.ts';

/** This document's address in the app (the exports' fallback URL). */
function documentUrl(request: { protocol: string; host: string }, id: string): string {
  return `${request.protocol}://${request.host}/d/${id}`;
}

/** Register the import, revision, export, publish check and audit routes. */
export function interopRoutes({ app, guard, store, documents }: RouteContext): void {
  app.get('/api/documents/:id/export', async (request, reply) => {
    const { id } = await guard.document(request, 'read');
    const query = parse(schemas.exportQuery, request.query);
    const result = await documents.export(id, query.format, {
      documentUrl: documentUrl(request, id),
      ...(query.articleUrl ? { articleUrl: query.articleUrl } : {}),
      ...(query.organization ? { organization: query.organization } : {}),
      force: query.force === '1' || query.force === 'true',
    });
    const body = typeof result.body === 'string' ? result.body : Buffer.from(result.body);
    return reply.type(result.contentType).send(body);
  });

  app.get('/api/documents/:id/publish-check', async (request) => {
    const { id } = await guard.document(request, 'read');
    const issues = await documents.publishProblems(id, { documentUrl: documentUrl(request, id) });
    return { problems: issues.map((i) => i.message), issues };
  });

  app.post('/api/documents/:id/annotations/import', async (request) => {
    const { caller, id } = await guard.document(request, 'import');
    const input = parse(schemas.importAnnotations, request.body);
    const actor = { id: caller.user.id, name: caller.user.name };
    // Filed with an access token (a CMS, a tipline): each annotation records the token's name.
    const filedVia =
      'token' in caller ? { token: caller.token.name, by: actor, at: new Date().toISOString() } : undefined;
    return { report: await documents.importAnnotations(id, input.format, input.data, actor, filedVia) };
  });

  app.post('/api/documents/:id/revisions', async (request, reply) => {
    const { caller, id } = await guard.document(request, 'revise');
    const input = parse(schemas.revision, request.body);
    const { report, previousVersion } = await documents.revise(id, articleOf(input.article), {
      id: caller.user.id,
      name: caller.user.name,
    });
    return reply.code(201).send({ report, previousVersion });
  });

  app.get('/api/documents/:id/audit', async (request) => {
    const { id } = await guard.document(request, 'read');
    const query = parse(schemas.auditQuery, request.query);
    return { entries: await store.listAudit(id, { annotationId: query.annotation, userId: query.user }) };
  });
}
