/**
 * The rating scale editor: the document's verdict labels, their values and
 * order, their colours, and which values are best and worst (a label's
 * symbol, and its colour unless the desk picks one, follow from its place
 * between them; labels outside, like "Unverifiable", are no rating of truth). Saved as one change; a scale that drops a label
 * claims still use is refused with those claims' words.
 */
import type { RatingLabel, RatingScale } from '@factmark/collab';
import { useEffect, useState } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { labelColor, verdictSymbol } from './workspace-model.ts';

/** Move item `i` of `list` by `step` places. */
function moved<T>(list: readonly T[], i: number, step: -1 | 1): T[] {
  const j = i + step;
  if (j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j] as T, out[i] as T];
  return out;
}

/** One label of the scale being edited: its text and value, moved up or down, removed. */
function LabelRow(props: {
  index: number;
  label: RatingLabel;
  scale: RatingScale;
  onChange: (update: (d: RatingScale) => RatingScale) => void;
}) {
  const { index: i, label: l, scale, onChange } = props;
  const patch = (p: Partial<RatingLabel>) =>
    onChange((d) => ({ ...d, labels: d.labels.map((x, k) => (k === i ? { ...x, ...p } : x)) }));
  const move = (step: -1 | 1) => onChange((d) => ({ ...d, labels: moved(d.labels, i, step) }));
  return (
    <li>
      <span aria-hidden="true" className="verdict-symbol">
        {verdictSymbol(scale, l.label)}
      </span>
      <input aria-label={`Label ${i + 1}`} value={l.label} onChange={(e) => patch({ label: e.target.value })} />
      <input
        aria-label={`Value of ${l.label || `label ${i + 1}`}`}
        type="number"
        value={l.value}
        onChange={(e) => patch({ value: Number(e.target.value) })}
      />
      <input
        aria-label={`Colour of ${l.label || `label ${i + 1}`}`}
        type="color"
        value={labelColor(scale, l.label)}
        onChange={(e) => patch({ color: e.target.value })}
      />
      {l.color && (
        <button type="button" className="quiet" onClick={() => patch({ color: undefined })}>
          Default colour
        </button>
      )}
      <button type="button" aria-label={`Move ${l.label} up`} onClick={() => move(-1)}>
        ↑
      </button>
      <button type="button" aria-label={`Move ${l.label} down`} onClick={() => move(1)}>
        ↓
      </button>
      <button
        type="button"
        aria-label={`Remove ${l.label}`}
        onClick={() => onChange((d) => ({ ...d, labels: d.labels.filter((_, k) => k !== i) }))}
      >
        ×
      </button>
    </li>
  );
}

/** The scale's best and worst values (a label's place between them gives its symbol and tone). */
function Bounds({
  draft,
  onChange,
}: {
  draft: RatingScale;
  onChange: (update: (d: RatingScale) => RatingScale) => void;
}) {
  return (
    <div className="field-row">
      <label className="field">
        <span className="field-label">Best value</span>
        <input
          type="number"
          value={draft.best}
          onChange={(e) => onChange((d) => ({ ...d, best: Number(e.target.value) }))}
        />
      </label>
      <label className="field">
        <span className="field-label">Worst value</span>
        <input
          type="number"
          value={draft.worst}
          onChange={(e) => onChange((d) => ({ ...d, worst: Number(e.target.value) }))}
        />
      </label>
    </div>
  );
}

/** The editor, for roles that may change the scale. */
export function ScaleEditor({ session }: { session: DocumentSession }) {
  const scale = useSnapshot(session, (s) => s.scale);
  const [draft, setDraft] = useState<RatingScale>(scale);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // A colleague's change to the scale shows while nobody edits it here.
  useEffect(() => {
    if (!open) setDraft(scale);
  }, [scale, open]);
  const save = () => {
    const labels = draft.labels.map((l) => ({
      label: l.label.trim(),
      value: Number(l.value),
      ...(l.color ? { color: l.color } : {}),
    }));
    session.run((f) => f.setRatingScale({ ...draft, labels }));
    // A refused scale leaves its reason as the page's notice (nothing was changed); it is said here too.
    const notice = session.getSnapshot().notice;
    setProblem(notice);
    if (notice === null) setOpen(false);
  };
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Edit the rating scale…
      </button>
    );
  return (
    <fieldset className="scale-editor">
      <legend>Rating scale</legend>
      <ol>
        {draft.labels.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the label text itself changes
          <LabelRow key={i} index={i} label={l} scale={draft} onChange={setDraft} />
        ))}
      </ol>
      <button
        type="button"
        onClick={() => setDraft((d) => ({ ...d, labels: [...d.labels, { label: '', value: d.worst }] }))}
      >
        Add a label
      </button>
      <Bounds draft={draft} onChange={setDraft} />
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={save}>
          Save the scale
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(scale);
            setProblem(null);
            setOpen(false);
          }}
        >
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
