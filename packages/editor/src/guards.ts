/** The edit-access guard: what a person's role lets them change in the editor. */
import { type EditorState, Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { AddMarkStep, RemoveMarkStep } from 'prosemirror-transform';
import { isAnnotationKind } from './schema.ts';

/** What a person may change in the editor: everything, annotations only, or nothing. */
export type EditAccess = 'full' | 'annotations' | 'none';

const accessKey = new PluginKey<EditAccess>('factmark-edit-access');

/** True when every step only adds or removes annotation marks. */
export function onlyAnnotationSteps(tr: Transaction): boolean {
  return tr.steps.every(
    (step) => (step instanceof AddMarkStep || step instanceof RemoveMarkStep) && isAnnotationKind(step.mark.type.name),
  );
}

/**
 * Refuses local transactions the person's role does not allow: with
 * 'annotations' (commenters) only annotation marks may change, with 'none'
 * (viewers) nothing. Changes arriving from collaborators (`fromCollaborators`
 * says which: the collab package's `isSyncTransaction`) always pass. The server enforces the same rules; this keeps the UI
 * from offering what the server would refuse. `onRefused` hears of each refused change (typing, pasting,
 * cutting), so the page can say why nothing happened.
 */
export function editAccessPlugin(
  access: () => EditAccess,
  fromCollaborators: (tr: Transaction) => boolean = () => false,
  onRefused: (mode: Exclude<EditAccess, 'full'>) => void = () => {},
): Plugin<EditAccess> {
  return new Plugin<EditAccess>({
    key: accessKey,
    filterTransaction(tr: Transaction, _state: EditorState) {
      if (!tr.docChanged || fromCollaborators(tr)) return true;
      const mode = access();
      if (mode === 'full') return true;
      const allowed = mode === 'annotations' && onlyAnnotationSteps(tr);
      if (!allowed) onRefused(mode);
      return allowed;
    },
  });
}
