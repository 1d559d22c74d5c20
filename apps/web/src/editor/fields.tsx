/** The workspace's shared field components: verdict chip and picker, links, threads, select fields, form textareas. */
import type { Message, RatingScale } from '@factmark/collab';
import { BODY_LIMITS, isHttpUrl, messageField } from '@factmark/collab';
import { shorten } from '@factmark/editor';
import { type CSSProperties, type ReactNode, useId, useRef, useState } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { timeFormatter } from '../time-format.ts';
import { MentionText, MentionTextarea } from './MentionField.tsx';
import type { MentionPeople } from './mention-people.ts';
import { SharedTextField } from './SharedTextField.tsx';
import { domainOf, verdictColor, verdictSymbol, verdictTone } from './workspace-model.ts';

/** A label's own colour on a chip: its border and a tint behind the (tone-coloured, readable) text. */
function chipColor(scale: RatingScale, verdict: string | null): CSSProperties | undefined {
  const color = verdictColor(scale, verdict);
  return color ? { borderColor: color, background: `${color}26` } : undefined;
}

/** A label's own colour on a picker option: its border, and its fill once chosen (the option's `--tone`). */
function optionColor(scale: RatingScale, verdict: string | null): CSSProperties | undefined {
  const color = verdictColor(scale, verdict);
  return color ? ({ borderColor: color, '--tone': color } as CSSProperties) : undefined;
}

/** A verdict shown as a chip: colour, a symbol and the label, so it reads without colour too. */
export function VerdictChip({ scale, verdict }: { scale: RatingScale; verdict: string | null }) {
  return (
    <span className={`verdict-chip tone-${verdictTone(scale, verdict)}`} style={chipColor(scale, verdict)}>
      <span aria-hidden="true" className="verdict-symbol">
        {verdictSymbol(scale, verdict)}
      </span>
      {verdict ?? 'No verdict'}
    </span>
  );
}

/** The verdict picker: one radio button per label of the document's scale (plus "none"). */
export function VerdictPicker(props: {
  scale: RatingScale;
  value: string | null;
  onChange: (verdict: string | null) => void;
  disabled?: boolean;
}) {
  const name = useId();
  const options: (string | null)[] = [...props.scale.labels.map((l) => l.label), null];
  return (
    <fieldset className="verdict-picker" disabled={props.disabled}>
      <legend>Verdict</legend>
      {options.map((label) => (
        <label
          key={label ?? '(none)'}
          className={`verdict-option tone-${verdictTone(props.scale, label)}`}
          style={optionColor(props.scale, label)}
        >
          <input type="radio" name={name} checked={props.value === label} onChange={() => props.onChange(label)} />
          <span aria-hidden="true" className="verdict-symbol">
            {verdictSymbol(props.scale, label)}
          </span>
          {label ?? 'None yet'}
        </label>
      ))}
    </fieldset>
  );
}

/** A link to a source's URL, shown only when it is http(s), with its domain; otherwise plain text. */
export function SourceLink({ url, children }: { url: string; children: ReactNode }) {
  if (!isHttpUrl(url)) return <span>{children}</span>;
  return (
    <span className="source-link">
      <a href={url} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>{' '}
      <span className="domain">({domainOf(url)})</span>
    </span>
  );
}

/** A discussion thread and a box to reply to it. */
export function Thread(props: {
  messages: readonly Message[];
  onReply: (text: string) => void;
  disabled?: boolean;
  label: string;
  /** Where its messages live, so their authors can edit them (as collaborative text); absent: read only. */
  edit?: { session: DocumentSession; id: string };
  /** Who messages may mention (names for mentions, suggestions after "@"). */
  people?: MentionPeople;
}) {
  const [text, setText] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <div className="thread">
      {props.messages.length > 0 && (
        <ol className="messages" aria-label={`${props.label}: messages`}>
          {props.messages.map((m) => (
            <MessageItem key={m.id} message={m} edit={props.disabled ? undefined : props.edit} people={props.people} />
          ))}
        </ol>
      )}
      {!props.disabled && (
        <form
          ref={formRef}
          className="reply"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim() === '') return;
            props.onReply(text);
            setText('');
          }}
        >
          <MentionTextarea
            label={props.messages.length > 0 ? 'Reply' : 'Add a note'}
            value={text}
            maxLength={BODY_LIMITS.message}
            people={props.people}
            onChange={setText}
            onSubmitKey={() => formRef.current?.requestSubmit()}
          />
          <button type="submit" disabled={text.trim() === ''}>
            {props.messages.length > 0 ? 'Reply' : 'Post'}
          </button>
        </form>
      )}
    </div>
  );
}

/** A time for people, in their locale. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return timeFormatter().format(date);
}

/** One choice of a {@link SelectField}: its value and the words shown for it. */
export interface Choice {
  value: string;
  label: string;
}

/** A labelled select: the field's label above it, the choices in order (the first may mean "any"). */
export function SelectField(props: {
  label: string;
  value: string;
  choices: readonly Choice[];
  onChange: (value: string) => void;
  disabled?: boolean;
  className?: string;
}) {
  const { label, value, choices, onChange, disabled, className } = props;
  const id = useId();
  // The label names the select by reference: wrapped around it, its name would read out every option.
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The choices of a label table, in the order of `values`. */
export function choicesOf<T extends string>(values: readonly T[], labels: Record<T, string>): Choice[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

/** The choices of a "For the claim" select: none, then each claim by its words in the article. */
export function claimChoices(entries: readonly { id: string; kind: string; text: string }[]): Choice[] {
  return [
    { value: '', label: 'No claim (counts for the claims around it)' },
    ...entries.filter((e) => e.kind === 'claim').map((c) => ({ value: c.id, label: `“${shorten(c.text, 60)}”` })),
  ];
}

/** One message: author, time, "edited", and its text — an Edit button opens it as a shared field for its author. */
function MessageItem({
  message: m,
  edit,
  people,
}: {
  message: Message;
  edit: { session: DocumentSession; id: string } | undefined;
  people: MentionPeople | undefined;
}) {
  const [editing, setEditing] = useState(false);
  const mine = edit !== undefined && m.author.id === edit.session.user.id;
  return (
    <li>
      <span className="message-author">{m.author.name}</span>{' '}
      <time className="muted" dateTime={m.createdAt}>
        {formatTime(m.createdAt)}
      </time>
      {m.editedAt && <span className="muted"> (edited)</span>}
      {mine && edit && editing ? (
        <>
          <SharedTextField
            session={edit.session}
            id={edit.id}
            field={messageField(m.id)}
            label="Your message"
            what="the message"
            limit={BODY_LIMITS.message}
            required="A message cannot be empty"
            people={people}
          />
          <button type="button" onClick={() => setEditing(false)}>
            Done
          </button>
        </>
      ) : (
        <>
          <p className="message-text">
            <MentionText text={m.text} people={people} />
          </p>
          {mine && (
            <button type="button" className="quiet" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
        </>
      )}
    </li>
  );
}

/** A labelled textarea for a draft the form keeps (committed when the form is sent). */
export function TextAreaField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  maxLength?: number;
}) {
  const { label, value, onChange, rows = 3, maxLength } = props;
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <textarea rows={rows} value={value} maxLength={maxLength} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
