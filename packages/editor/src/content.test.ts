import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { articleFromDom, articleFromJSON, articleFromText, articleTitle } from './content.ts';

function dom(html: string): HTMLElement {
  const window = new Window();
  const body = window.document.createElement('body');
  body.innerHTML = html;
  return body as unknown as HTMLElement;
}

describe('article content', () => {
  it('splits plain text into a title and paragraphs', () => {
    const doc = articleFromText('Title line\n\nFirst para\ncontinues.\n\n\nSecond para.');
    expect(articleTitle(doc)).toBe('Title line');
    expect(doc.childCount).toBe(3);
    expect(doc.child(1).textContent).toBe('First para continues.');
  });

  it('uses an explicit title and keeps every paragraph', () => {
    const doc = articleFromText('Only one paragraph.', 'Given title');
    expect(articleTitle(doc)).toBe('Given title');
    expect(doc.child(1).textContent).toBe('Only one paragraph.');
  });

  it('maps sanitized HTML onto the schema and drops unsafe links', () => {
    const doc = articleFromDom(
      dom(
        '<h1>Head</h1><p>A <a href="javascript:alert(1)">bad</a> and <a href="https://example.org/x">good</a> link, <em>em</em> <strong>strong</strong>.</p><h1>Second h1</h1><ul><li>one</li></ul><blockquote><p>quoted</p></blockquote>',
      ),
    );
    expect(articleTitle(doc)).toBe('Head');
    const json = JSON.stringify(doc.toJSON());
    expect(json).not.toContain('javascript');
    expect(json).toContain('https://example.org/x');
    expect(doc.child(2).type.name).toBe('heading');
    expect(doc.child(3).type.name).toBe('bullet_list');
    expect(doc.child(4).type.name).toBe('blockquote');
  });

  it('fills an empty title from the given one', () => {
    const doc = articleFromDom(dom('<p>Body text.</p>'), 'Pasted');
    expect(articleTitle(doc)).toBe('Pasted');
  });

  it("prefers a given title to the HTML's heading, which is kept as a subheading", () => {
    const doc = articleFromDom(dom('<h1>From the page</h1><p>Body text.</p>'), 'Typed');
    expect(articleTitle(doc)).toBe('Typed');
    expect(doc.child(1).type.name).toBe('heading');
    expect(doc.child(1).textContent).toBe('From the page');
  });

  it('rejects JSON that does not fit the schema', () => {
    expect(() => articleFromJSON({ type: 'doc', content: [{ type: 'paragraph' }] })).toThrow();
    expect(() => articleFromJSON({ type: 'nope' })).toThrow();
    const ok = articleFromText('a\n\nb').toJSON();
    expect(articleFromJSON(ok).toJSON()).toEqual(ok);
  });
});
