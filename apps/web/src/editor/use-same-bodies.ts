/**
 * The annotations as what reads only their bodies sees them: the same list while only their text or place
 * changed, so the verdict style sheet and the filters' choices are not worked out again on every key typed
 * inside a highlight (which gives that entry new text, and the list a new identity).
 */
import { useRef } from 'react';
import type { WorkspaceEntry } from './workspace-model.ts';

/** True when `a` and `b` list the same annotations, in the same order, with the same kinds and bodies. */
export function sameBodies(a: readonly WorkspaceEntry[], b: readonly WorkspaceEntry[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as WorkspaceEntry;
    const y = b[i] as WorkspaceEntry;
    if (x.id !== y.id || x.kind !== y.kind || x.body !== y.body || x.error !== y.error) return false;
  }
  return true;
}

/** `entries`, or the list last returned when {@link sameBodies} says nothing a body reader sees changed. */
export function useSameBodies(entries: WorkspaceEntry[]): WorkspaceEntry[] {
  const last = useRef(entries);
  if (!sameBodies(last.current, entries)) last.current = entries;
  return last.current;
}
