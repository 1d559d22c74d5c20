/** A secret the server shows once — a new access token, a webhook's signing secret — with what to do with it. */

/** The notice: `words` say what to do, the secret is in a read-only field that selects itself to copy. */
export function ShownOnce({ words, label, value }: { words: string; label: string; value: string }) {
  return (
    <div className="notice" role="status">
      <p>{words}</p>
      <input readOnly value={value} aria-label={label} onFocus={(e) => e.target.select()} />
    </div>
  );
}
