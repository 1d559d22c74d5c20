/** Escaping for the HTML and Markdown exports: user text is always rendered as text. */
import { isSafeLinkHref } from '@factmark/editor';
import type { Mark, Node as PMNode } from 'prosemirror-model';

/** Text for HTML: &, <, >, " and ' escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text for Markdown: the characters that mark up inline text (emphasis,
 * code, links, HTML, tables) escaped, so user text stays text.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/\n/g, ' ');
}

/**
 * A Markdown link: its text escaped, its address in angle brackets (so parentheses in it stay part of it) with
 * what would end those brackets or the line percent-encoded. Addresses are http(s) only (the source rules).
 */
export function markdownLink(text: string, url: string): string {
  const address = url.replace(/[<>\s\\]/g, (c) => encodeURIComponent(c));
  return `[${escapeMarkdown(text)}](<${address}>)`;
}

/** A Markdown block whose text would start a heading, list or quote, escaped so it stays a paragraph. */
export function escapeBlockStart(block: string): string {
  return block.replace(/^(\s*)([#+-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** Something to insert after a ProseMirror position (a footnote mark), in both output formats. */
export interface Insertion {
  pos: number;
  html: string;
  markdown: string;
}

function inlineHtml(text: string, marks: readonly Mark[]): string {
  let out = escapeHtml(text);
  for (const mark of marks) {
    if (mark.type.name === 'em') out = `<em>${out}</em>`;
    else if (mark.type.name === 'strong') out = `<strong>${out}</strong>`;
    else if (mark.type.name === 'link' && isSafeLinkHref(mark.attrs.href))
      out = `<a href="${escapeHtml(mark.attrs.href as string)}">${out}</a>`;
  }
  return out;
}

function inlineMarkdown(text: string, marks: readonly Mark[]): string {
  let out = escapeMarkdown(text);
  for (const mark of marks) {
    if (mark.type.name === 'em') out = `*${out}*`;
    else if (mark.type.name === 'strong') out = `**${out}**`;
    else if (mark.type.name === 'link' && isSafeLinkHref(mark.attrs.href))
      out = `[${out}](${(mark.attrs.href as string).replace(/[()\s]/g, encodeURIComponent)})`;
  }
  return out;
}

/** A textblock's content with insertions placed after their positions. */
function inline(block: PMNode, start: number, insertions: readonly Insertion[], html: boolean): string {
  let out = '';
  block.forEach((child, offset) => {
    const from = start + offset;
    const to = from + child.nodeSize;
    if (!child.isText) {
      out += html ? '<br>' : '  \n';
    } else {
      const cuts = insertions.filter((i) => i.pos > from && i.pos <= to);
      let at = from;
      for (const cut of cuts) {
        const piece = child.text?.slice(at - from, cut.pos - from) ?? '';
        out += (html ? inlineHtml : inlineMarkdown)(piece, child.marks) + (html ? cut.html : cut.markdown);
        at = cut.pos;
      }
      const rest = child.text?.slice(at - from) ?? '';
      if (rest) out += (html ? inlineHtml : inlineMarkdown)(rest, child.marks);
    }
  });
  return out;
}

/** The article as HTML (title as h1, `afterTitle` after it), with `insertions` after their positions. */
export function articleHtml(article: PMNode, insertions: readonly Insertion[] = [], afterTitle = ''): string {
  const render = (node: PMNode, pos: number): string => {
    const kids = () => {
      let out = '';
      node.forEach((child, offset) => {
        out += render(child, pos + 1 + offset);
      });
      return out;
    };
    switch (node.type.name) {
      case 'doc': {
        let out = '';
        node.forEach((child, offset) => {
          out += render(child, offset);
        });
        return out;
      }
      case 'title':
        return `<h1>${inline(node, pos + 1, insertions, true)}</h1>\n${afterTitle}`;
      case 'heading': {
        const level = Math.min(6, Math.max(2, Number(node.attrs.level) || 2));
        return `<h${level}>${inline(node, pos + 1, insertions, true)}</h${level}>\n`;
      }
      case 'paragraph':
        return `<p>${inline(node, pos + 1, insertions, true)}</p>\n`;
      case 'blockquote':
        return `<blockquote>\n${kids()}</blockquote>\n`;
      case 'bullet_list':
        return `<ul>\n${kids()}</ul>\n`;
      case 'ordered_list':
        return `<ol>\n${kids()}</ol>\n`;
      case 'list_item':
        return `<li>${kids().trim()}</li>\n`;
      default:
        return node.isTextblock ? `<p>${inline(node, pos + 1, insertions, true)}</p>\n` : kids();
    }
  };
  return render(article, -1);
}

/** The article as Markdown (title as `#`, left out when empty), with `insertions` after their positions. */
export function articleMarkdown(article: PMNode, insertions: readonly Insertion[] = []): string {
  const blocks: string[] = [];
  const render = (node: PMNode, pos: number, prefix: string): void => {
    const name = node.type.name;
    if (node.isTextblock) {
      const text = escapeBlockStart(inline(node, pos + 1, insertions, false));
      // An empty title is left out: `# ` alone is an empty heading.
      if (name === 'title' && text.trim() === '') return;
      const head =
        name === 'title'
          ? '# '
          : name === 'heading'
            ? `${'#'.repeat(Math.min(6, Math.max(2, Number(node.attrs.level) || 2)))} `
            : '';
      blocks.push(`${prefix}${head}${text}`);
      return;
    }
    let index = 0;
    node.forEach((child, offset) => {
      const childPos = name === 'doc' ? offset : pos + 1 + offset;
      if (name === 'blockquote') render(child, childPos, `${prefix}> `);
      else if (name === 'bullet_list') render(child, childPos, `${prefix}- `);
      else if (name === 'ordered_list') render(child, childPos, `${prefix}${++index}. `);
      else render(child, childPos, prefix);
    });
  };
  render(article, -1, '');
  return `${blocks.join('\n\n')}\n`;
}
