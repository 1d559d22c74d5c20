/**
 * A command that marks the selection as a claim without a body, for the
 * editor's own tests of marks (the app always writes the body with the mark,
 * through collab's FactCheck).
 */
import type { Command } from 'prosemirror-state';
import { addAnnotation, type CreatedAnnotation } from '../commands.ts';

/**
 * Command: mark the selection as a claim with a fresh id. `onCreated` receives
 * the new claim (for example to select its card). Fails on an empty selection.
 */
export function markClaim(onCreated?: (created: CreatedAnnotation) => void): Command {
  return (state, dispatch) => {
    const result = addAnnotation(state, 'claim');
    if (!result) return false;
    if (dispatch) {
      dispatch(result.tr.scrollIntoView());
      onCreated?.(result.created);
    }
    return true;
  };
}
