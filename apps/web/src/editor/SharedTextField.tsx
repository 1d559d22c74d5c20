/**
 * A text field bound to collaborative text in the Y.Doc (a claim's statement
 * or rationale, a correction's text): colleagues' typing merges in as they
 * type, their carets show in the field, Ctrl/⌘+Z undoes one's own typing in
 * it, and text over the field's limit is refused in words, never cut.
 */
import {
  editShown,
  type MentionDisplay,
  type MessageField,
  mentionDisplay,
  type RemoteFieldCaret,
  safeColor,
  setFieldCaret,
  type TextField,
} from '@factmark/collab';
import { type KeyboardEvent, type RefObject, useId, useLayoutEffect, useRef, useState } from 'react';
import getCaretCoordinates from 'textarea-caret';
import * as Y from 'yjs';
import type { DocumentSession } from '../session/document-session.ts';
import { overLimit } from './limits.ts';
import { useMentionSuggestions } from './MentionField.tsx';
import type { MentionPeople } from './mention-people.ts';
import { useSharedText } from './use-shared-text.ts';

/** What the field says about its text right now (null: nothing to say). */
function problemOf(text: string, limit: number, required: string | undefined, what: string): string | null {
  if (text.length > limit) return overLimit(what, text.length, limit);
  if (required && text.trim() === '') return required;
  return null;
}

/** The caret of one colleague, placed over the textarea. */
function RemoteCaret(props: {
  caret: RemoteFieldCaret;
  text: Y.Text;
  area: HTMLTextAreaElement;
  display: MentionDisplay;
}) {
  const { caret, text, area, display } = props;
  const doc = text.doc;
  let index: number | null = null;
  try {
    const abs = doc && Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(caret.head), doc);
    if (abs && abs.type === text) index = display.toShown(abs.index);
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
 * Where the caret goes once a picked mention is rendered (React would put it at the end): set `.current` before
 * writing; the caret is placed when the field shows `shown`, and announced.
 */
function useCaretAfter(area: RefObject<HTMLTextAreaElement | null>, shown: string, announce: () => void) {
  const caretAfter = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = area.current;
    if (el && caretAfter.current !== null && el.value === shown) {
      el.setSelectionRange(caretAfter.current, caretAfter.current);
      caretAfter.current = null;
      announce();
    }
  });
  return caretAfter;
}

/** Ctrl/⌘+Z (undo) and Ctrl/⌘+Y or Shift+Ctrl/⌘+Z (redo) of one's own typing; true when the key was one. */
function undoKey(e: KeyboardEvent<HTMLTextAreaElement>, undo: Y.UndoManager | null): boolean {
  const key = e.key.toLowerCase();
  if (!(e.ctrlKey || e.metaKey) || !undo || (key !== 'z' && key !== 'y')) return false;
  e.preventDefault();
  if (key === 'y' || e.shiftKey) undo.redo();
  else undo.undo();
  return true;
}

/** A field's label and its count of characters against the limit. */
function FieldHead(props: { inputId: string; countId: string; label: string; length: number; limit: number }) {
  const { inputId, countId, label, length, limit } = props;
  return (
    <div className="field-head">
      <label className="field-label" htmlFor={inputId}>
        {label}
      </label>
      <span id={countId} className={length > limit ? 'field-count over' : 'field-count'}>
        {length.toLocaleString('en')} / {limit.toLocaleString('en')}
      </span>
    </div>
  );
}

/** What a {@link SharedTextField} is given. */
interface SharedTextFieldProps {
  session: DocumentSession;
  id: string;
  field: TextField | MessageField;
  label: string;
  what: string;
  limit: number;
  required?: string;
  disabled?: boolean;
  rows?: number;
  people?: MentionPeople;
}

/**
 * The field's text and its writes: what it shows (the document's text, or a draft the document refused), writing
 * stored text with its caret, and the mention suggestions that write through the same path.
 */
function useFieldText(props: SharedTextFieldProps, area: RefObject<HTMLTextAreaElement | null>) {
  const { session, id, field, what, limit, required, people } = props;
  /** Text typed here that is not in the document (over the limit, or a required field emptied). */
  const [draft, setDraft] = useState<string | null>(null);
  const shared = useSharedText(session, id, field, area, draft !== null, people?.nameOf);
  const show = (stored: string) => mentionDisplay(stored, people?.nameOf);
  const display = draft === null ? shared.display : show(draft);
  const caretAfter = useCaretAfter(area, display.shown, shared.announce);

  /** Write stored text `next`, the caret at stored place `caret`. */
  const write = (next: string, caret: number) => {
    if (problemOf(next, limit, required, what)) {
      setDraft(next);
      return;
    }
    setDraft(null);
    session.run((f) => f.editText(id, field, next, { caret, origin: shared.origin }));
    shared.announce();
  };
  const suggest = useMentionSuggestions(area, display, people, (stored, shownCaret) => {
    caretAfter.current = shownCaret;
    write(stored, show(stored).toStored(shownCaret));
  });
  const problem = draft === null ? null : problemOf(draft, limit, required, what);
  return { shared, display, write, suggest, problem, clearDraft: () => setDraft(null) };
}

/**
 * The field. `what` names it in messages ("the rationale"); `required`, when
 * set, is what to say when it is emptied (the text stays as it was until
 * something is typed). With `people`, it takes mentions: shown by name,
 * suggested after "@", stored as references.
 */
export function SharedTextField(props: SharedTextFieldProps) {
  const { session, id, field, label, limit, disabled, rows = 2 } = props;
  const text = session.factCheck.textOf(id, field);
  const area = useRef<HTMLTextAreaElement>(null);
  const { shared, display, write, suggest, problem, clearDraft } = useFieldText(props, area);
  const { undo, announce, carets } = shared;
  const messageId = useId();
  const stored = display.stored;
  return (
    <div className="field shared-field">
      <FieldHead
        inputId={`${messageId}-input`}
        countId={`${messageId}-count`}
        label={label}
        length={stored.length}
        limit={limit}
      />
      <div className="shared-field-box">
        <textarea
          id={`${messageId}-input`}
          ref={area}
          rows={rows}
          value={display.shown}
          disabled={disabled || !text}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${messageId}-count${problem ? ` ${messageId}-problem` : ''}`}
          {...suggest.aria}
          onChange={(e) => {
            const edit = editShown(display, e.target.value, e.target.selectionEnd);
            write(edit.stored, edit.caret);
            suggest.update();
          }}
          onSelect={() => {
            announce();
            suggest.update();
          }}
          onFocus={announce}
          onBlur={() => {
            setFieldCaret(session.connection.awareness, null);
            suggest.close();
          }}
          onKeyDown={(e) => {
            if (suggest.onKeyDown(e)) return;
            if (undoKey(e, undo)) clearDraft();
          }}
        />
        {area.current && text
          ? carets.map((c) => (
              <RemoteCaret key={c.clientId} caret={c} text={text} area={area.current!} display={display} />
            ))
          : null}
        {suggest.list}
      </div>
      {suggest.note && (
        <p className="field-note" role="status">
          {suggest.note}
        </p>
      )}
      {problem && (
        <p id={`${messageId}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
