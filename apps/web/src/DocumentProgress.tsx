/** A document's progress in the document list: claims checked of all (a bar and its words) and claims per verdict. */
import type { DocumentMeta } from './api.ts';
import { VerdictChip } from './editor/fields.tsx';

/** "3 of 4 claims checked", a bar, and a chip per verdict with its count; "No claims marked yet" before any. */
export function DocumentProgress({ progress }: { progress: NonNullable<DocumentMeta['progress']> }) {
  const { claims, checked, verdicts, scale } = progress;
  if (claims === 0) return <span className="document-progress muted">No claims marked yet</span>;
  const words = `${checked} of ${claims} ${claims === 1 ? 'claim' : 'claims'} checked`;
  return (
    <span className="document-progress">
      <progress max={claims} value={checked} aria-label={words} />
      <span className="progress-words">{words}</span>
      <ul className="verdict-counts" aria-label="Claims by verdict">
        {verdicts.map((v) => (
          <li key={v.label}>
            <VerdictChip scale={scale} verdict={v.label} /> {v.count}
          </li>
        ))}
      </ul>
    </span>
  );
}
