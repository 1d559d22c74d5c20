/**
 * Mentions in the app: a stored text shown with names (`MentionText`), the suggestions a field offers after "@"
 * (`useMentionSuggestions`: arrows move, Enter or Tab picks, Escape closes; an address that is not a member offers
 * to share the document), and the reply box that uses them (`MentionTextarea`).
 */
import {
  editShown,
  type MentionDisplay,
  mentionDisplay,
  mentionQuery,
  mentionSegments,
  mentionToken,
  replaceShown,
} from '@factmark/collab';
import { type KeyboardEvent, type ReactElement, type RefObject, useId, useRef, useState } from 'react';
import getCaretCoordinates from 'textarea-caret';
import { describeError, type Member } from '../api.ts';
import { looksLikeEmail, type MentionPeople, suggestionsFor } from './mention-people.ts';

/** A stored text as people read it: each mention as the current name of the person, marked as a mention. */
export function MentionText({ text, people }: { text: string; people: MentionPeople | undefined }) {
  if (!people) return <>{text}</>;
  return (
    <>
      {mentionSegments(text).map((s, i) =>
        'userId' in s ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the segments of one text, in order, never reordered
          <span key={i} className="mention" data-user={s.userId}>
            @{people.nameOf(s.userId)}
          </span>
        ) : (
          s.text
        ),
      )}
    </>
  );
}

/** One choice of the suggestions: a member, or sharing with an address. */
type Choice = { member: Member } | { share: string };

/** The choices `query` (typed after "@") offers: matching members, and sharing with an address not among them. */
function choicesFor(people: MentionPeople, query: string): Choice[] {
  const choices: Choice[] = suggestionsFor(people, query).map((member) => ({ member }));
  const email = query.trim();
  const known = people.others.some((m) => m.user.email.toLowerCase() === email.toLowerCase());
  if (looksLikeEmail(email) && !known && people.share) choices.push({ share: email });
  return choices;
}

/** What the suggestions say when no one matches `query`. */
function noneMatch(query: string, canShare: boolean): string {
  if (query === '') return 'No one else is a member of this document yet.';
  const next = canShare
    ? 'Type their email address to share the document with them.'
    : 'Ask an owner to share the document with them.';
  return `No member is called “${query}”. ${next}`;
}

/** `display`'s stored text with the typed `query` replaced by a mention of `member`, and the shown caret after it. */
function withMention(
  display: MentionDisplay,
  query: { from: number; caret: number },
  member: Member,
  nameOf: (id: string) => string,
): { stored: string; caret: number } {
  const token = mentionToken(member.user.id);
  const stored = replaceShown(display, query.from, query.caret, `${token} `);
  const next = mentionDisplay(stored, (id) => (id === member.user.id ? member.user.name : nameOf(id)));
  return { stored, caret: next.toShown(display.toStored(query.from) + token.length + 1) };
}

/** A name being typed after "@" in `area`, as the caret moves; Escape's dismissal holds until the caret leaves it. */
function useMentionQuery(area: RefObject<HTMLTextAreaElement | null>, people: MentionPeople | undefined) {
  const [query, setQuery] = useState<{ from: number; query: string; caret: number } | null>(null);
  /** Where Escape closed the list: it stays closed for that "@" until the caret leaves it. */
  const dismissed = useRef<number | null>(null);
  const update = () => {
    const el = area.current;
    if (!el || !people || el.selectionStart !== el.selectionEnd) return setQuery(null);
    const found = mentionQuery(el.value, el.selectionEnd);
    if (!found || found.from === dismissed.current) {
      if (!found) dismissed.current = null;
      return setQuery(null);
    }
    setQuery((q) => (q?.query === found.query && q.from === found.from ? q : { ...found, caret: el.selectionEnd }));
  };
  const close = () => setQuery(null);
  const dismiss = () => {
    dismissed.current = query?.from ?? null;
    setQuery(null);
  };
  return { query, update, close, dismiss };
}

/** What {@link useMentionSuggestions} gives a field. */
export interface MentionSuggestions {
  /** Call after the text or the caret changed (input, select, click). */
  update(): void;
  /** Close the list (the field lost the focus). */
  close(): void;
  /** Handle a key while suggestions are open; true when it was theirs. */
  onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean;
  /** The textarea's ARIA attributes while suggestions are open. */
  aria: Record<string, string | undefined>;
  /** The list, placed under the caret (null when closed). */
  list: ReactElement | null;
  /** What sharing said (an invitation sent, a refusal), or null. */
  note: string | null;
}

/**
 * Suggestions for the textarea `area` showing `display`; `write(stored, shownCaret)` writes a picked mention.
 * Without `people` (a field that takes no mentions) it does nothing.
 */
