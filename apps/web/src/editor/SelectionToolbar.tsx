/** The toolbar over a selection in the article: claim, cite, suggest a correction, comment (arrow keys move in it); at a bare caret, the hint tip. */
import { useLayoutEffect, useState } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { HintTip } from './HintsSection.tsx';
import { SHORTCUTS, shortcutLabel } from './shortcuts.ts';

const TOOLBAR_ACTIONS = [
  { kind: 'claim', label: 'Claim', shortcut: SHORTCUTS.claim.keys },
  { kind: 'citation', label: 'Cite source', shortcut: SHORTCUTS.citation.keys },
  { kind: 'correction', label: 'Suggest correction', shortcut: SHORTCUTS.correction.keys },
  { kind: 'comment', label: 'Comment', shortcut: SHORTCUTS.comment.keys },
] as const;

/** Space between the toolbar and the selection. */
const GAP = 6;

/**
 * The toolbar, one row, placed just above the selection's first line (below
 * its last line when there is no room above), never over the selected text,
 * and kept inside the article column.
 */
export function SelectionToolbar(props: { session: DocumentSession; toolbar: React.RefObject<HTMLDivElement | null> }) {
  const { session } = props;
  const selection = useSnapshot(session, (s) => s.selection);
  const [shift, setShift] = useState(0);
  const [height, setHeight] = useState(40);
  // Keep the toolbar inside the article column (move it left when it would overflow on the right), and
  // measure its height, so it is placed clear of the selection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: measure again whenever the selection moves
  useLayoutEffect(() => {
    const el = props.toolbar.current;
    const parent = el?.parentElement;
    if (!el || !parent) return;
    const rect = el.getBoundingClientRect();
    const overflow = rect.right - parent.getBoundingClientRect().right;
    const next = Math.max(0, shift + overflow);
    if (Math.abs(next - shift) > 0.5) setShift(next);
    if (Math.abs(rect.height - height) > 0.5) setHeight(rect.height);
  }, [selection?.left, selection?.top, shift, height]);
  // With no selection, the caret may sit in a hint of the claim finder: its tip shows instead.
  if (!selection) return <HintTip session={session} />;
  if (!session.canAnnotate()) return null;
  const act = (kind: (typeof TOOLBAR_ACTIONS)[number]['kind']) => {
    if (kind === 'claim') session.markClaim();
    else session.openComposer(kind);
  };
  return (
    <div
      ref={props.toolbar}
      className="selection-toolbar"
      role="toolbar"
      aria-label="Annotate the selection"
      style={{
        top: selection.top - height - GAP >= 0 ? selection.top - height - GAP : selection.bottom + GAP,
        left: Math.max(0, selection.left - shift),
      }}
      onKeyDown={(e) => {
        const buttons = [...(props.toolbar.current?.querySelectorAll('button') ?? [])];
        const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          buttons[(i + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length]?.focus();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          session.view.focus();
        }
      }}
    >
      {TOOLBAR_ACTIONS.map((a, i) => (
        <button
          key={a.kind}
          type="button"
          tabIndex={i === 0 ? 0 : -1}
          aria-keyshortcuts={shortcutLabel(a.shortcut).replace(/\+/g, '+')}
          // Keep the editor's selection and focus: act on mousedown, before focus moves.
          onMouseDown={(e) => {
            e.preventDefault();
            act(a.kind);
          }}
          onClick={(e) => {
            // Keyboard activation (Enter/Space) arrives as a click without mousedown.
            if (e.detail === 0) act(a.kind);
          }}
          title={`${a.label} (${shortcutLabel(a.shortcut)})`}
        >
          {a.label} <kbd>{shortcutLabel(a.shortcut)}</kbd>
        </button>
      ))}
    </div>
  );
}
