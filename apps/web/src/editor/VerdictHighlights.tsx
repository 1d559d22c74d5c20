/**
 * Claim highlights in their verdict's colour and underline style (so they
 * are told apart without colour too), and the legend that explains them.
 * The marks carry only an id: the verdict lives in the body, so the colours
 * come from a style sheet written from the snapshot, one rule per tone.
 */
import type { RatingScale } from '@factmark/collab';
import type { DocumentSession } from '../session/document-session.ts';
import { useSnapshot } from '../session/use-snapshot.ts';
import { isClaim, type VerdictTone, verdictSymbol, verdictTone } from './workspace-model.ts';

/** Ids as the schema allows them in marks; anything else is left out of the style sheet. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The style sheet giving each claim its verdict's look (claims without a verdict keep the default). */
export function VerdictHighlights({ session }: { session: DocumentSession }) {
  const annotations = useSnapshot(session, (s) => s.annotations);
  const scale = useSnapshot(session, (s) => s.scale);
  const byTone = new Map<VerdictTone, string[]>();
  for (const entry of annotations) {
    if (!isClaim(entry.body) || entry.body.verdict === null || !SAFE_ID.test(entry.id)) continue;
    const tone = verdictTone(scale, entry.body.verdict);
    byTone.set(tone, [...(byTone.get(tone) ?? []), entry.id]);
  }
  const css = [...byTone]
    .map(([tone, ids]) => `${ids.map((id) => `.fm-claim[data-claim="${id}"]`).join(',')}{${cssOf(tone)}}`)
    .join('\n');
  return <style>{css}</style>;
}

/** Each tone's highlight: a tinted background and an underline whose style differs by tone. */
const TONE_HIGHLIGHT: Record<VerdictTone | 'none', { background: string; borderBottom: string }> = {
  good: { background: 'rgba(30,142,62,.18)', borderBottom: '2px solid #1e8e3e' },
  'mostly-good': { background: 'rgba(18,133,138,.18)', borderBottom: '2px dashed #12858a' },
  mixed: { background: 'rgba(176,120,0,.2)', borderBottom: '2px dotted #b07800' },
  'mostly-bad': { background: 'rgba(201,86,13,.18)', borderBottom: '3px double #c9560d' },
  bad: { background: 'rgba(217,48,37,.16)', borderBottom: '3px solid #d93025' },
  neutral: { background: 'rgba(128,134,139,.18)', borderBottom: '2px dashed #80868b' },
  // No verdict yet: the default claim highlight (styles.css).
  none: { background: 'var(--claim)', borderBottom: '2px solid var(--claim-edge)' },
};

function cssOf(tone: VerdictTone): string {
  const { background, borderBottom } = TONE_HIGHLIGHT[tone];
  return `background:${background};border-bottom:${borderBottom}`;
}

/** The legend of the highlights: each label of the scale with its symbol and look, and "no verdict yet". */
export function VerdictLegend({ scale }: { scale: RatingScale }) {
  const labels: (string | null)[] = [null, ...scale.labels.map((l) => l.label)];
  return (
    <ul className="verdict-legend" aria-label="Claim highlights">
      {labels.map((label) => (
        <li key={label ?? '(none)'}>
          <span
            className="legend-swatch"
            style={TONE_HIGHLIGHT[label === null ? 'none' : verdictTone(scale, label)]}
            aria-hidden="true"
          >
            {verdictSymbol(scale, label)}
          </span>
          {label ?? 'No verdict yet'}
        </li>
      ))}
    </ul>
  );
}
