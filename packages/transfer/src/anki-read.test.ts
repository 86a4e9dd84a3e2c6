import { noteOrdinals } from '@recurrence/contracts';
import { describe, expect, it } from 'vitest';
import { parseAnkiPackage } from './anki-read';
import { readAnkiFixture } from './fixtures';

const mediaUrl = (name: string) => `/media/${name}`;

describe('Anki packages made by other tools (../shared/fixtures/anki)', () => {
  it('Anki-pwa_ap_gov_vocab_anki11.apkg: legacy collection.anki2, Basic (and reversed card)', () => {
    const parsed = parseAnkiPackage(readAnkiFixture('Anki-pwa_ap_gov_vocab_anki11.apkg'), { language: 'en', kind: 'apkg', mediaUrl });
    const { report } = parsed;
    console.log('gov vocab:', { notes: report.notes, cards: report.cards, reviews: report.reviews, media: report.media, refused: report.refused.length });
    expect(report.refused).toEqual([]);
    expect([report.notes, report.cards, report.reviews]).toEqual([242, 484, 0]);
    expect(parsed.title).toBe('Gov Vocab');
    const first = parsed.notes[0]!;
    expect(first).toMatchObject({ type: 'basic', reverse: true, front: { en: 'unalienable' }, back: { en: 'A human right based on nature or God.' }, tags: ['ch-2'] });
  });

  it('Anki-pwa_example_music_intervals.apkg: reads collection.anki21b (zstd, schema 18), not the stub beside it', () => {
    const parsed = parseAnkiPackage(readAnkiFixture('Anki-pwa_example_music_intervals.apkg'), { language: 'en', kind: 'apkg', mediaUrl });
    const { report } = parsed;
    console.log('music intervals:', { notes: report.notes, cards: report.cards, reviews: report.reviews, media: report.media, refused: report.refused.length });
    expect(report.refused).toEqual([]);
    expect([report.notes, report.cards, report.reviews]).toEqual([340, 340, 0]);
    expect(parsed.title).toBe('Music Intervals');
    expect(parsed.notes.some((n) => n.type === 'basic' && n.front.en.includes('Please update'))).toBe(false);
    const first = parsed.notes[0]!;
    // `<h1>G</h1>` in the Back field becomes Markdown text; subdecks become sections.
    expect(first).toMatchObject({ type: 'basic', front: { en: 'The perfect 5th of C is...' }, back: { en: 'G' }, tags: ['easy', 'interval'] });
    expect(new Set(parsed.notes.map((n) => n.section)).size).toBe(4);
    expect(parsed.notes.reduce((n, note) => n + noteOrdinals(note).length, 0)).toBe(340);
  });

  it('anki-apkg-export_output.apkg: legacy collection with one media file', () => {
    const parsed = parseAnkiPackage(readAnkiFixture('anki-apkg-export_output.apkg'), { language: 'en', kind: 'apkg', mediaUrl });
    const { report } = parsed;
    console.log('anki-apkg-export:', { notes: report.notes, cards: report.cards, reviews: report.reviews, media: report.media, refused: report.refused.length, warnings: report.warnings });
    expect([report.notes, report.cards, report.reviews]).toEqual([3, 3, 0]);
    expect(parsed.notes.map((n) => n.type === 'basic' && n.front.en)).toEqual(['card #1 front', 'card #2 front', 'card #3 with image ![](/media/anki.png)']);
    expect(parsed.media.map((m) => [m.name, m.contentType, m.data.length])).toEqual([['anki.png', 'image/png', 19040]]);
    expect(parsed.notes[0]?.tags).toEqual(['food', 'fruit']);
  });
});
