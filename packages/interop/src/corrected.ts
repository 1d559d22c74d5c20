/** The corrected article, as HTML and Markdown, with each accepted correction credited. */
import type { CaptureRecord, Publication, Source } from '@factmark/collab';
import type { Article, CorrectionComment, WithContext } from 'schema-dts';
import type { Check } from './check.ts';
import { PRINT_CSS } from './print-style.ts';
import { checkers, publicationOf } from './publishing.ts';
import { articleHtml, articleMarkdown, escapeHtml, escapeMarkdown, type Insertion, markdownLink } from './render.ts';
import { archivedCopy, robustLink } from './source-links.ts';

/** A citation footnote: its number, its source and the excerpt quoted from it. */
interface Footnote {
  number: number;
  source: Source | undefined;
  /** What the server found at the source, when it captured it. */
  capture: CaptureRecord | undefined;
  excerpt: string;
}

/**
 * The footnotes of the corrected article, in the order of the text: each citation's source with its excerpt, and
 * each source attached to a claim, marked where the span ends.
 */
function footnotes(check: Check): { notes: Footnote[]; insertions: Insertion[] } {
  const notes: Footnote[] = [];
  const insertions: Insertion[] = [];
  const note = (sourceId: string, excerpt: string, pos: number | undefined) => {
    const number = notes.length + 1;
    notes.push({ number, source: check.sources.get(sourceId), capture: check.captures.get(sourceId), excerpt });
    if (pos !== undefined)
      insertions.push({
        pos,
        html: `<sup id="ref-${number}"><a href="#fn-${number}">[${number}]</a></sup>`,
        markdown: `[^${number}]`,
      });
  };
  for (const span of check.spans) {
    const end = span.ranges[span.ranges.length - 1]?.to;
    if (span.body.kind === 'citation') note(span.body.sourceId, span.body.excerpt, end);
    else if (span.body.kind === 'claim') for (const sourceId of span.body.sourceIds) note(sourceId, '', end);
  }
  return { notes, insertions };
}

function footnoteText(note: Footnote): { html: string; markdown: string } {
  const source = note.source;
  if (!source)
    return {
      html: 'A source that was deleted from the library.',
      markdown: 'A source that was deleted from the library.',
    };
  const publisher = source.publisher ? `, ${source.publisher}` : '';
  const copy = archivedCopy(source, note.capture);
  const excerpt = note.excerpt ? ` — “${note.excerpt}”` : '';
  // Markdown has no attributes for Robust Links: the archived copy is a link of its own, with its date.
  const archived = copy
    ? ` (${markdownLink(copy.date ? `archived copy, ${copy.date}` : 'archived copy', copy.url)})`
    : '';
  return {
    html: `${robustLink(source, copy)}${escapeHtml(publisher)}${escapeHtml(excerpt)}`,
    markdown: `${markdownLink(source.title, source.url)}${escapeMarkdown(publisher)}${archived}${escapeMarkdown(excerpt)}`,
  };
}

/** The accepted corrections as schema.org CorrectionComments, oldest first. */
export function correctionComments(check: Check): CorrectionComment[] {
  return check.log
    .filter((e) => e.decision === 'accepted')
    .map((e) => ({
      '@type': 'CorrectionComment',
      text: `“${e.original}” was corrected to “${e.proposed}”.`,
      datePublished: e.decidedAt,
    }));
}

/** Options of the corrected article: its canonical URL (else the publication details'), the server's defaults, the date. */
export interface CorrectedArticleOptions {
  url?: string;
  defaults?: Publication;
  /** The date of the corrected version (YYYY-MM-DD); defaults to today. */
  datePublished?: string;
}

/**
 * The corrected article as HTML: the text as it stands (accepted corrections
 * applied; pending ones not), a corrections notice listing each change with
 * its original text (also as schema.org CorrectionComment JSON-LD), and the
 * citations as numbered footnotes with Robust Links attributes.
 */
