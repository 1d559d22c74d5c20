/**
 * A text field bound to collaborative text in the Y.Doc (a claim's statement
 * or rationale, a correction's text): colleagues' typing merges in as they
 * type, their carets show in the field, Ctrl/⌘+Z undoes one's own typing in
 * it, and text over the field's limit is refused in words, never cut.
 */
import { type MessageField, type RemoteFieldCaret, safeColor, setFieldCaret, type TextField } from '@factmark/collab';
import { useId, useRef, useState } from 'react';
import getCaretCoordinates from 'textarea-caret';
import * as Y from 'yjs';
import type { DocumentSession } from '../session/document-session.ts';
import { overLimit } from './limits.ts';
import { useSharedText } from './use-shared-text.ts';

/** What the field says about its text right now (null: nothing to say). */
function problemOf(text: string, limit: number, required: string | undefined, what: string): string | null {
  if (text.length > limit) return overLimit(what, text.length, limit);
  if (required && text.trim() === '') return required;
  return null;
}

/** The caret of one colleague, placed over the textarea. */
function RemoteCaret({ caret, text, area }: { caret: RemoteFieldCaret; text: Y.Text; area: HTMLTextAreaElement }) {
  const doc = text.doc;
  let index: number | null = null;
  try {
    const abs = doc && Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(caret.head), doc);
    if (abs && abs.type === text) index = abs.index;
  } catch {
    index = null;
  }
  if (index === null) return null;
  const at = getCaretCoordinates(area, Math.min(index, area.value.length));
  const top = at.top - area.scrollTop;
  if (top < 0 || top > area.clientHeight) return null;
  const color = safeColor(caret.user.color);
  return (
    <span
      // On the first line the name goes under the caret, inside the field, not over the label above it.
      className={top < at.height ? 'field-caret name-below' : 'field-caret'}
      style={{ top, left: Math.min(at.left, area.clientWidth - 2), height: at.height, borderColor: color }}
    >
      <span className="field-caret-label" style={{ backgroundColor: color }}>
        {caret.user.name}
      </span>
    </span>
  );
}

/**
 * The field. `what` names it in messages ("the rationale"); `required`, when
 * set, is what to say when it is emptied (the text stays as it was until
 * something is typed).
 */
export function SharedTextField(props: {
  session: DocumentSession;
  id: string;
  field: TextField | MessageField;
  label: string;
  what: string;
  limit: number;
  required?: string;
  disabled?: boolean;
  rows?: number;
}) {
  const { session, id, field, label, what, limit, required, disabled, rows = 2 } = props;
  const text = session.factCheck.textOf(id, field);
  const area = useRef<HTMLTextAreaElement>(null);
  /** Text typed here that is not in the document (over the limit, or a required field emptied). */
  const [draft, setDraft] = useState<string | null>(null);
  const { value, origin, undo, announce, carets } = useSharedText(session, id, field, area, draft !== null);
  const messageId = useId();

  const write = (next: string, caret: number) => {
    if (problemOf(next, limit, required, what)) {
      setDraft(next);
      return;
    }
    setDraft(null);
    session.run((f) => f.editText(id, field, next, { caret, origin }));
    announce();
  };

  const shown = draft ?? value;
  const problem = draft === null ? null : problemOf(draft, limit, required, what);
  return (
    <div className="field shared-field">
      <div className="field-head">
        <label className="field-label" htmlFor={`${messageId}-input`}>
          {label}
        </label>
        <span id={`${messageId}-count`} className={shown.length > limit ? 'field-count over' : 'field-count'}>
          {shown.length.toLocaleString('en')} / {limit.toLocaleString('en')}
        </span>
      </div>
      <div className="shared-field-box">
        <textarea
          id={`${messageId}-input`}
          ref={area}
          rows={rows}
          value={shown}
          disabled={disabled || !text}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${messageId}-count${problem ? ` ${messageId}-problem` : ''}`}
          onChange={(e) => write(e.target.value, e.target.selectionEnd)}
          onSelect={announce}
          onFocus={announce}
          onBlur={() => setFieldCaret(session.connection.awareness, null)}
          onKeyDown={(e) => {
            const key = e.key.toLowerCase();
            if (!(e.ctrlKey || e.metaKey) || !undo || (key !== 'z' && key !== 'y')) return;
            e.preventDefault();
            setDraft(null);
            if (key === 'y' || e.shiftKey) undo.redo();
            else undo.undo();
          }}
        />
        {area.current && text
          ? carets.map((c) => (
              <RemoteCaret key={c.clientId} caret={c} text={text} area={area.current as HTMLTextAreaElement} />
            ))
          : null}
      </div>
      {problem && (
        <p id={`${messageId}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
