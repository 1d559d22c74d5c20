/**
 * Scoring hints against labelled spans: a hint is right when a label of the
 * same kind overlaps it; per kind, precision and recall; overall, a claim
 * hint is right when it overlaps any claim label, a slip when it overlaps a
 * slip label of its kind; and how many slips' corrections read as labelled.
 */
import { HINT_KINDS, type HintKind } from './hint.ts';

/** A span with a kind (a hint or a label). */
export interface Scored {
  kind: HintKind;
  start: number;
  end: number;
}

/** Precision and recall with their counts. */
export interface Score {
  predicted: number;
  labelled: number;
  /** Predictions that overlap a label. */
  right: number;
  /** Labels some prediction overlaps. */
  found: number;
  precision: number;
  recall: number;
}

const overlaps = (a: Scored, b: Scored) => a.start < b.end && b.start < a.end;

function score(predicted: Scored[], labelled: Scored[], same: (p: Scored, l: Scored) => boolean): Score {
  const right = predicted.filter((p) => labelled.some((l) => same(p, l) && overlaps(p, l))).length;
  const found = labelled.filter((l) => predicted.some((p) => same(p, l) && overlaps(p, l))).length;
  return {
    predicted: predicted.length,
    labelled: labelled.length,
    right,
    found,
    precision: predicted.length ? right / predicted.length : 1,
    recall: labelled.length ? found / labelled.length : 1,
  };
}

/** Per kind and overall, over a set of articles (each with its predictions and labels). */
export function evaluate(articles: { predicted: Scored[]; labelled: Scored[] }[]) {
  const perKind = {} as Record<HintKind, Score>;
  const sum = (pick: (a: { predicted: Scored[]; labelled: Scored[] }) => Score): Score => {
    const parts = articles.map(pick);
    const total = { predicted: 0, labelled: 0, right: 0, found: 0 };
    for (const p of parts) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += p[k];
    return {
      ...total,
      precision: total.predicted ? total.right / total.predicted : 1,
      recall: total.labelled ? total.found / total.labelled : 1,
    };
  };
  for (const kind of Object.keys(HINT_KINDS) as HintKind[]) {
    perKind[kind] = sum((a) =>
      score(
        a.predicted.filter((p) => p.kind === kind),
        a.labelled.filter((l) => l.kind === kind),
        () => true,
      ),
    );
  }
  const group = (g: 'claim' | 'slip') => (s: Scored) => HINT_KINDS[s.kind].group === g;
  const claims = sum((a) => score(a.predicted.filter(group('claim')), a.labelled.filter(group('claim')), () => true));
  const slips = sum((a) =>
    score(a.predicted.filter(group('slip')), a.labelled.filter(group('slip')), (p, l) => p.kind === l.kind),
  );
  const all = sum((a) =>
    score(
      a.predicted,
      a.labelled,
      (p, l) =>
        HINT_KINDS[p.kind].group === HINT_KINDS[l.kind].group &&
        (HINT_KINDS[p.kind].group === 'claim' || p.kind === l.kind),
    ),
  );
  return { perKind, claims, slips, all };
}
