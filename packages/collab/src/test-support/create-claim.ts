/** createClaim: a one-call claim for tests (the app goes through FactCheck). */
import type { EditorView } from 'prosemirror-view';
import type { Actor } from '../bodies.ts';
import { FactCheck } from '../factcheck.ts';

/**
 * Mark the editor's selection as a claim and write its body in the same Yjs
 * transaction. Returns the new claim's id, or null when the selection holds no
 * text. (A shortcut for `new FactCheck(view, author).markClaim()`.)
 */
export function createClaim(view: EditorView, author: Actor, now: Date = new Date()): string | null {
  try {
    return new FactCheck(view, author, () => now).markClaim();
  } catch (error) {
    if ((error as { field?: string }).field === 'selection') return null;
    throw error;
  }
}