export function useMentionSuggestions(
  area: RefObject<HTMLTextAreaElement | null>,
  display: MentionDisplay,
  people: MentionPeople | undefined,
  write: (stored: string, shownCaret: number) => void,
): MentionSuggestions {
  const listId = useId();
  const { query, update, close, dismiss } = useMentionQuery(area, people);
  /** The active choice, for the query it was chosen in (a new query starts at the first). */
  const [active, setActive] = useState({ key: '', index: 0 });
  const [note, setNote] = useState<string | null>(null);

  const choices = people && query ? choicesFor(people, query.query) : [];
  const open = query !== null && people !== undefined;
  const key = query ? `${query.from}:${query.query}` : '';
  const at = active.key === key ? Math.min(active.index, Math.max(choices.length - 1, 0)) : 0;

  const insert = (member: Member) => {
    if (!query) return;
    const next = withMention(display, query, member, people?.nameOf ?? (() => ''));
    write(next.stored, next.caret);
    close();
  };

  const pick = (choice: Choice) => {
    if ('member' in choice) return insert(choice.member);
    const share = people?.share;
    if (!share || !query) return;
    setNote(null);
    share(choice.share).then(
      ({ member, invitation }) => {
        if (member) return insert(member);
        const stored = replaceShown(display, query.from, query.caret, `${choice.share} `);
        write(stored, query.from + choice.share.length + 1);
        close();
        setNote(
          `${choice.share} has no account yet: ${invitation?.emailed ? 'we emailed them an invitation to this document' : 'they are invited — pass on the link under Share on the documents page'}.`,
        );
      },
      (error: unknown) => setNote(describeError(error)),
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    if (e.key === 'Escape') dismiss();
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (choices.length === 0) return false;
      setActive({ key, index: (at + (e.key === 'ArrowDown' ? 1 : choices.length - 1)) % choices.length });
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
      const choice = choices[at];
      if (!choice) return false;
      pick(choice);
    } else return false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  };

  const optionId = (i: number) => `${listId}-option-${i}`;
  const el = area.current;
  const list =
    open && el ? (
      <SuggestionList
        area={el}
        caret={query.caret}
        choices={choices}
        active={at}
        listId={listId}
        optionId={optionId}
        onPick={pick}
        empty={noneMatch(query.query, !!people?.share)}
      />
    ) : null;
  const aria =
    open && choices.length > 0
      ? { 'aria-controls': listId, 'aria-activedescendant': optionId(at), 'aria-autocomplete': 'list' }
      : { 'aria-autocomplete': people ? 'list' : undefined };
  return { update, close, onKeyDown, aria, list, note };
}

/** The open suggestions under the caret of `area`: the choices as a listbox, or what to do when none match. */
function SuggestionList(props: {
  area: HTMLTextAreaElement;
  caret: number;
  choices: readonly Choice[];
  active: number;
  listId: string;
  optionId: (i: number) => string;
  onPick: (choice: Choice) => void;
  empty: string;
}) {
  const { area, caret, choices, active, listId, optionId, onPick, empty } = props;
  const at = getCaretCoordinates(area, Math.min(caret, area.value.length));
  const top = Math.min(at.top + at.height - area.scrollTop, area.clientHeight) + area.offsetTop;
  return (
    <div className="mention-popup" style={{ top, left: Math.min(at.left, area.clientWidth - 200) }}>
      {choices.length > 0 ? (
        <div id={listId} role="listbox" aria-label="People to mention" className="mention-list">
          {choices.map((c, i) => (
            // The focus stays in the textarea (aria-activedescendant names the active option), as APG's combobox;
            // a click does not take it either.
            <div
              key={'member' in c ? c.member.user.id : `share:${c.share}`}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(c);
              }}
            >
              {'member' in c ? (
                <>
                  <span className="mention-name">{c.member.user.name}</span>{' '}
                  <span className="muted">{c.member.user.email}</span>
                </>
              ) : (
                <>Share the document with {c.share} and mention them</>
              )}
            </div>
          ))}
        </div>
      ) : (
        <p className="mention-none" role="status">
          {empty}
        </p>
      )}
    </div>
  );
}

/** A reply box that takes mentions: its value is stored text (mentions as references), shown with names. */
export function MentionTextarea(props: {
  value: string;
  onChange: (stored: string) => void;
  people: MentionPeople | undefined;
  label: string;
  rows?: number;
  maxLength?: number;
  onSubmitKey?: () => void;
}) {
  const { value, onChange, people, label, rows = 2, maxLength, onSubmitKey } = props;
  const area = useRef<HTMLTextAreaElement>(null);
  const display = mentionDisplay(value, people?.nameOf);
  const caretAfter = useRef<number | null>(null);
  const suggest = useMentionSuggestions(area, display, people, (stored, caret) => {
    caretAfter.current = caret;
    onChange(stored);
  });
  const id = useId();
  return (
    <div className="field mention-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="mention-box">
        <textarea
          id={id}
          ref={(el) => {
            area.current = el;
            // Put the caret after a picked mention once React has written the new value.
            if (el && caretAfter.current !== null && el.value === display.shown) {
              el.setSelectionRange(caretAfter.current, caretAfter.current);
              caretAfter.current = null;
            }
          }}
          rows={rows}
          value={display.shown}
          maxLength={maxLength}
          {...suggest.aria}
          onChange={(e) => {
            const { stored } = editShown(display, e.target.value, e.target.selectionEnd);
            onChange(stored);
            suggest.update();
          }}
          onSelect={suggest.update}
          onKeyDown={(e) => {
            if (suggest.onKeyDown(e)) return;
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && onSubmitKey) {
              e.preventDefault();
              onSubmitKey();
            }
          }}
          onBlur={suggest.close}
        />
        {suggest.list}
      </div>
      {suggest.note && (
        <p className="field-note" role="status">
          {suggest.note}
        </p>
      )}
    </div>
  );
}
