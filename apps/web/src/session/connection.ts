/**
 * The connection of one open document: its Hocuspocus provider, its copy in
 * this browser (IndexedDB), the browser's online and offline events, and the
 * count of changes the server has not confirmed. It emits what a status line
 * shows and when everything sent so far counts as confirmed.
 */
import { hasArticle, hideCaretWhileAway, type PresenceUser, setLocalUser } from '@factmark/collab';
import {
  HocuspocusProvider,
  type HocuspocusProviderWebsocketConfiguration,
  WebSocketStatus,
} from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { api } from '../api.ts';
import { collabUrl, localCopyName } from '../boot/addresses.ts';
import type { BootSocket } from '../boot/boot.ts';
import { BootSocketTaker } from './boot-socket.ts';
import { applyServerCopiesUnheard } from './first-copy.ts';
import { sendLocalLoadsThroughSync } from './local-load.ts';

type Awareness = NonNullable<HocuspocusProvider['awareness']>;

/** What the status line shows of the connection. */
export interface ConnectionState {
  connection: 'connecting' | 'online' | 'offline';
  /** True once the server's copy arrived in this page. */
  synced: boolean;
  /** True once there is something to edit: the server's copy, or the copy kept in this browser. */
  ready: boolean;
  /** Local changes the server has not confirmed yet (online, shown only once they wait; see setUnsynced). */
  unsynced: number;
  /** Set when the server refused the document (the reason, for people). */
  error: string | null;
}

/** What the connection tells its session. */
export interface ConnectionEvents {
  /** Part of the state changed. */
  onState: (patch: Partial<ConnectionState>) => void;
  /** The server's copy arrived (first connection and every reconnection). */
  onSynced: () => void;
  /**
   * The server acknowledged everything sent so far. Returns what to run once
   * no refusal of it can still be on its way (unless more was sent since).
   */
  onAcknowledged: () => () => void;
  /** The server closed the connection with a code and a reason. */
  onClosed: (code: number, reason: string) => void;
}

/** Online, how long changes wait for the server's confirmation before the status line counts them. */
const UNSYNCED_SHOWN_AFTER_MS = 1000;
/** How long after the server acknowledged everything a change counts as confirmed (a refusal arrives in ms). */
const CONFIRM_AFTER_MS = 2_000;
/**
 * How long the page's first sync step waits for this browser's copy of the document to load, when the boot left that
 * step to it (a copy at 5,000 annotations loads in 1–2 s on a slow machine; a database that never answers does not
 * keep the page off the server).
 */
const LOCAL_COPY_WAIT_MS = 10_000;

/** The provider, the copy in this browser and the unsynced count of one document. */
export class Connection {
  readonly provider: HocuspocusProvider;
  readonly local: IndexeddbPersistence;
  readonly awareness: Awareness;
  private state: ConnectionState = { connection: 'connecting', synced: false, ready: false, unsynced: 0, error: null };
  private unsynced = 0;
  private unsyncedTimer: ReturnType<typeof setTimeout> | null = null;
  private confirmTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  /**
   * @param user who is here, for presence; null until the session that takes an early connection says it.
   * @param firstToken a sync token the page already has (fetched with the role), used for the first connection;
   *   every later one fetches a fresh token.
   * @param boot the connection the page's boot script opened with `firstToken`, taken as the first socket (what it
   *   received is held until {@link release}).
   */
  constructor(
    documentId: string,
    doc: Y.Doc,
    user: PresenceUser | null,
    firstToken: string | null,
    private readonly events: ConnectionEvents,
    boot: BootSocket | null = null,
  ) {
    // The copy in this browser first, so that a page opened offline shows (and keeps) the last state.
    this.local = new IndexeddbPersistence(localCopyName(documentId), doc);
    void this.local.whenSynced.then(() => {
      if (!this.destroyed && hasArticle(doc)) this.set({ ready: true });
    });
    const url = collabUrl(location);
    // The boot left the first sync step to the page when this copy exists: said once it has loaded, or after a
    // while if its database does not answer (the server then sends what the page lacks, perhaps all of it).
    const localLoaded = Promise.race([this.local.whenSynced, new Promise((r) => setTimeout(r, LOCAL_COPY_WAIT_MS))]);
    this.bootSocket = new BootSocketTaker(boot, url, firstToken, localLoaded);
    // The provider hands its configuration to the socket it manages, which reads `WebSocketPolyfill` (a field of
    // the socket's configuration type, not of the provider's).
    const socket: Pick<HocuspocusProviderWebsocketConfiguration, 'WebSocketPolyfill'> = {
      WebSocketPolyfill: this.bootSocket.WebSocket,
    };
    this.provider = new HocuspocusProvider({
      ...socket,
      url,
      name: documentId,
      document: doc,
      // A fresh short-lived token for every reconnection; offline, the connection fails and is retried.
      token: (): Promise<string> => {
        const given = firstToken;
        firstToken = null;
        return given !== null ? Promise.resolve(given) : api.syncToken(documentId).catch(() => '');
      },
      onStatus: ({ status }) => this.onStatus(status),
      onSynced: () => {
        this.set({ synced: true, ready: true, error: null });
        events.onSynced();
      },
      onUnsyncedChanges: ({ number }) => this.setUnsynced(number),
      onClose: ({ event }) => events.onClosed(event.code, event.reason),
      onAuthenticationFailed: ({ reason }) => this.set({ error: reason }),
    });
    // The browser knows first when the network goes: close the socket at once (an open WebSocket
    // would only notice after a long timeout) and connect again when it comes back.
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    if (!navigator.onLine) this.onOffline();
    // This browser's copy reaches the server through the sync's answer, not as one update of the whole document.
    this.stopHoldingLocalLoads = sendLocalLoadsThroughSync(this.provider, this.local, doc);
    this.stopApplyingUnheard = applyServerCopiesUnheard(this.provider, this.local, doc);
    const awareness = this.provider.awareness;
    if (!awareness) throw new Error('The provider has no awareness');
    this.awareness = awareness;
    if (user) setLocalUser(awareness, user);
    this.stopHidingCaret = hideCaretWhileAway(awareness, window);
  }

