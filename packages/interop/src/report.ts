/** The fact-check report, as HTML and Markdown, with its chart of claims by verdict. */
import { type Check, numberedClaims } from './check.ts';
import { escapeHtml, escapeMarkdown, markdownLink } from './render.ts';

/** Claims per verdict, in the scale's order, plus those without a verdict. */
export function verdictCounts(check: Check): { label: string; count: number }[] {
  const claims = numberedClaims(check);
  const counts = check.scale.labels.map((l) => ({
    label: l.label,
    count: claims.filter((c) => c.body.verdict === l.label).length,
  }));
  counts.push({ label: 'No verdict', count: claims.filter((c) => c.body.verdict === null).length });
  return counts;
}

/** The counts as a small bar chart in SVG (text escaped; readable without colour: each bar has its number). */
export function verdictChartSvg(counts: { label: string; count: number }[]): string {
  const bar = 18;
  const labelWidth = 120;
  const width = 420;
  const max = Math.max(1, ...counts.map((c) => c.count));
  const rows = counts
    .map((c, i) => {
      const y = i * (bar + 6);
      const w = Math.round((c.count / max) * (width - labelWidth - 40));
      return `<text x="0" y="${y + bar - 5}" font-size="12">${escapeHtml(c.label)}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="${bar}" fill="#5f6368"/><text x="${labelWidth + w + 4}" y="${y + bar - 5}" font-size="12">${c.count}</text>`;
    })
    .join('');
  const summary = counts.map((c) => `${c.label}: ${c.count}`).join(', ');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(`Claims by verdict: ${summary}`)}" width="${width}" height="${counts.length * (bar + 6)}" viewBox="0 0 ${width} ${counts.length * (bar + 6)}">${rows}</svg>`;
}

interface ClaimSection {
  number: number;
  statement: string;
  quote: string;
  verdict: string;
  rationale: string;
  status: string;
  sources: { title: string; url: string; publisher: string }[];
  excerpts: { text: string; stance: string; source: string }[];
}

function sections(check: Check): ClaimSection[] {
  return numberedClaims(check).map(({ number, span, body }) => ({
    number,
    statement: body.statement,
    quote: span.text,
    verdict: body.verdict ?? 'No verdict yet',
    rationale: body.rationale,
    status: body.status.replace('_', ' '),
    sources: body.sourceIds.flatMap((id) => {
      const s = check.sources.get(id);
      return s ? [{ title: s.title, url: s.url, publisher: s.publisher }] : [];
    }),
    excerpts: check.spans
      .filter((s) => s.body.kind === 'citation' && s.start < span.end && s.end > span.start)
      .flatMap((s) =>
        s.body.kind === 'citation'
          ? [
              {
                text: s.body.excerpt,
                stance: s.body.stance,
                source: check.sources.get(s.body.sourceId)?.title ?? 'a deleted source',
              },
            ]
          : [],
      ),
  }));
}

/** The corrections made to the article: each accepted decision of the log, as "original" → "proposed". */
function correctionsMade(check: Check): { original: string; proposed: string; category: string; by: string }[] {
  return check.log
    .filter((e) => e.decision === 'accepted')
    .map((e) => ({
      original: e.original,
      proposed: e.proposed,
      category: e.category.replace('_', ' '),
      by: e.decidedBy.name,
    }));
}

/** The fact-check report as HTML: each claim with verdict, rationale, sources and quoted excerpts; counts as an inline SVG chart. */
export function reportHtml(check: Check): string {
  const claims = sections(check)
    .map(
      (c) => `<section id="claim-${c.number}">
<h2>Claim ${c.number}: ${escapeHtml(c.statement)}</h2>
<p class="quote">In the article: <q>${escapeHtml(c.quote)}</q></p>
<p class="verdict"><strong>Verdict:</strong> ${escapeHtml(c.verdict)} <span class="status">(${escapeHtml(c.status)})</span></p>
${c.rationale ? `<p class="rationale">${escapeHtml(c.rationale)}</p>\n` : ''}${
  c.sources.length
    ? `<h3>Sources</h3>\n<ul>\n${c.sources
        .map(
          (s) =>
            `<li><a href="${escapeHtml(s.url)}">${escapeHtml(s.title)}</a>${s.publisher ? `, ${escapeHtml(s.publisher)}` : ''}</li>`,
        )
        .join('\n')}\n</ul>\n`
    : '<p>No sources.</p>\n'
}${
  c.excerpts.length
    ? `<h3>Quoted from the sources</h3>\n${c.excerpts
        .map(
          (e) =>
            `<blockquote>${escapeHtml(e.text)}<footer>${escapeHtml(e.source)} (${escapeHtml(e.stance)})</footer></blockquote>`,
        )
        .join('\n')}\n`
    : ''
}</section>`,
    )
    .join('\n');
  const made = correctionsMade(check);
  const corrections = made.length
    ? `<section id="corrections">\n<h2>Corrections made</h2>\n<ul>\n${made
        .map(
          (c) =>
            `<li><del>${escapeHtml(c.original)}</del> → <ins>${escapeHtml(c.proposed)}</ins> (${escapeHtml(c.category)}; accepted by ${escapeHtml(c.by)})</li>`,
        )
        .join('\n')}\n</ul>\n</section>\n`
    : '';
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(`Fact-check: ${check.title}`)}</title>\n</head>\n<body>\n<h1>${escapeHtml(`Fact-check: ${check.title}`)}</h1>\n<figure>\n${verdictChartSvg(verdictCounts(check))}\n<figcaption>Claims by verdict</figcaption>\n</figure>\n${claims}\n${corrections}</body>\n</html>\n`;
}

/** The report as Markdown (the chart as inline SVG, which Markdown allows, plus a table of the counts). */
export function reportMarkdown(check: Check): string {
  const counts = verdictCounts(check);
  const table = `| Verdict | Claims |\n| --- | --- |\n${counts.map((c) => `| ${escapeMarkdown(c.label)} | ${c.count} |`).join('\n')}`;
  const claims = sections(check)
    .map((c) =>
      [
        `## Claim ${c.number}: ${escapeMarkdown(c.statement)}`,
        `In the article: “${escapeMarkdown(c.quote)}”`,
        `**Verdict:** ${escapeMarkdown(c.verdict)} (${c.status})`,
        c.rationale ? escapeMarkdown(c.rationale) : '',
        c.sources.length
          ? `### Sources\n\n${c.sources.map((s) => `- ${markdownLink(s.title, s.url)}${s.publisher ? `, ${escapeMarkdown(s.publisher)}` : ''}`).join('\n')}`
          : 'No sources.',
        c.excerpts.length
          ? `### Quoted from the sources\n\n${c.excerpts.map((e) => `> ${escapeMarkdown(e.text)}\n>\n> — ${escapeMarkdown(e.source)} (${e.stance})`).join('\n\n')}`
          : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    )
    .join('\n\n');
  const made = correctionsMade(check);
  const corrections = made.length
    ? `\n## Corrections made\n\n${made.map((c) => `- “${escapeMarkdown(c.original)}” → “${escapeMarkdown(c.proposed)}” (${c.category}; accepted by ${escapeMarkdown(c.by)})`).join('\n')}\n`
    : '';
  return `# Fact-check: ${escapeMarkdown(check.title)}\n\n${verdictChartSvg(counts)}\n\n${table}\n\n${claims}\n${corrections}`;
}
