// @vitest-environment happy-dom
/**
 * The boot script: what it asks and opens on which page, the opening messages it sends (byte for byte the provider's,
 * checked against Hocuspocus' provider itself), what it holds until taken, and the answers it leaves for the app.
 */
import { ME_PATH, syncAccessPath } from '@factmark/api/paths';
import { HocuspocusProvider, type HocuspocusProviderWebsocketConfiguration } from '@hocuspocus/provider';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { FakeSocket } from '../test-support/fake-socket.ts';
import { localCopyName } from './addresses.ts';
import { type BootWindow, openingMessages, startBoot, takePrefetched, UNTAKEN_MS } from './boot.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A window at `pathname` whose server answers the sync access with `syncStatus` (and a token). */
function bootWindow(pathname: string, syncStatus = 200) {
  const fetch = vi.fn(async (path: string) =>
    path === ME_PATH
      ? Response.json({ user: { id: 'u-ada', name: 'Ada' } })
      : syncStatus === 200
        ? Response.json({ token: 'token-1', role: 'editor' })
        : Response.json({ error: { code: 'unauthorized' } }, { status: syncStatus }),
  );
  const win: BootWindow = {
    location: { pathname, protocol: 'https:', host: 'desk.example' },
    fetch: fetch as unknown as typeof globalThis.fetch,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
  };
  return { win, fetch };
}