  /** The boot script's socket, taken as the first one. */
  private readonly bootSocket: BootSocketTaker;

  /** Let what the boot script's socket received reach the document (once the page is ready to draw it). */
  release(): void {
    this.bootSocket.release();
  }

  /** Stops clearing this tab's caret while it is away (see hideCaretWhileAway). */
  private readonly stopHidingCaret: () => void;
  /** Stops applying the server's copies without their second encoding (see first-copy.ts). */
  private readonly stopApplyingUnheard: () => void;
  /** Stops holding this browser's copy back from the provider until the sync (see local-load.ts). */
  private readonly stopHoldingLocalLoads: () => void;

  /** The state the status line shows now. */
  get current(): ConnectionState {
    return this.state;
  }

  /** Stop: the socket closes and nothing more is sent (the session's copy in this browser stays). */
  disconnect(): void {
    this.provider.disconnect();
  }

  /** Set the error shown (the page turns read-only). */
  fail(error: string): void {
    this.set({ error });
  }

  destroy(): void {
    this.destroyed = true;
    if (this.unsyncedTimer !== null) clearTimeout(this.unsyncedTimer);
    if (this.confirmTimer !== null) clearTimeout(this.confirmTimer);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.stopHidingCaret();
    this.stopApplyingUnheard();
    this.stopHoldingLocalLoads();
    this.provider.destroy();
    void this.local.destroy();
  }

  private onStatus(status: WebSocketStatus): void {
    const connection =
      status === WebSocketStatus.Connected
        ? 'online'
        : status === WebSocketStatus.Connecting
          ? 'connecting'
          : 'offline';
    // Not online, every change not yet sent counts: show them at once.
    this.set(connection === 'online' ? { connection } : { connection, unsynced: this.unsynced });
  }

  private set(patch: Partial<ConnectionState>): void {
    if (this.destroyed) return;
    this.state = { ...this.state, ...patch };
    this.events.onState(patch);
  }

  /**
   * Offline or reconnecting, the count of changes not yet sent shows at once.
   * Online, each keystroke is sent and confirmed within milliseconds: the count
   * shows only when changes wait for over a second, so typing does not
   * re-render the page twice per key for a status nobody could read.
   */
  private setUnsynced(count: number): void {
    this.unsynced = count;
    // Everything sent so far is acknowledged: it counts as confirmed once a refusal can no longer be on its
    // way (the provider's count restarts on every reconnect and can read 0 before the server has judged
    // what the reconnection sends).
    if (this.confirmTimer !== null) clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    if (count === 0 && this.state.connection === 'online') {
      const confirmed = this.events.onAcknowledged();
      this.confirmTimer = setTimeout(() => {
        this.confirmTimer = null;
        if (this.state.error === null && this.unsynced === 0) confirmed();
      }, CONFIRM_AFTER_MS);
    }
    if (this.state.connection !== 'online' || count === 0) {
      if (this.unsyncedTimer !== null) clearTimeout(this.unsyncedTimer);
      this.unsyncedTimer = null;
      if (this.state.unsynced !== count) this.set({ unsynced: count });
      return;
    }
    if (this.state.unsynced > 0) {
      if (this.state.unsynced !== count) this.set({ unsynced: count });
      return;
    }
    this.unsyncedTimer ??= setTimeout(() => {
      this.unsyncedTimer = null;
      if (this.unsynced !== this.state.unsynced) this.set({ unsynced: this.unsynced });
    }, UNSYNCED_SHOWN_AFTER_MS);
  }

  private readonly onOffline = () => {
    this.provider.disconnect();
    this.set({ connection: 'offline' });
  };

  private readonly onOnline = () => {
    void this.provider.connect();
  };
}
