/**
 * The stylesheet of the report and the corrected article: readable type on screen and paper, print rules (page
 * size and margins, no breaks inside a claim, link addresses printed), and the verdict chips and chart bars whose
 * colours come from the scale while a symbol and a pattern keep them apart in black and white.
 */

/** The CSS both documents embed (one `<style>`, no outside requests). */
export const PRINT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --rule: #d0d7de; --accent: #0b57d0; }
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0 auto; max-width: 44rem; padding: 2rem 1.25rem 4rem; color: var(--ink); background: #fff;
  font-family: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif; line-height: 1.6; }
h1, h2, h3 { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 0.4rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
a { color: var(--accent); }
.masthead { border-bottom: 2px solid var(--ink); padding-bottom: 1rem; margin-bottom: 1.5rem; }
.masthead p, .meta { margin: 0.2rem 0; color: var(--muted); font-size: 0.92rem; }
.masthead .organization { font-weight: 600; color: var(--ink); }
.claim { border-top: 1px solid var(--rule); padding-top: 0.4rem; }
.quote { font-style: italic; }
.verdict-chip { display: inline-block; padding: 0.1rem 0.55rem; border-radius: 0.3rem; border: 2px solid var(--chip);
  background: color-mix(in srgb, var(--chip) 14%, white); font-weight: 700;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.verdict-chip .symbol { margin-right: 0.3rem; }
blockquote { margin: 0.6rem 0; padding: 0.2rem 0 0.2rem 1rem; border-left: 3px solid var(--rule); }
blockquote footer { font-size: 0.9rem; color: var(--muted); }
.primary { font-size: 0.8rem; font-weight: 700; border: 1px solid var(--muted); border-radius: 0.2rem;
  padding: 0 0.25rem; margin-left: 0.3rem; }
del { color: #a40e26; } ins { color: #116329; text-decoration: underline; }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-size: 0.9rem; color: var(--muted); }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { text-align: left; padding: 0.2rem 0.8rem 0.2rem 0; border-bottom: 1px solid var(--rule); }
.footnotes, .corrections { font-size: 0.92rem; border-top: 1px solid var(--rule); margin-top: 2rem; }
sup a { text-decoration: none; }
@media print {
  @page { size: A4; margin: 18mm 16mm 20mm; }
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; }
  .claim, figure, blockquote, table, li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .sources a[href^="http"]::after, .footnotes a[href^="http"]::after { content: " <" attr(href) ">";
    font-size: 0.8em; word-break: break-all; color: var(--muted); }
  .verdict-chip { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  svg { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

/** An SVG pattern per tone, so the chart's bars differ in black and white too (id → how it is drawn). */
export const BAR_PATTERNS: Record<string, string> = {
  good: '',
  'mostly-good': '<path d="M0 6 L6 0" stroke="#fff" stroke-width="1.5"/>',
  mixed: '<circle cx="3" cy="3" r="1.3" fill="#fff"/>',
  'mostly-bad': '<path d="M0 0 L6 6" stroke="#fff" stroke-width="1.5"/>',
  bad: '<path d="M0 0 L6 6 M0 6 L6 0" stroke="#fff" stroke-width="1.2"/>',
  neutral: '<path d="M0 3 H6" stroke="#fff" stroke-width="1.5"/>',
};
