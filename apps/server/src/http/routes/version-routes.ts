/** Routes of named versions: take, list, open, compare with the current text, restore. */
import { FactmarkError } from '@factmark/editor';
import type { FastifyRequest } from 'fastify';
import type { RouteContext } from '../context.ts';
import { parse, schemas } from '../schemas.ts';

function versionIdOf(request: FastifyRequest): string {
  return (request.params as { versionId?: string }).versionId ?? '';
}

function noVersion(versionId: string): FactmarkError {
  return new FactmarkError('not_found', `There is no version "${versionId}"`);
}

/** Register the /api/documents/:id/versions routes. */
export function versionRoutes({ app, guard, store, documents }: RouteContext): void {
  const { versions } = documents;

  app.post('/api/documents/:id/versions', async (request, reply) => {
    const { caller, id } = await guard.document(request, 'manageVersions');
    const { name } = parse(schemas.version, request.body);
    return reply.code(201).send({ version: await versions.take(id, name, caller.user.id) });
  });

  app.get('/api/documents/:id/versions', async (request) => {
    const { id } = await guard.document(request, 'read');
    return { versions: await store.listVersions(id) };
  });

  app.get('/api/documents/:id/versions/:versionId', async (request) => {
    const { id } = await guard.document(request, 'read');
    const version = await versions.open(id, versionIdOf(request));
    if (!version) throw noVersion(versionIdOf(request));
    return { version: version.meta, article: version.article.toJSON() };
  });

  app.get('/api/documents/:id/versions/:versionId/compare', async (request) => {
    const { id } = await guard.document(request, 'read');
    const result = await versions.compare(id, versionIdOf(request));
    if (!result) throw noVersion(versionIdOf(request));
    return result;
  });

  app.post('/api/documents/:id/versions/:versionId/restore', async (request) => {
    const { id, caller } = await guard.document(request, 'manageVersions');
    if (!(await versions.restore(id, versionIdOf(request), { id: caller.user.id, name: caller.user.name })))
      throw noVersion(versionIdOf(request));
    return { restored: versionIdOf(request) };
  });
}
