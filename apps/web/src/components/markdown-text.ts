import type { TClozeSegment } from '@recurrence/contracts';

/**
 * A cloze deletion is written as a link to CLOZE_HREF (shown bold, see markdown-render.tsx). Not `**…**`: CommonMark's
 * flanking rules make `**[…]**` fail to close when punctuation meets a Chinese character (`且**[…]**都`).
 */
export const CLOZE_HREF = '#cloze';

/**
 * Whether a text needs the Markdown parser: any character CommonMark treats specially, or a line that starts a list,
 * a heading, a quote, a code block or a hard line break. Everything else renders as paragraphs with no parser at all (the same HTML).
 */
export function needsMarkdown(text: string): boolean {
  return /[*_`#[\]<>|~\\$&]|^ {4}|^\t| {2,}\n|^\s*[-+](\s|$)|^\s*=+\s*$|^\s*\d+[.)](\s|$)/m.test(text);
}

/** Whether a text has maths for KaTeX ($…$ or $$…$$): only then is KaTeX loaded. */
export function needsMaths(text: string): boolean {
  return text.includes('$');
}

/** A text without Markdown as CommonMark renders it: paragraphs split on blank lines, surrounding blanks dropped. */
export function plainParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.split('\n').map((line) => line.trim()).join('\n'))
    .filter((p) => p !== '');
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
