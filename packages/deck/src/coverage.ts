import type { TDeck } from '@recurrence/contracts';
import { ARTICLE_SECTIONS, type TArticleSection } from './article';
import { countNotesAndCards } from './card-counts';

const esc = (s: string): string => s.replace(/\|/g, '\\|');

/**
 * Markdown table: every article section (heading in zh and en) → the ids of its notes, with how many notes and cards
 * it has, plus a count by type. A note makes one or more cards (`noteOrdinals`: a cloze note one per deletion number).
 */
export function renderCoverageTable(deck: TDeck, sections: readonly TArticleSection[] = ARTICLE_SECTIONS): string {
  const rows = sections.map((s) => {
    const notes = deck.cards.filter((c) => c.section === s.id);
    const ids = notes.map((c) => `\`${c.id}\``);
    return `| \`${s.id}\` | ${esc(s.heading.zh)} | ${esc(s.heading.en)} | ${notes.length} | ${countNotesAndCards(notes).cards} | ${ids.join(', ')} |`;
  });
  const total = countNotesAndCards(deck.cards);
  const counts = total.byType.map((t) => `${t.type} ${t.notes} (${t.cards})`).join(', ');
  return [
    '| Section id | Article heading (zh) | Heading (en) | Notes | Cards | Note ids |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `${total.notes} notes making ${total.cards} cards — notes (cards) by type: ${counts}.`,
  ].join('\n');
}

/**
 * Markdown table: every note that corrects its source (`correction`), with the accurate statement (English, on one
 * line) and its references, in deck order.
 */
export function renderCorrectionsTable(deck: TDeck): string {
  const line = (s: string): string => esc(s.replace(/\s*\n\s*/g, ' ').trim());
  const rows = deck.cards.flatMap((note) =>
    note.correction
      ? [`| \`${note.id}\` | ${line(note.correction.precisely.en)} | ${note.correction.references.map(line).join('; ') || '—'} |`]
      : [],
  );
  return ['| Note | What is accurate | References |', '| --- | --- | --- |', ...rows].join('\n');
}
