/**
 * The early sync access: asked for once as the app starts on a document's page, handed to that page the first time
 * it opens, asked again when it failed (signed out then) or for any other document, and never for other pages.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const syncAccess = vi.fn();
vi.mock('../api.ts', () => ({ api: { syncAccess: (id: string) => syncAccess(id) } }));

const load = async () => {
  vi.resetModules();
  return import('./early-sync-access.ts');
};

describe('early sync access', () => {
  beforeEach(() => syncAccess.mockReset());

  it("hands the early answer to the loaded document's page once, then asks again", async () => {
    const { requestSyncAccessEarly, syncAccessFor } = await load();
    syncAccess.mockResolvedValueOnce({ token: 'early', role: 'editor' });
    requestSyncAccessEarly('/d/doc_1');
    expect(syncAccess).toHaveBeenCalledTimes(1);
    await expect(syncAccessFor('doc_1')).resolves.toEqual({ token: 'early', role: 'editor' });
    syncAccess.mockResolvedValueOnce({ token: 'again', role: 'editor' });
    await expect(syncAccessFor('doc_1')).resolves.toEqual({ token: 'again', role: 'editor' });
    expect(syncAccess).toHaveBeenCalledTimes(2);
  });

  it('asks again when the early request failed, and for another document', async () => {
    const { requestSyncAccessEarly, syncAccessFor } = await load();
    syncAccess.mockRejectedValueOnce(new Error('signed out'));
    requestSyncAccessEarly('/d/doc_1');
    syncAccess.mockResolvedValueOnce({ token: 'other', role: 'viewer' });
    await expect(syncAccessFor('doc_2')).resolves.toEqual({ token: 'other', role: 'viewer' });
    syncAccess.mockResolvedValueOnce({ token: 'signed in now', role: 'owner' });
    await expect(syncAccessFor('doc_1')).resolves.toEqual({ token: 'signed in now', role: 'owner' });
    expect(syncAccess.mock.calls.map(([id]) => id)).toEqual(['doc_1', 'doc_2', 'doc_1']);
  });

  it('asks nothing on pages that are not a document', async () => {
    const { requestSyncAccessEarly } = await load();
    for (const path of ['/', '/signin', '/d/', '/d/a/b']) requestSyncAccessEarly(path);
    expect(syncAccess).not.toHaveBeenCalled();
  });
});
