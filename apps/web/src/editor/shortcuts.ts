/** True on Apple platforms, where Mod is ⌘ and Alt is ⌥. */
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** A keyboard shortcut: its ProseMirror key name and what it does. */
export interface Shortcut {
  keys: string;
  action: string;
}

/** Every shortcut of the workspace; the help dialog lists them all, the editor binds the editor ones. */
export const SHORTCUTS = {
  claim: { keys: 'Mod-Alt-c', action: 'Mark the selection as a claim' },
  citation: { keys: 'Mod-Alt-s', action: 'Cite a source for the selection' },
  correction: { keys: 'Mod-Alt-e', action: 'Suggest a correction of the selection' },
  comment: { keys: 'Mod-Alt-m', action: 'Comment on the selection' },
  toolbar: { keys: 'Alt-F10', action: 'Move to the selection toolbar (arrow keys move between its buttons)' },
  toCard: { keys: 'Mod-Alt-j', action: 'Go from the annotation under the caret to its card' },
  hintAccept: { keys: 'Mod-Alt-Enter', action: 'Make the hint under the caret a claim (or, for a slip, a correction)' },
  hintDismiss: { keys: 'Mod-Alt-d', action: 'Dismiss the hint under the caret' },
  toArticle: { keys: 'Escape', action: 'In a card: go back to its passage in the article' },
  undo: { keys: 'Mod-z', action: 'Undo (text and annotations together)' },
  redo: { keys: 'Mod-Shift-z', action: 'Redo' },
  help: { keys: 'Mod-/', action: 'Show this list of shortcuts' },
} as const satisfies Record<string, Shortcut>;

/** A shortcut as people read it on this platform, e.g. "Ctrl+Alt+C" or "⌘⌥C". */
export function shortcutLabel(keys: string): string {
  return keys
    .split('-')
    .map((part) => {
      if (part === 'Mod') return isMac ? '⌘' : 'Ctrl';
      if (part === 'Alt') return isMac ? '⌥' : 'Alt';
      if (part === 'Shift') return isMac ? '⇧' : 'Shift';
      return part.length === 1 ? part.toUpperCase() : part;
    })
    .join(isMac ? '' : '+');
}

/** True when a keyboard event is `keys` (ProseMirror notation, as in {@link SHORTCUTS}). */
export function matchesShortcut(event: KeyboardEvent, keys: string): boolean {
  const parts = keys.split('-');
  const key = parts.pop() ?? '';
  const want = new Set(parts);
  const mod = isMac ? event.metaKey : event.ctrlKey;
  if (want.has('Mod') !== mod || want.has('Alt') !== event.altKey || want.has('Shift') !== event.shiftKey) return false;
  return key.length === 1 ? event.code === `Key${key.toUpperCase()}` || event.key === key : event.key === key;
}