beforeEach(() => {
  FakeSocket.made = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the boot script', () => {
  it('sends, on opening, exactly what Hocuspocus’ provider sends first for an empty copy', async () => {
    const socket: Pick<HocuspocusProviderWebsocketConfiguration, 'WebSocketPolyfill'> = {
      WebSocketPolyfill: FakeSocket,
    };
    const provider = new HocuspocusProvider({
      ...socket,
      url: 'ws://desk.example/collab',
      name: 'doc-1',
      document: new Y.Doc(),
      token: 'token-1',
    });
    await tick();
    const [opened] = FakeSocket.made;
    opened?.open();
    await tick();
    expect(opened?.sent.slice(0, 2)).toEqual(openingMessages('doc-1', 'token-1'));
    provider.destroy();
  });

  it('on a document’s page asks who is signed in and the sync access, opens the connection and authenticates it', async () => {
    const { win, fetch } = bootWindow('/d/doc-1');
    const boot = startBoot(win);
    expect(boot.documentId).toBe('doc-1');
    expect(fetch.mock.calls.map(([path]) => path)).toEqual([ME_PATH, syncAccessPath('doc-1')]);
    const taken = await boot.socket;
    const [socket] = FakeSocket.made;
    expect(taken?.socket).toBe(socket);
    expect(socket?.url).toBe('wss://desk.example/collab');
    expect(socket?.binaryType).toBe('arraybuffer');
    expect(taken?.token).toBe('token-1');
    // Nothing is sent before the socket opens; the opening messages as soon as it does.
    expect(socket?.sent).toEqual([]);
    socket?.open();
    expect(socket?.sent).toEqual(openingMessages('doc-1', 'token-1'));
    expect(taken?.sent).toEqual(openingMessages('doc-1', 'token-1'));
  });

  it('with a copy of the document in this browser, authenticates and leaves the first sync step to the page', async () => {
    const { win } = bootWindow('/d/doc-1');
    const databases = vi.fn(async () => [{ name: 'factmark:doc-2' }, { name: localCopyName('doc-1') }]);
    const taken = await startBoot({ ...win, indexedDB: { databases } }).socket;
    const [socket] = FakeSocket.made;
    socket?.open();
    expect(databases).toHaveBeenCalledTimes(1);
    expect(taken?.copyHere).toBe(true);
    expect(socket?.sent).toEqual(openingMessages('doc-1', 'token-1', true));
    expect(socket?.sent).toEqual(openingMessages('doc-1', 'token-1').slice(0, 1));
  });

  it('asks for the whole document when this browser keeps another document, or cannot tell', async () => {
    const cases = [
      async () => [{ name: 'factmark:doc-2' }],
      async (): Promise<{ name?: string }[]> => {
        throw new Error('blocked');
      },
      undefined,
    ];
    for (const databases of cases) {
      FakeSocket.made = [];
      const { win } = bootWindow('/d/doc-1');
      const taken = await startBoot({ ...win, indexedDB: databases ? { databases } : {} }).socket;
      FakeSocket.made[0]?.open();
      expect(taken?.copyHere).toBe(false);
      expect(FakeSocket.made[0]?.sent).toEqual(openingMessages('doc-1', 'token-1'));
    }
  });

  it('holds what the server answers until it is taken, then nothing more', async () => {
    const { win } = bootWindow('/d/doc-1');
    const taken = await startBoot(win).socket;
    const socket = FakeSocket.made[0] as FakeSocket;
    socket.open();
    socket.receive(new Uint8Array([1, 2]));
    socket.receive(new Uint8Array([3]));
    expect(taken?.take().map((data) => [...new Uint8Array(data)])).toEqual([[1, 2], [3]]);
    socket.receive(new Uint8Array([4]));
    expect(taken?.take()).toEqual([]);
  });

  it('leaves its answers for the app to read, each once, the sync access whole although the boot read it', async () => {
    const { win } = bootWindow('/d/doc-1');
    const boot = startBoot(win);
    await boot.socket;
    const access = takePrefetched(boot, syncAccessPath('doc-1'));
    expect(await (await access)?.json()).toEqual({ token: 'token-1', role: 'editor' });
    expect(takePrefetched(boot, syncAccessPath('doc-1'))).toBeNull();
    expect(await (await takePrefetched(boot, ME_PATH))?.json()).toEqual({ user: { id: 'u-ada', name: 'Ada' } });
    expect(takePrefetched(boot, '/api/documents')).toBeNull();
    expect(takePrefetched(null, ME_PATH)).toBeNull();
  });

  it('leaves the locale’s data to the app: it makes no formatter and compares no text, on any page', async () => {
    const made: unknown[] = [];
    const Native = Intl.DateTimeFormat;
    Intl.DateTimeFormat = class extends Native {
      constructor(...args: ConstructorParameters<typeof Native>) {
        super(...args);
        made.push(args[1]);
      }
    } as typeof Native;
    const compared = vi.spyOn(String.prototype, 'localeCompare');
    const idle = vi.fn();
    const scheduler = globalThis as { requestIdleCallback?: unknown };
    const had = scheduler.requestIdleCallback;
    scheduler.requestIdleCallback = idle;
    try {
      // Idle callbacks offered on the boot's window as on the page's.
      for (const path of ['/d/doc-1', '/']) {
        const { win } = bootWindow(path);
        await startBoot(Object.assign(win, { requestIdleCallback: idle })).socket;
      }
      await tick();
      expect(made).toEqual([]);
      expect(compared).not.toHaveBeenCalled();
      expect(idle).not.toHaveBeenCalled();
    } finally {
      Intl.DateTimeFormat = Native;
      compared.mockRestore();
      scheduler.requestIdleCallback = had;
    }
  });

  it('opens nothing when the sync access is refused, nor on a page that is not a document’s', async () => {
    const refused = bootWindow('/d/doc-1', 401);
    const boot = startBoot(refused.win);
    expect(await boot.socket).toBeNull();
    // The refusal is the app's to read and put in words.
    expect((await takePrefetched(boot, syncAccessPath('doc-1')))?.status).toBe(401);
    const list = bootWindow('/');
    const elsewhere = startBoot(list.win);
    expect(elsewhere.documentId).toBeNull();
    expect(await elsewhere.socket).toBeNull();
    expect(list.fetch.mock.calls.map(([path]) => path)).toEqual([ME_PATH]);
    expect(FakeSocket.made).toEqual([]);
  });

  it('closes its connection when the app has not taken it in time (the app never started)', async () => {
    vi.useFakeTimers();
    const { win } = bootWindow('/d/doc-1');
    win.setTimeout = globalThis.setTimeout;
    win.clearTimeout = globalThis.clearTimeout;
    const taken = await startBoot(win).socket;
    const socket = FakeSocket.made[0] as FakeSocket;
    socket.open();
    vi.advanceTimersByTime(UNTAKEN_MS - 1);
    expect(socket.readyState).toBe(FakeSocket.OPEN);
    vi.advanceTimersByTime(1);
    expect(socket.readyState).toBe(FakeSocket.CLOSED);
    // Taken in time, it stays open.
    const again = bootWindow('/d/doc-1');
    again.win.setTimeout = globalThis.setTimeout;
    again.win.clearTimeout = globalThis.clearTimeout;
    const kept = await startBoot(again.win).socket;
    kept?.take();
    vi.advanceTimersByTime(UNTAKEN_MS * 2);
    expect(FakeSocket.made[1]?.readyState).not.toBe(FakeSocket.CLOSED);
    expect(taken).not.toBeNull();
  });
});
