/** Routes of source evidence: read a snapshot a document's capture names, and ask for a source's health check. */
import { FactmarkError } from '@factmark/editor';
import type { RouteContext } from '../context.ts';

/** Register /api/documents/:id/snapshots/:hash and /api/documents/:id/sources/:sourceId/recheck. */
export function sourceRoutes({ app, guard, documents, capture }: RouteContext): void {
  app.get('/api/documents/:id/snapshots/:hash', async (request, reply) => {
    const { id } = await guard.document(request, 'read');
    const { hash } = request.params as { hash: string };
    const snapshot = /^[0-9a-f]{64}$/.test(hash) ? await documents.evidence.snapshot(id, hash) : null;
    if (!snapshot) throw new FactmarkError('not_found', 'This document has no such capture');
    // A snapshot never changes: its name is its content's hash.
    reply.header('cache-control', 'private, max-age=31536000, immutable');
    const { raw: _raw, ...rest } = snapshot;
    return { snapshot: { ...rest, bytes: snapshot.raw.length } };
  });

  app.post('/api/documents/:id/sources/:sourceId/recheck', async (request, reply) => {
    const { id } = await guard.document(request, 'annotate');
    const { sourceId } = request.params as { sourceId: string };
    if (!capture) throw new FactmarkError('capture_off', 'Source capture is off on this server (SOURCE_CAPTURE=off)');
    const url = await documents.evidence.capturedSource(id, sourceId);
    await capture.recheck(id, sourceId, url);
    return reply.code(202).send({ checking: true });
  });
}
