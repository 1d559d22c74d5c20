// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { articleFromPaste, sanitizeArticleHtml } from './paste.ts';

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
});
