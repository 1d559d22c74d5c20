/**
 * Export → import loses nothing: a document with every kind of annotation, orphans, an applied and a rejected
 * correction and replies, exported as W3C Web Annotations and imported into a fresh document with the same text,
 * comes back with the same spans, bodies, sources, threads, orphans, corrections log and corrected-article notice.
 */
import { annotationBodies, bodyToYMap, validateBody } from '@factmark/collab';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Check, readCheck } from './check.ts';
import { correctedArticleHtml } from './corrected.ts';
import { importW3C } from './import.ts';
import { ALICE, DocBuilder, T0, withoutSecondReviewer } from './test-support/builder.ts';
import { validateAnnotation } from './test-support/validate-annotation.ts';
import { exportW3C, FACTMARK, webAnnotations } from './w3c.ts';

const OPTIONS = {
  articleUrl: 'https://nordwire.example/2026/03/14/varnia-drills',
  documentUrl: 'https://desk.example/d/abc123abc123',
};
const BRUNO = { id: 'u-bruno', name: 'Bruno' };
const message = (id: string, text: string, author = ALICE) => ({ id, author, text, createdAt: T0 });

/** One of everything: claims, a citation, a pending, an applied and a rejected correction, threads, two orphans. */
function everything(): DocBuilder {
  const b = new DocBuilder();
  const mod = b.source({ url: 'https://mod.example/briefing', title: 'Ministry briefing, 14 March' });
  const claim = b.annotate('claim', 'More than 50,000 soldiers and 140 aircraft', {
    verdict: 'Mostly false',
    rationale: 'The briefing gave 35,000 soldiers.',
    status: 'checked',
    sourceIds: [mod],
    thread: [message('m1', 'Checked with the transcript.', BRUNO)],
  });
  b.annotate('citation', '4.2 billion crowns', {
    sourceId: mod,
    excerpt: 'Defence: 4.2 bn',
    stance: 'refutes',
    claimId: claim,
  });
  b.annotate('correction', 'Oleg Taran said', { proposed: 'Oleg Taran told reporters' });
  const applied = b.annotate('correction', 'hostile', {
    original: 'hostile or hostile',
    proposed: 'hostile',
    category: 'mistranslation',
    state: 'accepted',
    decidedBy: ALICE,
    decidedAt: T0,
  });
  b.log({
    correctionId: applied,
    decision: 'accepted',
    original: 'hostile or hostile',
    proposed: 'hostile',
    category: 'mistranslation',
  });
  const rejected = b.annotate('correction', 'said at a briefing', {
    proposed: 'told a briefing',
    state: 'rejected',
    decidedBy: BRUNO,
    decidedAt: T0,
  });
  b.log({
    correctionId: rejected,
    decision: 'rejected',
    original: 'said at a briefing',
    proposed: 'told a briefing',
    category: 'other',
    decidedBy: BRUNO,
  });
  b.annotate('comment', 'said on Monday', {
    thread: [message('c1', 'Monday or Tuesday?'), message('c2', 'Tuesday, per the wire.', BRUNO)],
  });
  // Two orphans: their words are gone from the article.
  const orphan = (id: string, fields: Record<string, unknown>) =>
    annotationBodies(b.doc).set(
      id,
      bodyToYMap(
        validateBody({
          id,
          quote: 'words long gone',
          author: ALICE,
          createdAt: T0,
          updatedAt: T0,
          updatedBy: ALICE,
          ...fields,
        }),
      ),
    );
  orphan('orphan-claim', {
    kind: 'claim',
    statement: 'The drills began on Sunday',
    verdict: 'False',
    rationale: 'They began on Tuesday.',
    status: 'checked',
    assignee: null,
    sourceIds: [],
    thread: [],
  });
  orphan('orphan-comment', {
    kind: 'comment',
    resolved: true,
    resolvedBy: BRUNO,
    resolvedAt: T0,
    thread: [
      message('o1', 'This paragraph was cut.'),
      message('o2', 'Yes, by the wire.', BRUNO),
      message('o3', 'Fine.'),
    ],
  });
  return b;
}