export function correctedArticleHtml(check: Check, options: CorrectedArticleOptions = {}): string {
  const { notes, insertions } = footnotes(check);
  const corrections = correctionComments(check);
  const publication = publicationOf(check, options.defaults);
  const jsonLd: WithContext<Article> = {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: check.title,
    ...((options.url ?? publication.articleUrl) ? { url: options.url ?? publication.articleUrl } : {}),
    ...(publication.articleLanguage ? { inLanguage: publication.articleLanguage } : {}),
    correction: corrections,
  };
  const notice = corrections.length
    ? `<aside class="corrections" aria-labelledby="corrections-heading">\n<h2 id="corrections-heading">Corrections</h2>\n<ul>\n${check.log
        .filter((e) => e.decision === 'accepted')
        .map(
          (e) =>
            `<li><del>${escapeHtml(e.original)}</del> → <ins>${escapeHtml(e.proposed)}</ins> <time datetime="${escapeHtml(e.decidedAt)}">${escapeHtml(e.decidedAt.slice(0, 10))}</time></li>`,
        )
        .join('\n')}\n</ul>\n</aside>\n`
    : '';
  const list = notes.length
    ? `<section class="footnotes" aria-labelledby="sources-heading">\n<h2 id="sources-heading">Sources</h2>\n<ol>\n${notes
        .map(
          (n) =>
            `<li id="fn-${n.number}">${footnoteText(n).html} <a href="#ref-${n.number}" aria-label="Back to the text">↩</a></li>`,
        )
        .join('\n')}\n</ol>\n</section>\n`
    : '';
  const note = `<p class="meta">${escapeHtml(correctedNote(check, options))}</p>\n`;
  return `<!DOCTYPE html>\n<html lang="${escapeHtml(publication.articleLanguage ?? 'en')}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(check.title)}</title>\n<style>${PRINT_CSS}</style>\n<script type="application/ld+json">${JSON.stringify(jsonLd).replace(/</g, '\\u003c')}</script>\n</head>\n<body>\n<main>\n<article>\n${articleHtml(check.article, insertions, note)}${notice}${list}</article>\n</main>\n</body>\n</html>\n`;
}

/** The line under the title: the article's byline, and whose corrected version of when this is. */
function correctedNote(check: Check, options: CorrectedArticleOptions): string {
  const publication = publicationOf(check, options.defaults);
  const date = options.datePublished ?? new Date().toISOString().slice(0, 10);
  const byline = [publication.articlePublisher, publication.articleAuthors?.join(', ')].filter(Boolean).join(' · ');
  const names = checkers(check);
  const by = publication.organizationName
    ? `, checked by ${publication.organizationName}${names.length ? ` (${names.join(', ')})` : ''}`
    : names.length
      ? `, checked by ${names.join(', ')}`
      : '';
  return `${byline ? `${byline} · ` : ''}Corrected version of ${date}${by}`;
}

/** The corrected article as Markdown: the same content, footnotes as `[^n]`, the notice as a list. */
export function correctedArticleMarkdown(check: Check, options: CorrectedArticleOptions = {}): string {
  const { notes, insertions } = footnotes(check);
  const accepted = check.log.filter((e) => e.decision === 'accepted');
  const notice = accepted.length
    ? `\n## Corrections\n\n${accepted
        .map(
          (e) =>
            `- “${escapeMarkdown(e.original)}” was corrected to “${escapeMarkdown(e.proposed)}” (${e.decidedAt.slice(0, 10)}).`,
        )
        .join('\n')}\n`
    : '';
  const list = notes.length ? `\n${notes.map((n) => `[^${n.number}]: ${footnoteText(n).markdown}`).join('\n')}\n` : '';
  const body = articleMarkdown(check.article, insertions);
  const note = `*${escapeMarkdown(correctedNote(check, options))}*\n\n`;
  // Under the title when there is one, else first.
  const split = body.startsWith('# ') ? body.indexOf('\n\n') + 2 : 0;
  return `${body.slice(0, split)}${note}${body.slice(split)}${notice}${list}`;
}
