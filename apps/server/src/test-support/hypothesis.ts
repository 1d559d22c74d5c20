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
