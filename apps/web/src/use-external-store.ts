/**
 * `useExternalStore`: what `useSyncExternalStore` promises — the value `getSnapshot` returns, compared by identity,
 * and a render again whenever it changes — with the subscription made before the browser paints. The app runs on
 * Preact (`react-on-preact.ts`), whose `useSyncExternalStore` subscribes in an effect that runs after the next
 * paint: a change of the store in between reached the component a frame late (a document's copy arriving just after
 * its page first rendered: the article drawn, the margin still saying it is loading; headless Chromium on a busy
 * machine can take a few hundred milliseconds to that frame). Subscribed in a layout effect, which first looks for a
 * change since the render, the component renders the change in the task that made it.
 */
import { useLayoutEffect, useReducer, useRef } from 'react';

/** Subscribe a component to an external store: `getSnapshot()` now, and a render again whenever it changes. */
export function useExternalStore<T>(subscribe: (listener: () => void) => () => void, getSnapshot: () => T): T {
  const value = getSnapshot();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // What is on screen, and how to read it again: kept after each render.
  const shown = useRef({ value, getSnapshot });
  useLayoutEffect(() => {
    shown.current = { value, getSnapshot };
  });
  useLayoutEffect(() => {
    const check = () => {
      const { value: was, getSnapshot: read } = shown.current;
      if (!Object.is(read(), was)) rerender();
    };
    // A change between the render and this subscription.
    check();
    return subscribe(check);
  }, [subscribe]);
  return value;
}
