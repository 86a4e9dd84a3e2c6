import { CARD_TYPES, noteOrdinals, type TDeck } from '@recurrence/contracts';
import { ARTICLE_SECTIONS, type TArticleSection } from './article';

/**
 * Markdown table: every article section (heading in zh and en) → the ids of its notes, with how many notes and cards
 * it has, plus a count by type. A note makes one or more cards (`noteOrdinals`: a cloze note one per deletion number).
 */
export function renderCoverageTable(deck: TDeck, sections: readonly TArticleSection[] = ARTICLE_SECTIONS): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const cardCount = (notes: TDeck['cards']) => notes.reduce((n, note) => n + noteOrdinals(note).length, 0);
  const rows = sections.map((s) => {
    const notes = deck.cards.filter((c) => c.section === s.id);
    const ids = notes.map((c) => `\`${c.id}\``);
    return `| \`${s.id}\` | ${esc(s.heading.zh)} | ${esc(s.heading.en)} | ${notes.length} | ${cardCount(notes)} | ${ids.join(', ')} |`;
  });
  const counts = CARD_TYPES.map((t) => {
    const notes = deck.cards.filter((c) => c.type === t);
    return `${t} ${notes.length} (${cardCount(notes)})`;
  }).join(', ');
  return [
    '| Section id | Article heading (zh) | Heading (en) | Notes | Cards | Note ids |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `${deck.cards.length} notes making ${cardCount(deck.cards)} cards — notes (cards) by type: ${counts}.`,
  ].join('\n');
}
