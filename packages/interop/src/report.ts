/**
 * The fact-check report, as HTML (fit to print, with its own stylesheet) and Markdown: who published it and when,
 * who checked, the article checked, a chart of claims by verdict, and each claim with its claimant, verdict,
 * rationale, sources (with archived copies), the passages quoted from them, and the corrections made.
 */
import {
  labelColor,
  type Publication,
  type RatingScale,
  TONE_SYMBOLS,
  verdictAuthor,
  verdictTone,
} from '@factmark/collab';
import { type Check, numberedClaims } from './check.ts';
import { BAR_PATTERNS, PRINT_CSS } from './print-style.ts';
import { appearancesOf, checkers, citationsOf, claimSourceIds, publicationOf } from './publishing.ts';
import { escapeHtml, escapeMarkdown, markdownLink } from './render.ts';
import { archivedCopy, robustLink } from './source-links.ts';

/** What the report says beyond the document: the server's publication defaults, and the report's date. */
export interface ReportOptions {
  defaults?: Publication;
  /** The date the report is published (YYYY-MM-DD); defaults to today. */
  datePublished?: string;
}

const NO_VERDICT = 'No verdict';

/** Claims per verdict, in the scale's order, plus those without a verdict. */
export function verdictCounts(check: Check): { label: string; count: number }[] {
  const claims = numberedClaims(check);
  const counts = check.scale.labels.map((l) => ({
    label: l.label,
    count: claims.filter((c) => c.body.verdict === l.label).length,
  }));
  counts.push({ label: NO_VERDICT, count: claims.filter((c) => c.body.verdict === null).length });
  return counts;
}

function lookOf(scale: RatingScale, label: string) {
  const none = label === NO_VERDICT && !scale.labels.some((l) => l.label === label);
  const tone = none ? 'neutral' : verdictTone(scale, label);
  return { tone, color: none ? '#80868b' : labelColor(scale, label), symbol: none ? '○' : TONE_SYMBOLS[tone] };
}

/**
 * The counts as a bar chart in SVG: each bar in its label's colour with its tone's pattern, its symbol and count
 * written next to it, so the chart reads in black and white; the whole described for screen readers.
 */
