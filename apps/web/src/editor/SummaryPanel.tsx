/** The summary panel: claims by verdict and by status, and what the check still lacks before publishing. */

import { may } from '@factmark/collab';
import { useMemo } from 'react';
import type { DocumentSession } from '../session/document-session.ts';
import { citedClaims } from '../session/ui-state.ts';
import { useSnapshot, whole } from '../session/use-snapshot.ts';
import { ScaleEditor } from './ScaleEditor.tsx';
import { VerdictLegend } from './VerdictHighlights.tsx';
import { summarize, verdictSymbol, verdictTone } from './workspace-model.ts';

const BAR_HEIGHT = 18;
const LABEL_WIDTH = 110;
const CHART_WIDTH = 300;

/** The state of the check: claims by verdict (a small bar chart with the numbers), and what is still missing. */
export function SummaryPanel({ session }: { session: DocumentSession }) {
  const snap = useSnapshot(session, whole);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the spans change with the annotations' snapshot
  const cited = useMemo(
    () => citedClaims(session.view.state, new Map(snap.annotations.map((e) => [e.id, e.body]))),
    [session, snap.annotations],
  );
  const summary = useMemo(() => summarize(snap.annotations, snap.scale, cited), [snap.annotations, snap.scale, cited]);
  const max = Math.max(1, ...summary.byVerdict.map((b) => b.count));
  const barSpace = CHART_WIDTH - LABEL_WIDTH - 30;
  const description = summary.byVerdict.map((b) => `${b.label}: ${b.count}`).join(', ');
  const go = (id: string) => session.setActive(id, true);
  return (
    <section className="panel summary-panel" aria-labelledby="summary-heading">
      <h3 id="summary-heading">Summary</h3>
      <p>
        {summary.claims} {summary.claims === 1 ? 'claim' : 'claims'} · {summary.withoutVerdict.length} without verdict ·{' '}
        {summary.withoutSources.length} without sources · {summary.pendingCorrections.length} pending{' '}
        {summary.pendingCorrections.length === 1 ? 'correction' : 'corrections'} · {summary.openComments} open{' '}
        {summary.openComments === 1 ? 'comment' : 'comments'}
      </p>
      <svg
        className="verdict-chart"
        role="img"
        aria-label={`Claims by verdict: ${description}`}
        width={CHART_WIDTH}
        height={summary.byVerdict.length * (BAR_HEIGHT + 6)}
      >
        {summary.byVerdict.map((b, i) => {
          const y = i * (BAR_HEIGHT + 6);
          return (
            <g key={b.label} data-verdict={b.label} data-count={b.count}>
              <text x={0} y={y + BAR_HEIGHT - 5} className="chart-label">
                {verdictSymbol(snap.scale, b.label)} {b.label}
              </text>
              <rect
                x={LABEL_WIDTH}
                y={y}
                height={BAR_HEIGHT}
                width={(b.count / max) * barSpace}
                className={`bar tone-${verdictTone(snap.scale, b.label)}`}
              />
              <text x={LABEL_WIDTH + (b.count / max) * barSpace + 4} y={y + BAR_HEIGHT - 5} className="chart-count">
                {b.count}
              </text>
            </g>
          );
        })}
      </svg>
      <VerdictLegend scale={snap.scale} />
      {may(snap.role, 'changeScale') && snap.error === null && <ScaleEditor session={session} />}
      <ClaimList title="Claims without a verdict" items={summary.withoutVerdict} onOpen={go} />
      <ClaimList title="Claims without sources" items={summary.withoutSources} onOpen={go} />
      <h4>Pending corrections</h4>
      {summary.pendingCorrections.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul>
          {summary.pendingCorrections.map((c) => (
            <li key={c.id}>
              <button type="button" className="link" onClick={() => go(c.id)}>
                <del>{c.original}</del> → <ins>{c.proposed || '(delete)'}</ins>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ClaimList(props: { title: string; items: { id: string; statement: string }[]; onOpen: (id: string) => void }) {
  return (
    <>
      <h4>{props.title}</h4>
      {props.items.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul>
          {props.items.map((c) => (
            <li key={c.id}>
              <button type="button" className="link" onClick={() => props.onOpen(c.id)}>
                {c.statement}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
