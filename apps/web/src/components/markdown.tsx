import type { TClozeSegment } from '@recurrence/contracts';
import type { ComponentProps } from 'react';
import ReactMarkdown from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';

/**
 * Card text: Markdown with $…$ / $$…$$ math. Raw HTML in the source is not rendered (react-markdown escapes it
 * unless rehype-raw is added, which it is not), so no script from card content can run.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkMath]} rehypePlugins={[[rehypeKatex, { throwOnError: false, strict: 'ignore' }]]} components={{ a: ClozeOrLink }}>
        {children}
      </ReactMarkdown>
    </div>
  );
}

/**
 * A cloze deletion is written as a link to CLOZE_HREF and shown bold. Not `**…**`: CommonMark's flanking rules
 * make `**[…]**` fail to close when punctuation meets a Chinese character (`且**[…]**都`), and a link has no such rules.
 */
export const CLOZE_HREF = '#cloze';

function ClozeOrLink({ href, children, node: _node, ...rest }: ComponentProps<'a'> & { node?: unknown }) {
  if (href === CLOZE_HREF) return <strong className="cloze">{children}</strong>;
  return (
    <a href={href} {...rest}>
      {children}
    </a>
  );
}

/**
 * The cloze card `ordinal` of a note as Markdown, as Anki shows it: its deletions (every one with that number) become
 * "[…]" (or "[hint]") before the reveal and the bold answer after; the note's other deletions are plain text.
 * Without an ordinal every deletion is the card's.
 */
export function clozeMarkdown(segments: TClozeSegment[], revealed: boolean, ordinal?: number): string {
  // Brackets inside the link text are escaped, except inside $…$ math, where a backslash would change the formula.
  const escape = (text: string) => (text.includes('$') ? text : text.replace(/([[\]])/g, '\\$1'));
  return segments
    .map((s) => {
      if (s.kind === 'text') return s.text;
      if (ordinal !== undefined && s.number !== ordinal) return s.answer;
      return `[${revealed ? escape(s.answer) : `\\[${escape(s.hint ?? '…')}\\]`}](${CLOZE_HREF})`;
    })
    .join('');
}