/** What must survive, without the Yjs anchors (they belong to one document). */
function comparable(check: Check) {
  const plain = ({ anchorStart: _a, anchorEnd: _b, anchorSv: _c, ...body }: Check['orphans'][number]) => body;
  return {
    spans: check.spans.map((s) => ({ start: s.start, end: s.end, text: s.text, body: plain(s.body) })),
    orphans: check.orphans.map(plain).sort((a, b) => a.id.localeCompare(b.id)),
    sources: [...check.sources.values()],
    log: check.log.map(({ replaced: _r, ...e }) => e),
  };
}

describe('W3C export and import lose nothing', () => {
  it('round-trips every kind, orphans, an applied and a rejected correction, replies, the log and the notice', () => {
    const before = readCheck(everything().doc);
    expect(before.orphans).toHaveLength(2);
    const file = JSON.parse(JSON.stringify(exportW3C(before, OPTIONS)));
    // Exactly, in a document whose owner turned the second-reviewer rule off (with it on, reviews are not imported).
    const doc = withoutSecondReviewer(new DocBuilder().doc);
    const report = importW3C(doc, file, ALICE);
    const after = readCheck(doc);
    expect(comparable(after)).toEqual(comparable(before));
    expect(correctedArticleHtml(after, { url: OPTIONS.articleUrl })).toBe(
      correctedArticleHtml(before, { url: OPTIONS.articleUrl }),
    );
    // Replies counted: one on the claim, one on the comment, two on the orphaned comment.
    expect(report.replies).toBe(4);
    expect(report.orphaned.map((o) => [o.quote, o.reason])).toEqual([
      ['words long gone', 'it was an orphan when exported'],
      ['words long gone', 'it was an orphan when exported'],
    ]);
    expect(report.skipped).toEqual([]);
    // Imported again, the copies get new ids, and the log entries follow them: each names a correction that exists.
    importW3C(doc, file, ALICE);
    const again = readCheck(doc);
    const corrections = new Set(again.spans.filter((x) => x.kind === 'correction').map((x) => x.id));
    expect(again.log).toHaveLength(4);
    for (const entry of again.log) expect(corrections.has(entry.correctionId)).toBe(true);
  });

  it('exports orphans, the log, a citation’s stance and a correction’s state in terms other tools read, and validates', () => {
    const check = readCheck(everything().doc);
    const annotations = webAnnotations(check, OPTIONS);
    for (const a of annotations) expect(validateAnnotation(a), a.id).toEqual([]);
    const orphans = annotations.filter((a) => a[FACTMARK.orphan] === true);
    expect(orphans.map((a) => a.target)).toEqual([
      { source: OPTIONS.articleUrl, selector: [{ type: 'TextQuoteSelector', exact: 'words long gone' }] },
      { source: OPTIONS.articleUrl, selector: [{ type: 'TextQuoteSelector', exact: 'words long gone' }] },
    ]);
    const tagsOf = (kind: string, quote: string) =>
      annotations
        .filter((a) => a[FACTMARK.kind] === kind && JSON.stringify(a.target).includes(quote))
        .flatMap((a) => (a.body as { purpose?: string; value?: string }[]).filter((b) => b.purpose === 'tagging'))
        .map((b) => b.value);
    expect(tagsOf('citation', '4.2 billion crowns')).toEqual(['refutes']);
    expect(tagsOf('correction', 'said at a briefing')).toEqual(['rejected']);
    expect(tagsOf('correction', 'Oleg Taran said')).toEqual(['proposed']);
    const collection = exportW3C(check, OPTIONS) as Record<string, unknown>;
    expect(collection[FACTMARK.correctionsLog]).toHaveLength(2);
  });

  it('keeps an orphan an orphan on import even where its words are found again', () => {
    const b = everything();
    const file = JSON.parse(JSON.stringify(exportW3C(readCheck(b.doc), OPTIONS)));
    // A text that now holds the orphan's old words: an exported orphan is not placed on them.
    const doc = new DocBuilder(`Title\n\nThese are words long gone from the wire story.`).doc;
    importW3C(doc, file, ALICE);
    const check = readCheck(doc);
    expect(check.orphans.map((o) => o.id).sort()).toEqual(expect.arrayContaining(['orphan-claim', 'orphan-comment']));
    expect(check.spans.map((s) => s.id)).not.toContain('orphan-claim');
    expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(0);
  });
});
