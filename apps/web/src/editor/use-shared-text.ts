/**
 * The binding between a textarea and a body's collaborative text: the
 * document's text flows into the field (a colleague's change lands in the
 * textarea in the same task, the caret kept beside the character on its
 * left), the caret is announced to colleagues, their carets are read back,
 * and each field has an undo history of one's own typing.
 */
import {
  fieldCarets,
  type MentionDisplay,
  type MessageField,
  mentionDisplay,
  type RemoteFieldCaret,
  setFieldCaret,
  type TextField,
} from '@factmark/collab';
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import * as Y from 'yjs';
import type { DocumentSession } from '../session/document-session.ts';

/** What a field bound with {@link useSharedText} gets. */
export interface SharedText {
  /** The field's text in the document (mentions as stored). */
  value: string;
  /** That text as the field shows it (mentions by name), and the map of places between the two. */
  display: MentionDisplay;
  /** The Yjs origin of this field's own writes (its undo history tracks only those). */
  origin: object;
  /** Undo and redo of one's own typing in this field (null before the text exists). */
  undo: Y.UndoManager | null;
  /** Remember the caret relative to the text and tell colleagues where it is. */
  announce: () => void;
  /** Colleagues' carets in this field. */
  carets: RemoteFieldCaret[];
}

/** Colleagues' carets in field `field` of annotation `id`, from awareness (rendering only when they change). */
function useFieldCarets(session: DocumentSession, id: string, field: TextField | MessageField): RemoteFieldCaret[] {
  const [carets, setCarets] = useState<RemoteFieldCaret[]>([]);
  useEffect(() => {
    const awareness = session.connection.awareness;
    // Awareness changes with every caret move anywhere in the document: render only when this field's carets do.
    let seen = '';
    const read = () => {
      const next = fieldCarets(awareness, id, field);
      const key = JSON.stringify(next);
      if (key === seen) return;
      seen = key;
      setCarets(next);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [session, id, field]);
  return carets;
}

/**
 * Bind `area` to the text field `field` of annotation `id`. `detached`
 * says the field shows text that is not in the document (over its limit):
 * then colleagues' changes update the value but do not overwrite what is typed. With `nameOf`, the field shows
 * mentions by name (see `@factmark/collab`'s mentions.ts); every place in the field is mapped to the stored text.
 */
export function useSharedText(
  session: DocumentSession,
  id: string,
  field: TextField | MessageField,
  area: RefObject<HTMLTextAreaElement | null>,
  detached: boolean,
  nameOf?: (userId: string) => string,
): SharedText {
  const show = (stored: string) => mentionDisplay(stored, nameOf);
  // The observer below is set up once per text: it reads the names as they are when a change comes.
  const showNow = useRef(show);
  showNow.current = show;
  const text = session.factCheck.textOf(id, field);
  const [value, setValue] = useState(() => text?.toString() ?? '');
  const carets = useFieldCarets(session, id, field);
  const isDetached = useRef(detached);
  isDetached.current = detached;
  /**
   * The local selection as Yjs relative positions that stick to the character on their left: a colleague
   * typing at the same place goes after it, so each person's words stay together instead of interleaving.
   */
  const caretAt = useRef<[Y.RelativePosition, Y.RelativePosition] | null>(null);
  const origin = useMemo(() => ({ field: `${id}:${field}` }), [id, field]);
  const undo = useMemo(
    () => (text ? new Y.UndoManager(text, { trackedOrigins: new Set([origin]) }) : null),
    [text, origin],
  );
  useEffect(() => () => undo?.destroy(), [undo]);

  useEffect(() => {
    if (!text) return;
    setValue(text.toString());
    const onChange = (_event: Y.YTextEvent, tr: Y.Transaction) => {
      const next = text.toString();
      const el = area.current;
      // In the same task: a key pressed next must apply to the text as it is now (React renders later, and
      // the key would be measured against text that no longer is).
      if (tr.origin !== origin && el && !isDetached.current && el.value !== next) {
        const at = caretAt.current;
        const doc = text.doc;
        const shown = showNow.current(next);
        const index = (rel: Y.RelativePosition) =>
          shown.toShown(doc ? (Y.createAbsolutePositionFromRelativePosition(rel, doc)?.index ?? 0) : 0);
        const focused = document.activeElement === el;
        el.value = shown.shown;
        if (focused && at) el.setSelectionRange(index(at[0]), index(at[1]));
      }
      setValue(next);
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text, origin, area]);

  const announce = () => {
    const el = area.current;
    if (!el || !text) return;
    const shown = show(text.toString());
    const rel = (i: number) =>
      Y.createRelativePositionFromTypeIndex(text, Math.min(shown.toStored(i), text.length), -1);
    const at: [Y.RelativePosition, Y.RelativePosition] = [rel(el.selectionStart), rel(el.selectionEnd)];
    caretAt.current = at;
    setFieldCaret(session.connection.awareness, {
      id,
      field,
      anchor: Y.relativePositionToJSON(at[0]),
      head: Y.relativePositionToJSON(at[1]),
    });
  };

  return { value, display: show(value), origin, undo, announce, carets };
}
