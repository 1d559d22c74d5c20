/** A Hypothesis export as its API answers (`{ rows }`), built from a few annotations of quoted text. */

/** One annotation of the export: who, what they wrote, its tags, and the text it quotes. */
export interface HypothesisRow {
  id: string;
  user: string;
  text: string;
  tags?: string[];
  exact: string;
}

/** Hypothesis' own JSON for `rows`: each an annotation by an `acct:` user, targeting its quote. */
export function hypothesisRows(rows: readonly HypothesisRow[]) {
  return rows.map(({ id, user, text, tags, exact }) => ({
    id,
    user: `acct:${user}@hypothes.is`,
    text,
    ...(tags ? { tags } : {}),
    target: [{ source: 'x', selector: [{ type: 'TextQuoteSelector', exact }] }],
  }));
}

/** The export's JSON text. */
export function hypothesisExport(rows: readonly HypothesisRow[]): string {
  return JSON.stringify({ rows: hypothesisRows(rows) });
}

/** A claim a tipline files through the import API: one Hypothesis annotation on the demo article's opening figure. */
export const TIPLINE_CLAIM = {
  format: 'hypothesis',
  data: hypothesisRows([
    {
      id: 'h1',
      user: 'dana',
      text: 'Is this the ministry figure?',
      tags: ['claim'],
      exact: 'More than 50,000 soldiers',
    },
  ]),
};
