/**
 * The early connection: opened on the early sync access of the page's document, taken once by that document's
 * session with what it reported meanwhile, closed when no session takes it, never opened without an early access.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionEvents } from './connection.ts';

const syncAccess = vi.fn();
vi.mock('../api.ts', () => ({ api: { syncAccess: (id: string) => syncAccess(id) } }));

/** A stand-in for the provider's connection: records how it was opened and lets the test report events. */
const opened: {
  id: string;
  token: string | null;
  events: ConnectionEvents;
  boot: unknown;
  destroyed: boolean;
  released: boolean;
}[] = [];
vi.mock('./connection.ts', () => ({
  Connection: class {
    record: (typeof opened)[number];
    constructor(
      id: string,
      _doc: unknown,
      _user: unknown,
      token: string | null,
      events: ConnectionEvents,
      boot: unknown,
    ) {
      this.record = { id, token, events, boot, destroyed: false, released: false };
      opened.push(this.record);
    }
    release() {
      this.record.released = true;
    }
    destroy() {
      this.record.destroyed = true;
    }
  },
}));

const load = async () => {
  vi.resetModules();
  const access = await import('./early-sync-access.ts');
  const connection = await import('./early-connection.ts');
  return { ...access, ...connection };
};

const listener = () => {
  const heard: string[] = [];
  const events: ConnectionEvents = {
    onState: (patch) => heard.push(`state ${JSON.stringify(patch)}`),
    onSynced: () => heard.push('synced'),
    onAcknowledged: () => () => undefined,
    onClosed: (code, reason) => heard.push(`closed ${code} ${reason}`),
  };
  return { heard, events };
};

describe('early connection', () => {
  beforeEach(() => {
    syncAccess.mockReset();
    opened.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it("opens on the early access with its token, and the document's session takes it once with what it heard", async () => {
    const { requestSyncAccessEarly, connectEarly, syncAccessFor, takeEarlyConnection } = await load();
    syncAccess.mockResolvedValueOnce({ token: 'early', role: 'editor' });
    requestSyncAccessEarly('/d/doc_1');
    connectEarly();
    // The page gets the same answer; by then the connection is open on it (no second request).
    await expect(syncAccessFor('doc_1')).resolves.toEqual({ token: 'early', role: 'editor' });
    expect(opened.map(({ id, token }) => [id, token])).toEqual([['doc_1', 'early']]);
    expect(syncAccess).toHaveBeenCalledTimes(1);
    // Synced before anyone listened: the session hears it when it listens, then hears the rest as it comes.
    opened[0]?.events.onSynced();
    expect(opened[0]?.events.onAcknowledged()).toBeTypeOf('function');
    expect(await takeEarlyConnection('doc_2')).toBeNull();
    const early = await takeEarlyConnection('doc_1');
    expect(early?.doc).toBeDefined();
    const { heard, events } = listener();
    // What the boot's socket received waits until the session listens.
    expect(opened[0]?.released).toBe(false);
    early?.listen(events);
    expect(opened[0]?.released).toBe(true);
    opened[0]?.events.onState({ connection: 'online' });
    opened[0]?.events.onClosed(4403, 'Viewers cannot change the document');
    expect(heard).toEqual([
      'synced',
      'state {"connection":"online"}',
      'closed 4403 Viewers cannot change the document',
    ]);
    // Once: a later session of the document opens its own.
    expect(await takeEarlyConnection('doc_1')).toBeNull();
    expect(opened[0]?.destroyed).toBe(false);
  });

  it("takes the boot script's socket when it is the page document's, and none opened for another", async () => {
    const socket = { token: 'early' };
    vi.stubGlobal('__factmarkBoot', { documentId: 'doc_1', prefetched: new Map(), socket: Promise.resolve(socket) });
    try {
      const { requestSyncAccessEarly, connectEarly, takeEarlyConnection } = await load();
      syncAccess.mockResolvedValueOnce({ token: 'early', role: 'editor' });
      requestSyncAccessEarly('/d/doc_1');
      connectEarly();
      await takeEarlyConnection('doc_1');
      expect(opened[0]?.boot).toBe(socket);
      syncAccess.mockResolvedValueOnce({ token: 'early', role: 'editor' });
      requestSyncAccessEarly('/d/doc_2');
      connectEarly();
      await takeEarlyConnection('doc_2');
      expect(opened[1]?.boot).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('hands over a refusal heard before the session listened', async () => {
    const { requestSyncAccessEarly, connectEarly, takeEarlyConnection } = await load();
    syncAccess.mockResolvedValueOnce({ token: 'early', role: 'viewer' });
    requestSyncAccessEarly('/d/doc_1');
    connectEarly();
    const early = await takeEarlyConnection('doc_1');
    opened[0]?.events.onClosed(4403, 'You have no access to this document');
    const { heard, events } = listener();
    early?.listen(events);
    expect(heard).toEqual(['closed 4403 You have no access to this document']);
  });

  it('closes a connection no session took, and opens none when the early access failed or was never asked', async () => {
    vi.useFakeTimers();
    const { requestSyncAccessEarly, connectEarly, takeEarlyConnection, UNCLAIMED_MS } = await load();
    syncAccess.mockResolvedValueOnce({ token: 'early', role: 'editor' });
    requestSyncAccessEarly('/d/doc_1');
    connectEarly();
    await vi.advanceTimersByTimeAsync(UNCLAIMED_MS + 1);
    expect(opened[0]?.destroyed).toBe(true);
    expect(await takeEarlyConnection('doc_1')).toBeNull();

    const failed = await load();
    syncAccess.mockRejectedValueOnce(new Error('signed out'));
    failed.requestSyncAccessEarly('/d/doc_2');
    failed.connectEarly();
    expect(await failed.takeEarlyConnection('doc_2')).toBeNull();

    const elsewhere = await load();
    elsewhere.requestSyncAccessEarly('/signin');
    elsewhere.connectEarly();
    expect(await elsewhere.takeEarlyConnection('doc_1')).toBeNull();
    expect(opened).toHaveLength(1);
  });

  it("tells when the page's document has arrived: its first sync or its close, at once without one", async () => {
    /** A page loaded on document `id` whose early access is `role`'s: whether its document has arrived, so far. */
    const pageOn = async (id: string, role: string) => {
      const early = await load();
      syncAccess.mockResolvedValueOnce({ token: 'early', role });
      early.requestSyncAccessEarly(`/d/${id}`);
      const state = { arrived: false };
      void early.connectEarly().then(() => {
        state.arrived = true;
      });
      await early.syncAccessFor(id);
      await Promise.resolve();
      return state;
    };
    const synced = await pageOn('doc_1', 'editor');
    expect(opened).toHaveLength(1);
    expect(synced.arrived).toBe(false);
    opened[0]?.events.onState({ connection: 'online' });
    await Promise.resolve();
    expect(synced.arrived).toBe(false);
    opened[0]?.events.onSynced();
    await expect.poll(() => synced.arrived).toBe(true);

    const refused = await pageOn('doc_2', 'viewer');
    expect(refused.arrived).toBe(false);
    opened[1]?.events.onClosed(4403, 'You have no access to this document');
    await expect.poll(() => refused.arrived).toBe(true);

    const failed = await load();
    syncAccess.mockRejectedValueOnce(new Error('signed out'));
    failed.requestSyncAccessEarly('/d/doc_3');
    await failed.connectEarly();

    const elsewhere = await load();
    elsewhere.requestSyncAccessEarly('/documents');
    await elsewhere.connectEarly();
    expect(opened).toHaveLength(2);
  });
});
