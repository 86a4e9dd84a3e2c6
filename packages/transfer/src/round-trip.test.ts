import { ZNote, type TNote } from '@recurrence/contracts';
import { articleDeckDirectory, loadDeckDirectory } from '@recurrence/deck';
import { createScheduler, newMemoryState, type TMemoryState } from '@recurrence/srs';
import { describe, expect, it } from 'vitest';
import { parseAnkiPackage } from './anki-read';
import { parseCsv } from './csv';
import { exportApkg, exportCsv, exportDeckZip, type TExportDeck, type TExportNote, type TExportReview } from './export';
import { replayReviews } from './replay';
import { parseDeckZip } from './yaml-zip';

const one = (text: string) => ({ en: text, zh: text });
const note = (n: unknown): TNote => ZNote.parse(n);

const NOTES: TNote[] = [
  note({ id: 'plain-basic', section: 'basics', type: 'basic', tags: ['a', 'b-c'], front: one('What is **2+2**?'), back: one('4\nfour') }),
  note({ id: 'reversed', section: 'basics', type: 'basic', reverse: true, front: one('hund'), back: one('dog') }),
  note({ id: 'typed', section: 'basics', type: 'basic', typeIn: true, front: one('Capital of France'), back: one('Paris') }),
  note({ id: 'cloze-two', section: 'more', type: 'cloze', text: one('{{c1::Attention}} costs $O(n^2)$ in {{c2::sequence length}}'), extra: one('Memory too: $$n \\times n$$') }),
  note({ id: 'with-image', section: 'more', type: 'basic', front: one('Which logo? ![](/api/v1/decks/d1/media/anki.png)'), back: one('Anki & co <3') }),
];

const scheduler = createScheduler({ desiredRetention: 0.9, maximumIntervalDays: 36500, enableFuzz: true });

/** Reviews as a user would make them: each card rated at the times given. */
function studied(notes: TNote[], start: Date): TExportNote[] {
  return notes.map((n, i) => {
    const ordinals = n.type === 'cloze' ? [1, 2] : n.type === 'basic' && n.reverse ? [1, 2] : [1];
    return {
      note: n,
      cards: ordinals.map((ordinal) => {
        let state: TMemoryState = newMemoryState(start);
        const reviews: TExportReview[] = [];
        let at = new Date(start.getTime() + (i * 10 + ordinal) * 60_000);
        for (const rating of [3, 3, 1, 3, 4] as const) {
          const after = scheduler.scheduleNext(state, rating, at);
          reviews.push({ reviewedAt: at, rating, durationMs: 4200, stateBefore: state.state, after });
          state = after;
          at = new Date(Math.max(after.due.getTime(), at.getTime() + 60_000) + 3_600_000);
        }
        return { ordinal, state, reviews };
      }),
    };
  });
}

const deck = (notes: TExportNote[]): TExportDeck => ({
  slug: 'round-trip',
  title: one('Round trip'),
  description: one('Notes of every kind an Anki package holds'),
  notes,
  media: [{ name: 'anki.png', data: new Uint8Array([137, 80, 78, 71, 1, 2, 3]), contentType: 'image/png' }],
  mediaUrlPrefix: '/api/v1/decks/d1/media/',
});

describe('export then import gives the same notes', () => {
  it('.apkg: notes, cards, tags, media, and with history the same FSRS state', () => {
    const exported = studied(NOTES, new Date('2026-01-05T09:00:00Z'));
    const apkg = exportApkg(deck(exported), { language: 'en', history: true, now: new Date('2026-03-01T00:00:00Z') });
    const parsed = parseAnkiPackage(apkg, { language: 'en', kind: 'apkg', mediaUrl: (name) => `/api/v1/decks/d1/media/${name}` });
    expect(parsed.report.refused).toEqual([]);
    expect(parsed.notes).toEqual(NOTES.map((n) => ({ ...n, section: 'round-trip' })));
    expect(parsed.report).toMatchObject({ notes: 5, cards: 7, reviews: 35, media: 1 });
    expect(parsed.media[0]).toMatchObject({ name: 'anki.png', contentType: 'image/png' });

    const replayed = replayReviews(parsed.reviews, scheduler);
    expect(replayed).toHaveLength(7);
    for (const card of replayed) {
      const original = exported.find((n) => n.note.id === card.noteSlug)!.cards.find((c) => c.ordinal === card.ordinal)!;
      expect(card.state).toEqual(original.state);
      expect(card.reviews.map((r) => r.after)).toEqual(original.reviews.map((r) => r.after));
    }
  });

  it('.apkg without history has no review log', () => {
    const apkg = exportApkg(deck(studied(NOTES, new Date('2026-01-05T09:00:00Z'))), { language: 'en', history: false });
    expect(parseAnkiPackage(apkg, { language: 'en', kind: 'apkg' }).reviews).toEqual([]);
  });

  it('CSV: basic and cloze notes with their tags', () => {
    const csv = exportCsv(deck(NOTES.map((n) => ({ note: n, cards: [] }))), 'en');
    const parsed = parseCsv(new TextEncoder().encode(csv), { language: 'en' });
    expect(parsed.report.refused).toEqual([]);
    const plain = parsed.notes[0]!;
    expect(plain).toMatchObject({ type: 'basic', front: one('What is **2+2**?'), back: one('4\nfour'), tags: ['a', 'b-c'] });
    expect(parsed.notes[3]).toMatchObject({ type: 'cloze', text: NOTES[3]!.type === 'cloze' ? NOTES[3]!.text : {} });
  });

  it('the authoring zip: the article deck, every note type, both languages', async () => {
    const loaded = await loadDeckDirectory(articleDeckDirectory);
    if (!loaded.ok) throw new Error('article deck does not load');
    const zip = exportDeckZip({ ...deck(loaded.deck.cards.map((n) => ({ note: n, cards: [] }))), slug: loaded.deck.id, title: loaded.deck.title, description: loaded.deck.description });
    const parsed = parseDeckZip(zip);
    expect(parsed.report.refused).toEqual([]);
    expect(parsed.notes).toEqual(loaded.deck.cards);
    expect(new Set(parsed.notes.map((n) => n.type)).size).toBe(5);
  });
});
