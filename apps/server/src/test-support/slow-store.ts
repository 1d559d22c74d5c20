/** A store that answers late: storage latency injected for tests and benchmarks, with a count of the calls made. */
import type { AccountStore } from '../auth/account-store.ts';
import type { DocumentStore } from '../storage/store.ts';

/** The store the server runs on. */
type ServerStore = DocumentStore & AccountStore;

/** What {@link slowStore} gives: the wrapped store and the calls made of it, by method name. */
export interface SlowStore {
  store: ServerStore;
  /** Calls made so far, by method (every method counts, fast or delayed). */
  calls: Map<string, number>;
  /** Times (performance.now()) at which each delayed call started. */
  started: { method: string; at: number }[];
}

/** The document-log writes a storm would show in (reads and account lookups are not delayed). */
const DELAYED = new Set(['appendUpdate', 'appendAudit', 'claimClients', 'setTitle', 'compact']);

/**
 * Wrap `store` so that every write of a document's log (`appendUpdate`,
 * `appendAudit`, `claimClients`, `setTitle`, `compact`) answers `ms`
 * milliseconds late, as a database across a slow network would.
 */
export function slowStore(store: ServerStore, ms: number): SlowStore {
  const calls = new Map<string, number>();
  const started: { method: string; at: number }[] = [];
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const method = String(key);
      return (...args: unknown[]) => {
        calls.set(method, (calls.get(method) ?? 0) + 1);
        if (!DELAYED.has(method)) return value.apply(target, args);
        started.push({ method, at: performance.now() });
        return new Promise((resolve) => setTimeout(resolve, ms)).then(() => value.apply(target, args));
      };
    },
  });
  return { store: wrapped, calls, started };
}
