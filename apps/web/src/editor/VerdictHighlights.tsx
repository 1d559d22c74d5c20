/**
 * Claim highlights in their verdict's colour and underline style (so they
 * are told apart without colour too), and the legend that explains them.
 * The marks carry only an id: the verdict lives in the body, so the colours
 * come from a style sheet written from the snapshot, one rule per tone.
 */
import type { RatingScale } from '@factmark/collab';
import { annotationClass } from '@factmark/editor';
import { useMemo } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import {
  isClaim,
  labelColor,
  type VerdictTone,
  verdictSymbol,
  verdictTone,
  type WorkspaceEntry,
} from './workspace-model.ts';

/** The style sheet giving each claim its verdict's look (claims without a verdict keep the default). */
export function VerdictHighlights({ session }: { session: DocumentSession }) {
  // The look depends on the bodies alone: typing inside a highlight does not write the sheet again.
  const annotations = useSnapshot(session, (s) => s.byBody);
  const scale = useSnapshot(session, (s) => s.scale);
  const css = useMemo(() => styleSheetOf(annotations, scale), [annotations, scale]);
  return <style>{css}</style>;
}

/**
 * One rule per look (a label's own colour, else its tone's), listing the claims that have it. Linear in the
 * claims (each look worked out once per label): it runs whenever an annotation changes.
 */
function styleSheetOf(annotations: readonly WorkspaceEntry[], scale: RatingScale): string {
  const lookOf = new Map<string, string>();
  const byLook = new Map<string, string[]>();
  for (const entry of annotations) {
    const own = annotationClass(entry.id);
    if (!isClaim(entry.body) || entry.body.verdict === null || own === null) continue;
    const label = entry.body.verdict;
    let look = lookOf.get(label);
    if (look === undefined) {
      look = cssOf(highlightOf(scale, label));
      lookOf.set(label, look);
    }
    let ids = byLook.get(look);
    if (!ids) {
      ids = [];
      byLook.set(look, ids);
    }
    // By the highlight's own class: an attribute selector is tested against every highlight (see annotationClass).
    ids.push(`.fm-claim.${own}`);
  }
  return [...byLook].map(([look, selectors]) => `${selectors.join(',')}{${look}}`).join('\n');
}

/** Each tone's underline style (the style differs by tone, so verdicts are told apart without colour). */
const TONE_UNDERLINE: Record<VerdictTone, string> = {
  good: '2px solid',
  'mostly-good': '2px dashed',
  mixed: '2px dotted',
  'mostly-bad': '3px double',
  bad: '3px solid',
  neutral: '2px dashed',
};

/** No verdict yet: the default claim highlight (styles.css). */
const NO_VERDICT = { background: 'var(--claim)', borderBottom: '2px solid var(--claim-edge)' };

/** The highlight of a verdict: a tint of its label's colour and an underline in its tone's style. */
export function highlightOf(scale: RatingScale, label: string | null): { background: string; borderBottom: string } {
  if (label === null) return NO_VERDICT;
  const color = labelColor(scale, label);
  return { background: `${color}2e`, borderBottom: `${TONE_UNDERLINE[verdictTone(scale, label)]} ${color}` };
}

function cssOf({ background, borderBottom }: { background: string; borderBottom: string }): string {
  return `background:${background};border-bottom:${borderBottom}`;
}

/** The legend of the highlights: each label of the scale with its symbol and look, and "no verdict yet". */
export function VerdictLegend({ scale }: { scale: RatingScale }) {
  const labels: (string | null)[] = [null, ...scale.labels.map((l) => l.label)];
  return (
    <ul className="verdict-legend" aria-label="Claim highlights">
      {labels.map((label) => (
        <li key={label ?? '(none)'}>
          <span className="legend-swatch" style={highlightOf(scale, label)} aria-hidden="true">
            {verdictSymbol(scale, label)}
          </span>
          {label ?? 'No verdict yet'}
        </li>
      ))}
    </ul>
  );
}
