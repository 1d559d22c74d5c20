/** The margin's search and filters: kind, verdict, status, assignee and author, and clearing them. */
import { CLAIM_STATUSES } from '@factmark/collab';
import { ANNOTATION_KINDS, type AnnotationKind } from '@factmark/editor';
import { memo } from 'react';
import { KIND_LABELS, STATUS_LABELS } from '../labels.ts';
import type { CardContext } from './AnnotationCard.tsx';
import { type Choice, choicesOf, SelectField } from './fields.tsx';
import {
  authorsOf,
  isFiltering,
  type MarginFilter,
  NO_FILTER,
  NO_VERDICT,
  UNASSIGNED,
  type WorkspaceEntry,
} from './workspace-model.ts';

/** Everyone a claim may be filtered by as assignee: the members, and whoever claims are assigned to. */
function assigneeChoices(entries: readonly WorkspaceEntry[], ctx: CardContext): Choice[] {
  const assignees = new Map<string, string>();
  for (const m of ctx.members) assignees.set(m.user.id, m.user.name);
  for (const e of entries)
    if (e.body?.kind === 'claim' && e.body.assignee) assignees.set(e.body.assignee.id, e.body.assignee.name);
  return [...assignees].map(([value, label]) => ({ value, label }));
}

/** The search box and the filters (rendered again only when its props change: see the snapshot's `byBody`). */
export const MarginFilters = memo(function MarginFilters(props: {
  entries: WorkspaceEntry[];
  filter: MarginFilter;
  onChange: (f: MarginFilter) => void;
  ctx: CardContext;
}) {
  const { entries, filter, onChange, ctx } = props;
  const set = (key: keyof MarginFilter) => (value: string) => onChange({ ...filter, [key]: value });
  const verdicts = ctx.scale.labels.map((l) => ({ value: l.label, label: l.label }));
  const authors = authorsOf(entries).map((a) => ({ value: a.id, label: a.name }));
  return (
    <search className="filters" aria-label="Filter annotations">
      <label className="field search">
        <span className="field-label">Search</span>
        <input
          type="search"
          value={filter.query}
          onChange={(e) => set('query')(e.target.value)}
          placeholder="Text, source, publisher, category, note…"
        />
      </label>
      <details className="more-filters">
        <summary>Filters</summary>
        <div className="filter-row">
          <SelectField
            label="Kind"
            value={filter.kind}
            onChange={(kind) => onChange({ ...filter, kind: kind as AnnotationKind | '' })}
            choices={[{ value: '', label: 'All' }, ...choicesOf(ANNOTATION_KINDS, KIND_LABELS)]}
          />
          <SelectField
            label="Verdict"
            value={filter.verdict}
            onChange={set('verdict')}
            choices={[{ value: '', label: 'Any' }, ...verdicts, { value: NO_VERDICT, label: 'No verdict' }]}
          />
          <SelectField
            label="Status"
            value={filter.status}
            onChange={set('status')}
            choices={[{ value: '', label: 'Any' }, ...choicesOf(CLAIM_STATUSES, STATUS_LABELS)]}
          />
          <SelectField
            label="Assignee"
            value={filter.assignee}
            onChange={set('assignee')}
            choices={[
              { value: '', label: 'Anyone' },
              { value: UNASSIGNED, label: 'Unassigned' },
              ...assigneeChoices(entries, ctx),
            ]}
          />
          <SelectField
            label="Author"
            value={filter.author}
            onChange={set('author')}
            choices={[{ value: '', label: 'Anyone' }, ...authors]}
          />
        </div>
      </details>
      {isFiltering(filter) && (
        <button type="button" className="quiet" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      )}
    </search>
  );
});
