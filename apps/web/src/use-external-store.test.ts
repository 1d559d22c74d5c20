// @vitest-environment happy-dom
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { useExternalStore } from './use-external-store.ts';

/** A store of one value, counting its subscribers. */
function storeOf(value: string) {
  const listeners = new Set<() => void>();
  return {
    value,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next: string) {
      this.value = next;
      for (const listener of listeners) listener();
    },
    listeners,
  };
}

function Shown({ store }: { store: ReturnType<typeof storeOf> }) {
  return h(
    'p',
    null,
    useExternalStore(store.subscribe, () => store.value),
  );
}

describe('useExternalStore', () => {
  it('renders a change made right after the first render in the same task, before any frame', async () => {
    const store = storeOf('Loading the annotations…');
    const container = document.createElement('div');
    createRoot(container).render(h(Shown, { store }));
    expect(container.textContent).toBe('Loading the annotations…');
    // Subscribed already (no frame has run): the copy arrives, and the component renders it in this task.
    expect(store.listeners.size).toBe(1);
    store.set('150 annotations');
    await Promise.resolve();
    await Promise.resolve();
    expect(container.textContent).toBe('150 annotations');
  });

  it('renders a change made between its render and its subscription, and unsubscribes when it goes', async () => {
    const store = storeOf('a');
    const container = document.createElement('div');
    const root = createRoot(container);
    // The store changes while the component renders (before its layout effects run).
    function Changing() {
      const value = useExternalStore(store.subscribe, () => store.value);
      if (store.value === 'a') store.value = 'b';
      return h('p', null, value);
    }
    root.render(h(Changing, null));
    await Promise.resolve();
    await Promise.resolve();
    expect(container.textContent).toBe('b');
    root.unmount();
    expect(store.listeners.size).toBe(0);
  });
});
