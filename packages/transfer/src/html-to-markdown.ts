/**
 * Anki fields are HTML; Recurrence cards are Markdown (rendered by react-markdown, which never renders raw HTML).
 * Imported HTML is turned into Markdown here, keeping what a card needs (bold, italics, line breaks, lists, images,
 * links, sub/superscript as text) and dropping everything else: scripts, styles, event handlers and unknown tags
 * leave only their text, and characters that Markdown would read as HTML are escaped — so nothing imported can
 * run in a browser, whatever the renderer. Anki's MathJax delimiters \( \) and \[ \] become $ and $$.
 */
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

const BLOCK = new Set(['div', 'p', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'blockquote', 'pre', 'section', 'article']);
const DROP = new Set(['script', 'style', 'head', 'title', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'audio', 'video']);

export type THtmlToMarkdownOptions = {
  /** Rewrites an image source (a media file name in the package) to the URL the card should use; null drops it. */
  imageUrl?: (src: string) => string | null;
};

const MATH = /(\$\$[\s\S]*?\$\$|\$[^$\n]*\$)/;

/**
 * Escapes a `<` that Markdown could read as the start of raw HTML or an autolink (a letter, `/`, `!` or `?` follows), outside
 * $…$ math, where a backslash would change the formula and KaTeX shows `<` as text anyway. `a < b`, `<3` and every other
 * Markdown punctuation are left alone.
 */
function escapeAngles(markdown: string): string {
  return markdown
    .split(MATH)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/<(?=[A-Za-z/!?])/g, '\\<')))
    .join('');
}

/** A URL as a Markdown link destination without angle brackets: spaces, parentheses and brackets percent-encoded. */
function destination(url: string): string {
  return url.replace(/[\s()<>[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function isSafeHref(href: string): boolean {
  return /^(https?:|mailto:)/i.test(href.trim());
}

function render(nodes: ChildNode[], options: THtmlToMarkdownOptions): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') {
      out += node.data.replace(/\s+/g, ' ');
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const el = node as Element;
    const tag = el.name.toLowerCase();
    if (DROP.has(tag)) continue;
    const inner = () => render(el.children, options);
    switch (tag) {
      case 'br':
        out += '\n';
        break;
      case 'b':
      case 'strong': {
        const text = inner().trim();
        if (text) out += `**${text}**`;
        break;
      }
      case 'i':
      case 'em': {
        const text = inner().trim();
        if (text) out += `*${text}*`;
        break;
      }
      case 'code': {
        const text = inner();
        if (text) out += '`' + text.replace(/`/g, "'") + '`';
        break;
      }
      case 'img': {
        const src = el.attribs['src'];
        const url = src ? (options.imageUrl ? options.imageUrl(src) : null) : null;
        if (url) out += `![${(el.attribs['alt'] ?? '').replace(/[[\]]/g, '')}](${destination(url)})`;
        break;
      }
      case 'a': {
        const text = inner();
        const href = el.attribs['href'] ?? '';
        out += isSafeHref(href) ? `[${text}](${destination(href)})` : text;
        break;
      }
      case 'li':
        out += `\n- ${inner().trim()}\n`;
        break;
      case 'td':
      case 'th':
        out += `${inner().trim()} `;
        break;
      case 'hr':
        out += '\n\n---\n\n';
        break;
      default:
        out += BLOCK.has(tag) ? `\n${inner()}\n` : inner();
    }
  }
  return out;
}

/** Anki's MathJax `\(…\)` and `\[…\]` as the `$…$` / `$$…$$` that Recurrence's renderer reads. */
function mathDelimiters(html: string): string {
  return html.replace(/\\\[([\s\S]*?)\\\]/g, (_m, tex: string) => `$$${tex}$$`).replace(/\\\(([\s\S]*?)\\\)/g, (_m, tex: string) => `$${tex}$`);
}

export function htmlToMarkdown(html: string, options: THtmlToMarkdownOptions = {}): string {
  const doc = parseDocument(mathDelimiters(html), { decodeEntities: true, lowerCaseTags: true });
  return escapeAngles(render(doc.children, options))
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The image sources an HTML field refers to (media file names in an Anki package). */
export function imageSources(html: string): string[] {
  const doc = parseDocument(html);
  const found: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type === 'tag') {
        const el = n as Element;
        if (el.name.toLowerCase() === 'img' && el.attribs['src']) found.push(el.attribs['src']);
        walk(el.children);
      }
    }
  };
  walk(doc.children);
  return found;
}
