import type { TBlankSegment, TLocalizedText, TQuizFront } from '@recurrence/contracts';
import { CLOZE_HREF } from '../markdown-text';

/** A mark out of 1, as people write it: 1, 0.5, 0.75. */
export const formatMark = (mark: number) => String(Math.round(mark * 100) / 100);

/** A score (the sum of marks): at most two decimals, no trailing zeros. */
export const formatScore = (score: number) => String(Math.round(score * 100) / 100);

/** A fraction as a whole percentage ("75%"); "—" when there is none. */
export const formatPercent = (fraction: number | null) => (fraction === null ? '—' : `${Math.round(fraction * 100)}%`);

/** One of Moodle's indices (already a percentage) with one decimal; "—" when undefined. */
export const formatIndex = (value: number | null) => (value === null ? '—' : value.toFixed(1));

/** The blanks of a cloze question as Markdown: each blank is "[n]" (or "[n: hint]"), bold, in place. */
export function blanksMarkdown(segments: TBlankSegment[]): string {
  return segments.map((s) => (s.kind === 'text' ? s.text : `[\\[${s.index}${s.hint ? `: ${s.hint.replace(/([[\]])/g, '\\$1')}` : ''}\\]](${CLOZE_HREF})`)).join('');
}

/** The question of a quiz front as Markdown in `lang` (a cloze question with its blanks). */
export function questionMarkdown(front: TQuizFront, lang: keyof TLocalizedText): string {
  switch (front.type) {
    case 'cloze':
      return blanksMarkdown(front.segments[lang]);
    case 'basic':
      return front.prompt[lang];
    default:
      return front.question[lang];
  }
}
