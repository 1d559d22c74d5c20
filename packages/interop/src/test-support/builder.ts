import { ArticleText } from '@factmark/anchoring';
import {
  type Actor,
  type AnnotationBody,
  type CorrectionLogEntry,
  correctionsLog,
  documentSettings,
  makeSource,
  readArticle,
  type SourceInput,
  validateBody,
  writeArticle,
  writeSource,
} from '@factmark/collab';
import { type AnnotationKind, articleFromText } from '@factmark/editor';
import * as Y from 'yjs';
import { writeAnnotations } from '../apply.ts';

export const ALICE: Actor = { id: 'u-alice', name: 'Alice' };
export const T0 = '2026-03-15T10:00:00.000Z';

/** The demo-like article the interop tests use. */
export const ARTICLE = [
  'Varnia begins naval drills',
  'PORT MERIDAN, 14 March (Nordwire) — More than 50,000 soldiers and 140 aircraft are taking part in naval exercises that began on Tuesday, the Defense Ministry said on Monday.',
  'The exercises are held under the plan adopted by parliament in 2023, which raised the defense budget to 4.2 billion crowns.',
  'Last year the fleet repelled hostile information attacks on its command networks, the ministry said on Monday.',
  '"The exercises are defensive," Deputy Defense Minister Oleg Taran said at a briefing.',
].join('\n\n');

/** A document under construction: an article, then annotations placed on quoted text. */
export class DocBuilder {
  readonly doc = new Y.Doc();
  private n = 0;

  constructor(text = ARTICLE) {
    writeArticle(this.doc, articleFromText(text));
  }

  /** Add a source; returns its id. */
  source(input: SourceInput): string {
    const id = `src-${++this.n}`;
    writeSource(this.doc, makeSource(id, input, ALICE, new Date(T0)));
    return id;
  }

  /** Annotate the `occurrence`-th appearance of `quote` with a body of `kind` (fields override the defaults). */
  annotate(kind: AnnotationKind, quote: string, fields: Record<string, unknown> = {}, occurrence = 0): string {
    const id = (fields.id as string | undefined) ?? `a-${++this.n}`;
    const text = new ArticleText(readArticle(this.doc));
    let start = -1;
    for (let i = 0; i <= occurrence; i++) start = text.text.indexOf(quote, start + 1);
    if (start < 0) throw new Error(`"${quote}" is not in the article`);
    const defaults: Record<AnnotationKind, Record<string, unknown>> = {
      claim: { statement: quote, verdict: null, rationale: '', status: 'draft', assignee: null, sourceIds: [] },
      citation: { sourceId: 'missing', excerpt: '', stance: 'supports' },
      correction: {
        original: quote,
        proposed: quote,
        category: 'other',
        rationale: '',
        state: 'proposed',
        decidedBy: null,
        decidedAt: null,
      },
      comment: { resolved: false, resolvedBy: null, resolvedAt: null },
    };
    const body = validateBody({
      id,
      kind,
      quote,
      author: ALICE,
      createdAt: T0,
      updatedAt: T0,
      updatedBy: ALICE,
      thread: [],
      ...defaults[kind],
      ...fields,
    }) as AnnotationBody;
    writeAnnotations(this.doc, [{ body, range: { from: text.toPos(start), to: text.toPos(start + quote.length) } }]);
    return id;
  }

  /** Record a decided correction in the log. */
  log(entry: Omit<CorrectionLogEntry, 'decidedBy' | 'decidedAt'> & Partial<CorrectionLogEntry>): void {
    correctionsLog(this.doc).push([{ decidedBy: ALICE, decidedAt: T0, ...entry }]);
  }
}

/** Turn the second-reviewer rule off in `doc`, as its owner would (imports then keep a file's reviews exactly). */
export function withoutSecondReviewer(doc: Y.Doc): Y.Doc {
  documentSettings(doc).set('reviewRule', { secondReviewer: false, by: ALICE, at: T0 });
  return doc;
}
