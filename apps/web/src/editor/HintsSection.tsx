/**
 * The claim finder in the margin: a summary line ("14 possible claims, 3
 * possible translation slips") that opens the list of hints, with a filter;
 * each hint shown, made a claim or a correction, or dismissed; the decisions
 * taken, each restorable. And the tip under a hint at the caret.
 */
import { HINT_KINDS, type HintKind, isSlip } from '@factmark/hints/kinds';
import { memo, useEffect, useState } from 'react';
import type { BlockHint } from '../hints/hint-protocol.ts';
import type { HintList } from '../hints/hint-session.ts';
import type { DocumentSession } from '../session/document-session.ts';
import { useExternalStore } from '../use-external-store.ts';
import { SHORTCUTS, shortcutLabel } from './shortcuts.ts';

type Filter = 'all' | 'claim' | 'slip' | HintKind;

const matches = (filter: Filter, hint: BlockHint) =>
  filter === 'all' || filter === hint.kind || filter === HINT_KINDS[hint.kind].group;

/**
 * A part of the session's hint list: the component renders again only when that part changes (the list changes
 * as the worker answers each keystroke; the summary line and the hint at the caret seldom do).
 */
export function useHints<T>(session: DocumentSession, part: (list: HintList) => T): T {
  return useExternalStore(session.hints.subscribe, () => part(session.hints.current()));
}

const whole = (list: HintList) => list;

/** One hint of the list (rendered again only when its hint changes: the worker keeps unchanged hints as they are). */
const HintItem = memo(function HintItem({ hint, session }: { hint: BlockHint; session: DocumentSession }) {
  const slip = isSlip(hint.kind);
  return (
    <li className={`hint-item hint-${slip ? 'slip' : 'claim'}`} data-hint-key={hint.key}>
      <span className="kind-badge">{HINT_KINDS[hint.kind].label}</span>{' '}
      <button type="button" className="link card-quote" onClick={() => session.hints.show(hint)}>
        “{hint.text}”
      </button>
      <p className="muted">{hint.reason}</p>
      {slip && hint.correction && (
        <p className="hint-fix">
          Suggested: <ins>{hint.correction.text || '(delete the sentence)'}</ins>
        </p>
      )}
      {session.canAnnotate() && (
        <span className="actions">
          <button type="button" onClick={() => session.hints.accept(hint)}>
            {slip ? 'Suggest correction' : 'Make claim'}
          </button>{' '}
          <button type="button" className="quiet" onClick={() => session.hints.dismiss(hint)}>
            Dismiss
          </button>
        </span>
      )}
    </li>
  );
});

/** The summary line and, opened, the list of hints and the decisions taken. */
export function HintsSection({ session }: { session: DocumentSession }) {
  const summary = useHints(session, (list) => list.summary);
  const [open, setOpen] = useState(false);
  return (
    <section className="hints" aria-labelledby="hints-heading">
      <h3 id="hints-heading" className="hints-summary">
        <button
          type="button"
          className="link"
          aria-expanded={open}
          aria-controls="hint-list"
          onClick={() => setOpen(!open)}
        >
          {summary}
        </button>
      </h3>
      {open && <HintListBody session={session} />}
    </section>
  );
}

/** The opened list: a filter, the hints shown, and the decisions taken, each restorable. */
function HintListBody({ session }: { session: DocumentSession }) {
  const list = useHints(session, whole);
  useEffect(() => session.hints.watchList(), [session]);
  const [filter, setFilter] = useState<Filter>('all');
  const shown = list.hints.filter((h) => matches(filter, h));
  return (
    <div id="hint-list">
      <label className="hint-filter">
        Show{' '}
        <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
          <option value="all">All hints</option>
          <option value="claim">Possible claims</option>
          <option value="slip">Translation slips</option>
          {(Object.keys(HINT_KINDS) as HintKind[]).map((k) => (
            <option key={k} value={k}>
              {HINT_KINDS[k].label}
            </option>
          ))}
        </select>
      </label>
      {shown.length === 0 && <p className="muted">No hints of this kind.</p>}
      <ul className="hint-list">
        {shown.map((h) => (
          <HintItem key={h.key} hint={h} session={session} />
        ))}
      </ul>
      {list.decided.length > 0 && (
        <details className="hints-decided">
          <summary>Decided ({list.decided.length})</summary>
          <ul>
            {list.decided.map((d) => (
              <li key={d.key}>
                {HINT_KINDS[d.kind as HintKind]?.label ?? d.kind} “{d.text}” — {d.decision} by {d.by}{' '}
                {session.canAnnotate() && (
                  <button type="button" className="quiet" onClick={() => session.hints.restore(d.key)}>
                    Restore
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** Under a hint at the caret: what it is, why, and the keys that act on it. */
export function HintTip({ session }: { session: DocumentSession }) {
  const atCaret = useHints(session, (list) => list.atCaret);
  if (!atCaret || !session.view.hasFocus()) return null;
  const slip = isSlip(atCaret.kind);
  const coords = session.view.coordsAtPos(session.view.state.selection.from);
  const box = (session.view.dom.offsetParent ?? document.body).getBoundingClientRect();
  return (
    <div
      className="hint-tip"
      role="status"
      style={{
        top: coords.bottom - box.top + 6,
        left: Math.max(0, Math.min(coords.left - box.left - 20, box.width - 300)),
      }}
    >
      <strong>{HINT_KINDS[atCaret.kind].label}</strong>: {atCaret.reason}
      {session.canAnnotate() && (
        <span className="muted">
          {' '}
          · {shortcutLabel(SHORTCUTS.hintAccept.keys)} {slip ? 'suggests the correction' : 'makes it a claim'} ·{' '}
          {shortcutLabel(SHORTCUTS.hintDismiss.keys)} dismisses it
        </span>
      )}
    </div>
  );
}
