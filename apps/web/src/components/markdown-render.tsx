import type { ComponentProps } from 'react';
import ReactMarkdown, { type Options } from 'react-markdown';
import { CLOZE_HREF } from './markdown-text';

/** Markdown through react-markdown; loaded (with its parser) only when a text has Markdown in it. */
export function MarkdownRender({ children, remarkPlugins, rehypePlugins }: { children: string } & Pick<Options, 'remarkPlugins' | 'rehypePlugins'>) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={{ a: ClozeOrLink }}>
      {children}
    </ReactMarkdown>
  );
}

/**
 * A cloze deletion is written as a link to CLOZE_HREF and shown bold. Not `**…**`: CommonMark's flanking rules
 * make `**[…]**` fail to close when punctuation meets a Chinese character (`且**[…]**都`), and a link has no such rules.
 */
function ClozeOrLink({ href, children, node: _node, ...rest }: ComponentProps<'a'> & { node?: unknown }) {
  if (href === CLOZE_HREF) return <strong className="cloze">{children}</strong>;
  return (
    <a href={href} {...rest}>
      {children}
    </a>
  );
}
