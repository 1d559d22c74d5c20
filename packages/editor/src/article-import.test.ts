// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { articleFromFile, articleFromPaste, ImportError, sanitizeArticleHtml } from './article-import.ts';
import { articleTitle } from './content.ts';

describe('uploaded files', () => {
  it('reads Markdown headings, emphasis and safe links, and drops raw HTML and javascript: links', () => {
    const md =
      '# Drills in the north\n\nMore than **50,000** soldiers, [the ministry](https://mod.example/) said.\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1))';
    const article = articleFromFile('report.md', md);
    expect(article.firstChild?.textContent).toBe('Drills in the north');
    const json = JSON.stringify(article.toJSON());
    expect(json).toContain('https://mod.example/');
    expect(json).toContain('"strong"');
    // Raw HTML and the javascript: link stay as visible text, never as markup or a link.
    expect(json).not.toMatch(/"href":"javascript/);
    expect(article.textContent).toContain('<script>alert(1)</script>');
  });

  it('reads HTML (sanitized) and text, and refuses other files and empty ones with a clear message', () => {
    const html = articleFromFile('a.HTML', '<h1>T</h1><p onclick="x()">Body</p><script>alert(1)</script>');
    expect(html.child(1).textContent).toBe('Body');
    expect(JSON.stringify(html.toJSON())).not.toMatch(/onclick|alert/);
    expect(articleFromFile('a.txt', 'Title\n\nBody').child(1).textContent).toBe('Body');
    expect(() => articleFromFile('a.pdf', 'x')).toThrow(ImportError);
    expect(() => articleFromFile('a.pdf', 'x')).toThrow(/not an .html, .txt or .md file/);
    expect(() => articleFromFile('a.md', '  ')).toThrow(/empty/);
  });
});

describe('pasted HTML', () => {
  it('is sanitized: scripts, event handlers, styles and non-http links are removed', () => {
    const clean = sanitizeArticleHtml(
      '<p style="color:red" onclick="x()">Hi <a href="javascript:alert(1)">bad</a> <a href="https://ok.example/">ok</a></p><script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://x"></iframe>',
    );
    expect(clean).not.toMatch(/script|onclick|onerror|style|iframe|img|javascript/i);
    expect(clean).toContain('<a href="https://ok.example/">ok</a>');
  });

  it('becomes an article; plain text is used when there is no HTML', () => {
    const fromHtml = articleFromPaste({ html: '<h1>T</h1><p>Body <b>bold</b></p>', text: 'T Body bold', title: '' });
    expect(fromHtml.firstChild?.textContent).toBe('T');
    expect(fromHtml.child(1).firstChild?.textContent).toBe('Body ');
    const fromText = articleFromPaste({ text: 'Title\n\nBody', title: '' });
    expect(fromText.child(1).textContent).toBe('Body');
  });

  it('without an <h1>, takes the first heading as the title, else the first paragraph when more follow', () => {
    const html = (h: string) => articleFromPaste({ html: h, text: '', title: '' });
    const withH2 = html('<p>PORT MERIDAN (Nordwire) —</p><h2>Navy drills begin</h2><p>More than 50,000 soldiers.</p>');
    expect(articleTitle(withH2)).toBe('Navy drills begin');
    expect(withH2.childCount).toBe(3);
    const paragraphs = html('<p>Navy drills begin in the Kessel Sea</p><p>More than 50,000 soldiers take part.</p>');
    expect(articleTitle(paragraphs)).toBe('Navy drills begin in the Kessel Sea');
    expect(paragraphs.child(1).textContent).toBe('More than 50,000 soldiers take part.');
    // One paragraph alone stays the body (an empty title, not an empty article).
    const single = html('<p>More than 50,000 soldiers take part.</p>');
    expect(articleTitle(single)).toBe('');
    expect(single.child(1).textContent).toBe('More than 50,000 soldiers take part.');
    // A title typed by the person wins.
    expect(articleTitle(articleFromPaste({ html: '<h2>H</h2><p>B</p>', text: '', title: 'Typed' }))).toBe('Typed');
  });
});
