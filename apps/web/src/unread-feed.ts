/**
 * The signed-in person's unread count, live: one server-sent event stream per tab (`/api/notifications/events`),
 * opened by the first component that asks and closed with the last, its count shared by all of them.
 */
import { useExternalStore } from './use-external-store.ts';

let source: EventSource | null = null;
let unread = 0;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!source) {
    source = new EventSource('/api/notifications/events');
    source.addEventListener('unread', (event) => {
      unread = (JSON.parse((event as MessageEvent<string>).data) as { unread: number }).unread;
      for (const l of listeners) l();
    });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    source?.close();
    source = null;
    unread = 0;
  };
}

/** The unread count, as the server last said it (0 until it has). */
export function useUnread(): number {
  return useExternalStore(subscribe, () => unread);
}