export function verdictChartSvg(counts: { label: string; count: number }[], scale: RatingScale): string {
  const bar = 18;
  const labelWidth = 150;
  const width = 460;
  const max = Math.max(1, ...counts.map((c) => c.count));
  const patterns = counts.map((c, i) => {
    const { tone, color } = lookOf(scale, c.label);
    return `<pattern id="bar-${i}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${color}"/>${BAR_PATTERNS[tone] ?? ''}</pattern>`;
  });
  const rows = counts.map((c, i) => {
    const y = i * (bar + 6);
    const w = Math.round((c.count / max) * (width - labelWidth - 50));
    const { symbol } = lookOf(scale, c.label);
    return `<text x="0" y="${y + bar - 5}" font-size="12">${escapeHtml(`${symbol} ${c.label}`)}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="${bar}" fill="url(#bar-${i})" stroke="#1f2328" stroke-width="${w > 0 ? 0.5 : 0}"/><text x="${labelWidth + w + 4}" y="${y + bar - 5}" font-size="12">${c.count}</text>`;
  });
  const summary = counts.map((c) => `${c.label}: ${c.count}`).join(', ');
  const height = counts.length * (bar + 6);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(`Claims by verdict: ${summary}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><defs>${patterns.join('')}</defs>${rows.join('')}</svg>`;
}

interface SourceLine {
  html: string;
  markdown: string;
}

function sourceLine(check: Check, id: string): SourceLine {
  const source = check.sources.get(id);
  if (!source) return { html: 'A source deleted from the library', markdown: 'A source deleted from the library' };
  const copy = archivedCopy(source, check.captures.get(id));
  const publisher = source.publisher ? `, ${source.publisher}` : '';
  const primary = source.primary ? ' <span class="primary">Primary source</span>' : '';
  const archived = copy
    ? ` — <a href="${escapeHtml(copy.url)}">archived copy${copy.date ? `, ${escapeHtml(copy.date)}` : ''}</a>`
    : '';
  return {
    html: `${robustLink(source, copy)}${escapeHtml(publisher)}${primary}${archived}`,
    markdown: `${markdownLink(source.title, source.url)}${escapeMarkdown(publisher)}${source.primary ? ' (primary source)' : ''}${
      copy ? ` (${markdownLink(copy.date ? `archived copy, ${copy.date}` : 'archived copy', copy.url)})` : ''
    }`,
  };
}

const STANCE_WORDS: Record<string, string> = { supports: 'supports it', refutes: 'refutes it', context: 'context' };

/** Everything the report says about one claim, ready for either format. */
function claimSections(check: Check, publication: Publication) {
  return numberedClaims(check).map(({ number, span, body }) => {
    const by = body.verdict === null ? null : verdictAuthor(body);
    return {
      number,
      statement: body.statement,
      quote: span.text,
      verdict: body.verdict,
      rationale: body.rationale,
      claimant: body.claimant ?? null,
      claimDate: body.claimDate ?? null,
      appearances: appearancesOf(body, publication),
      sources: claimSourceIds(check, span, body).map((id) => sourceLine(check, id)),
      quoted: citationsOf(check, span).flatMap((s) =>
        s.body.kind === 'citation' && s.body.excerpt.trim() !== ''
          ? [
              {
                text: s.body.excerpt,
                stance: STANCE_WORDS[s.body.stance] ?? s.body.stance,
                source: sourceLine(check, s.body.sourceId),
              },
            ]
          : [],
      ),
      review: by
        ? `Verdict by ${by.name}${body.checkedBy ? `; checked by ${body.checkedBy.name} on ${body.checkedBy.at.slice(0, 10)}` : ''}.`
        : '',
    };
  });
}

/** The corrections made to the article: each accepted decision of the log. */
function correctionsMade(check: Check) {
  return check.log
    .filter((e) => e.decision === 'accepted')
    .map((e) => ({
      original: e.original,
      proposed: e.proposed,
      category: e.category.replace('_', ' '),
      by: e.decidedBy.name,
      date: e.decidedAt.slice(0, 10),
    }));
}

/** A language tag as its English name ("en" → "English"), the tag itself when unknown. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function mastheadFacts(check: Check, options: ReportOptions) {
  const publication = publicationOf(check, options.defaults);
  const names = checkers(check);
  return {
    publication,
    date: options.datePublished ?? new Date().toISOString().slice(0, 10),
    checkedBy: names.length ? `Checked by ${names.join(', ')}` : '',
    article: [
      publication.articlePublisher,
      publication.articleAuthors?.length ? `by ${publication.articleAuthors.join(', ')}` : '',
      publication.articlePublishedAt ? `published ${publication.articlePublishedAt}` : '',
      publication.articleLanguage ? `in ${languageName(publication.articleLanguage)}` : '',
    ].filter(Boolean),
  };
}

/** The chips' colours, one class per label (no inline styles). */
function chipStyles(scale: RatingScale): string {
  return scale.labels.map((l, i) => `.chip-${i} { --chip: ${labelColor(scale, l.label)}; }`).join('\n');
}

/** The fact-check report as HTML, fit to print: see the module's comment. */
export function reportHtml(check: Check, options: ReportOptions = {}): string {
  const facts = mastheadFacts(check, options);
  const { publication } = facts;
  const title = `Fact-check: ${check.title}`;
  const org = publication.organizationName
    ? publication.organizationUrl
      ? `<a class="organization" href="${escapeHtml(publication.organizationUrl)}">${escapeHtml(publication.organizationName)}</a>`
      : `<span class="organization">${escapeHtml(publication.organizationName)}</span>`
    : '';
  const articleLink = publication.articleUrl
    ? `<a href="${escapeHtml(publication.articleUrl)}">${escapeHtml(check.title)}</a>`
    : `<cite>${escapeHtml(check.title)}</cite>`;
  const masthead = `<header class="masthead">\n<h1>${escapeHtml(title)}</h1>\n<p>${org}${org ? ' · ' : ''}<time datetime="${escapeHtml(facts.date)}">${escapeHtml(facts.date)}</time>${facts.checkedBy ? ` · ${escapeHtml(facts.checkedBy)}` : ''}</p>\n<p>The article checked: ${articleLink}${facts.article.length ? `, ${escapeHtml(facts.article.join(', '))}` : ''}</p>\n</header>`;
  const chipClass = (label: string) => `chip-${check.scale.labels.findIndex((l) => l.label === label)}`;
  const claims = claimSections(check, publication).map((c) => {
    const symbol = c.verdict ? lookOf(check.scale, c.verdict).symbol : '○';
    const claimant = c.claimant
      ? `<p class="meta">Claimed by ${c.claimant.url ? `<a href="${escapeHtml(c.claimant.url)}">${escapeHtml(c.claimant.name)}</a>` : escapeHtml(c.claimant.name)}${c.claimant.role ? `, ${escapeHtml(c.claimant.role)}` : ''}${c.claimDate ? `, on <time datetime="${escapeHtml(c.claimDate)}">${escapeHtml(c.claimDate)}</time>` : ''}${
          c.appearances.length
            ? `; appeared in ${c.appearances.map((u, i) => `<a href="${escapeHtml(u)}">${i === 0 ? 'the article' : `appearance ${i + 1}`}</a>`).join(', ')}`
            : ''
        }</p>`
      : '';
    const verdict = c.verdict
      ? `<span class="verdict-chip ${chipClass(c.verdict)}"><span class="symbol" aria-hidden="true">${symbol}</span>${escapeHtml(c.verdict)}</span>`
      : '<span class="verdict-chip">No verdict yet</span>';
    const sources = c.sources.length
      ? `<h3>Sources</h3>\n<ul class="sources">\n${c.sources.map((s) => `<li>${s.html}</li>`).join('\n')}\n</ul>`
      : '<p>No sources.</p>';
    const quoted = c.quoted.length
      ? `<h3>Quoted from the sources</h3>\n${c.quoted.map((q) => `<blockquote><p>${escapeHtml(q.text)}</p><footer>${q.source.html} (${escapeHtml(q.stance)})</footer></blockquote>`).join('\n')}`
      : '';
    return `<section class="claim" id="claim-${c.number}" aria-labelledby="claim-${c.number}-title">
<h2 id="claim-${c.number}-title">Claim ${c.number}: ${escapeHtml(c.statement)}</h2>
<p class="quote">In the article: <q>${escapeHtml(c.quote)}</q></p>
${claimant}
<p class="verdict">Verdict: ${verdict}</p>
${c.rationale ? `<p class="rationale">${escapeHtml(c.rationale)}</p>` : ''}
${sources}
${quoted}
${c.review ? `<p class="meta">${escapeHtml(c.review)}</p>` : ''}
</section>`.replace(/\n{2,}/g, '\n');
  });
  const made = correctionsMade(check);
  const corrections = made.length
    ? `<section class="corrections" id="corrections" aria-labelledby="corrections-title">\n<h2 id="corrections-title">Corrections made to the article</h2>\n<ul>\n${made
        .map(
          (c) =>
            `<li><del>${escapeHtml(c.original)}</del> → <ins>${escapeHtml(c.proposed)}</ins> (${escapeHtml(c.category)}; accepted by ${escapeHtml(c.by)} on <time datetime="${escapeHtml(c.date)}">${escapeHtml(c.date)}</time>)</li>`,
        )
        .join('\n')}\n</ul>\n</section>\n`
    : '';
  const lang = publication.articleLanguage ?? 'en';
  return `<!DOCTYPE html>\n<html lang="${escapeHtml(lang)}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(title)}</title>\n<style>${PRINT_CSS}\n${chipStyles(check.scale)}\n</style>\n</head>\n<body>\n<main>\n${masthead}\n<figure>\n${verdictChartSvg(verdictCounts(check), check.scale)}\n<figcaption>Claims by verdict</figcaption>\n</figure>\n${claims.join('\n')}\n${corrections}</main>\n</body>\n</html>\n`;
}

/** The report as Markdown: the same content, the chart as a table of counts. */
export function reportMarkdown(check: Check, options: ReportOptions = {}): string {
  const facts = mastheadFacts(check, options);
  const { publication } = facts;
  const counts = verdictCounts(check);
  const table = `| Verdict | Claims |\n| --- | --- |\n${counts.map((c) => `| ${escapeMarkdown(`${lookOf(check.scale, c.label).symbol} ${c.label}`)} | ${c.count} |`).join('\n')}`;
  const byline = [
    publication.organizationName
      ? publication.organizationUrl
        ? markdownLink(publication.organizationName, publication.organizationUrl)
        : escapeMarkdown(publication.organizationName)
      : '',
    facts.date,
    escapeMarkdown(facts.checkedBy),
  ].filter(Boolean);
  const article = `The article checked: ${publication.articleUrl ? markdownLink(check.title, publication.articleUrl) : `*${escapeMarkdown(check.title)}*`}${facts.article.length ? `, ${escapeMarkdown(facts.article.join(', '))}` : ''}`;
  const claims = claimSections(check, publication).map((c) =>
    [
      `## Claim ${c.number}: ${escapeMarkdown(c.statement)}`,
      `In the article: “${escapeMarkdown(c.quote)}”`,
      c.claimant
        ? `Claimed by ${c.claimant.url ? markdownLink(c.claimant.name, c.claimant.url) : escapeMarkdown(c.claimant.name)}${c.claimant.role ? `, ${escapeMarkdown(c.claimant.role)}` : ''}${c.claimDate ? `, on ${c.claimDate}` : ''}${c.appearances.length ? `; appeared in ${c.appearances.map((u, i) => markdownLink(i === 0 ? 'the article' : `appearance ${i + 1}`, u)).join(', ')}` : ''}`
        : '',
      `**Verdict:** ${c.verdict ? `${lookOf(check.scale, c.verdict).symbol} ${escapeMarkdown(c.verdict)}` : 'No verdict yet'}`,
      c.rationale ? escapeMarkdown(c.rationale) : '',
      c.sources.length ? `### Sources\n\n${c.sources.map((s) => `- ${s.markdown}`).join('\n')}` : 'No sources.',
      c.quoted.length
        ? `### Quoted from the sources\n\n${c.quoted.map((q) => `> ${escapeMarkdown(q.text)}\n>\n> — ${q.source.markdown} (${q.stance})`).join('\n\n')}`
        : '',
      c.review ? `*${escapeMarkdown(c.review)}*` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  const made = correctionsMade(check);
  const corrections = made.length
    ? `\n## Corrections made to the article\n\n${made.map((c) => `- “${escapeMarkdown(c.original)}” → “${escapeMarkdown(c.proposed)}” (${c.category}; accepted by ${escapeMarkdown(c.by)} on ${c.date})`).join('\n')}\n`
    : '';
  return `# ${escapeMarkdown(`Fact-check: ${check.title}`)}\n\n${byline.join(' · ')}\n\n${article}\n\n${table}\n\n${claims.join('\n\n')}\n${corrections}`;
}
