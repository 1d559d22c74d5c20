/** A Hypothesis export as its API answers (`{ rows }`), built from a few annotations of quoted text. */

/** One annotation of the export: who, what they wrote, its tags, and the text it quotes. */
export interface HypothesisRow {
  id: string;
  user: string;
  text: string;
  tags?: string[];
  exact: string;
}

/** The export's JSON text. */
export function hypothesisExport(rows: readonly HypothesisRow[]): string {
  return JSON.stringify({
    rows: rows.map(({ id, user, text, tags, exact }) => ({
      id,
      user: `acct:${user}@hypothes.is`,
      text,
      ...(tags ? { tags } : {}),
      target: [{ source: 'x', selector: [{ type: 'TextQuoteSelector', exact }] }],
    })),
  });
}

/** A claim a tipline files through the import API: one Hypothesis annotation on the demo article's opening figure. */
export const TIPLINE_CLAIM = {
  format: 'hypothesis',
  data: [
    {
      id: 'h1',
      user: 'acct:dana@hypothes.is',
      text: 'Is this the ministry figure?',
      tags: ['claim'],
      target: [{ source: 'x', selector: [{ type: 'TextQuoteSelector', exact: 'More than 50,000 soldiers' }] }],
    },
  ],
} as const;
