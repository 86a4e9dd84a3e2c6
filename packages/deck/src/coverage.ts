import { CARD_TYPES, type TDeck } from '@recurrence/contracts';
import { ARTICLE_SECTIONS, type TArticleSection } from './article';

/** Markdown table: every article section (heading in zh and en) → the ids of its cards, plus a count by card type. */
export function renderCoverageTable(deck: TDeck, sections: readonly TArticleSection[] = ARTICLE_SECTIONS): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const rows = sections.map((s) => {
    const ids = deck.cards.filter((c) => c.section === s.id).map((c) => `\`${c.id}\``);
    return `| \`${s.id}\` | ${esc(s.heading.zh)} | ${esc(s.heading.en)} | ${ids.length} | ${ids.join(', ')} |`;
  });
  const counts = CARD_TYPES.map((t) => `${deck.cards.filter((c) => c.type === t).length} ${t}`).join(', ');
  return [
    '| Section id | Article heading (zh) | Heading (en) | # | Card ids |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `${deck.cards.length} cards: ${counts}.`,
  ].join('\n');
}
