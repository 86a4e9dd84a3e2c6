/**
 * Export of a deck: the authoring format (a zip of the YAML folder, lossless), CSV as Anki and Quizlet read it, and
 * an Anki package (.apkg: schema 11 `collection.anki2`, the format every Anki since 2.1 imports, with media and,
 * when asked, the review history as Anki's revlog).
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import { stringify as stringifyYaml } from 'yaml';
import { noteOrdinals, type TLocalizedText, type TNote } from '@recurrence/contracts';
import type { TMemoryState } from '@recurrence/srs';
import { textOf, type TImportLanguage } from './notes';
import type { TMediaFile } from './types';

export type TExportReview = { reviewedAt: Date; rating: 1 | 2 | 3 | 4; durationMs: number; stateBefore: string; after: TMemoryState };
export type TExportCard = { ordinal: number; state: TMemoryState | null; reviews: TExportReview[] };
export type TExportNote = { note: TNote; cards: TExportCard[] };

export type TExportDeck = {
  /** A slug (the deck's id as the authoring format spells it). */
  slug: string;
  title: TLocalizedText;
  description: TLocalizedText;
  notes: TExportNote[];
  media: TMediaFile[];
  /** The URL prefix under which the deck's media are shown in card text (e.g. /api/v1/decks/x/media/). */
  mediaUrlPrefix: string;
};

// ---------------------------------------------------------------------------
// Authoring format

/**
 * Single quotes where a string cannot be plain: in double quotes a backslash starts an escape, and the deck loader
 * refuses LaTeX there (\\tau would read as a tab); long lines stay unfolded.
 */
const YAML_OPTIONS = { lineWidth: 0, singleQuote: true } as const;

export function exportDeckZip(deck: TExportDeck): Uint8Array {
  const sections: string[] = [];
  const bySection = new Map<string, TNote[]>();
  for (const { note } of deck.notes) {
    if (!bySection.has(note.section)) {
      sections.push(note.section);
      bySection.set(note.section, []);
    }
    bySection.get(note.section)!.push(note);
  }
  const manifest = {
    id: deck.slug,
    title: deck.title,
    description: deck.description,
    sections: sections.map((id) => ({ id, title: { en: id, zh: id } })),
  };
  const files: Record<string, Uint8Array> = { [`${deck.slug}/deck.yaml`]: strToU8(stringifyYaml(manifest, YAML_OPTIONS)) };
  sections.forEach((section, i) => {
    const cards = bySection.get(section)!.map((note) => {
      const { section: _section, ...rest } = note;
      return rest;
    });
    const name = `${deck.slug}/sections/${String(i + 1).padStart(2, '0')}-${section}.yaml`;
    files[name] = strToU8(stringifyYaml({ section, cards }, YAML_OPTIONS));
  });
  return zipSync(files, { level: 6 });
}

// ---------------------------------------------------------------------------
// Front and back as one text each (CSV, and the fields of an Anki note)

function sides(note: TNote, language: TImportLanguage): { front: string; back: string } {
  const t = (v: TLocalizedText | undefined) => textOf(v, language);
  switch (note.type) {
    case 'basic':
      return { front: t(note.front), back: t(note.back) };
    case 'cloze':
      return { front: t(note.text), back: t(note.extra) };
    case 'multiple-choice':
      return {
        front: [t(note.question), ...note.choices.map((c) => `- ${t(c.text)}`)].join('\n'),
        back: note.choices.filter((c) => c.correct).map((c) => t(c.text)).join('\n'),
      };
    case 'numeric':
      return { front: t(note.question), back: `${note.answer}${note.unit ? ` ${note.unit}` : ''}` };
    case 'open':
      return { front: t(note.question), back: [t(note.modelAnswer), ...note.checklist.map((c) => `- ${t(c)}`)].join('\n') };
  }
}

/** Tab-separated, with Anki's header lines (Anki reads them; Quizlet's import takes tab-separated rows too). */
export function exportCsv(deck: TExportDeck, language: TImportLanguage): string {
  const rows = deck.notes.map(({ note }) => {
    const { front, back } = sides(note, language);
    return [front, back, note.tags.join(' ')];
  });
  return '#separator:tab\n#html:false\n#tags column:3\n' + stringifyCsv(rows, { delimiter: '\t', record_delimiter: '\n', quoted_match: /[\n"]/ });
}

// ---------------------------------------------------------------------------
// Anki package

const BASIC_MODEL = 1_700_000_000_001;
const REVERSED_MODEL = 1_700_000_000_002;
const TYPE_IN_MODEL = 1_700_000_000_003;
const REVERSED_TYPE_IN_MODEL = 1_700_000_000_004;
const CLOZE_MODEL = 1_700_000_000_005;
const DECK_ID = 1_700_000_000_100;
const CSS = '.card { font-family: arial; font-size: 20px; text-align: center; color: black; background-color: white; }\n.cloze { font-weight: bold; color: blue; }';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Card text (Markdown + $math$) as an Anki field: HTML-escaped, MathJax delimiters, line breaks, images of the deck's media. */
function fieldHtml(markdown: string, mediaUrlPrefix: string): string {
  const parts = markdown.split(/(\$\$[\s\S]*?\$\$|\$[^$\n]*\$|!\[[^\]]*\]\([^)\s]*\))/);
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return escapeHtml(part.replace(/\\</g, '<')).replace(/\n/g, '<br>');
      if (part.startsWith('$$')) return `\\[${escapeHtml(part.slice(2, -2))}\\]`;
      if (part.startsWith('$')) return `\\(${escapeHtml(part.slice(1, -1))}\\)`;
      const m = /^!\[([^\]]*)\]\(([^)\s]*)\)$/.exec(part);
      const url = decodeURIComponent(m?.[2] ?? '');
      const name = url.startsWith(mediaUrlPrefix) ? url.slice(mediaUrlPrefix.length) : null;
      return name ? `<img src="${escapeHtml(name)}" alt="${escapeHtml(m?.[1] ?? '')}">` : escapeHtml(part);
    })
    .join('');
}

function template(name: string, ord: number, qfmt: string, afmt: string) {
  return { name, ord, qfmt, afmt, did: null, bqfmt: '', bafmt: '' };
}

function model(id: number, name: string, type: 0 | 1, fields: string[], tmpls: ReturnType<typeof template>[]) {
  return {
    id,
    name,
    type,
    mod: 0,
    usn: -1,
    sortf: 0,
    did: DECK_ID,
    tmpls,
    flds: fields.map((f, ord) => ({ name: f, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] })),
    css: CSS,
    latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    tags: [],
    vers: [],
    req: type === 1 ? [] : tmpls.map((_t, i) => [i, 'any', [i === 0 ? 0 : 1]]),
  };
}

const ANSWER = '{{FrontSide}}\n\n<hr id=answer>\n\n';
const MODELS = {
  [BASIC_MODEL]: model(BASIC_MODEL, 'Basic', 0, ['Front', 'Back'], [template('Card 1', 0, '{{Front}}', `${ANSWER}{{Back}}`)]),
  [REVERSED_MODEL]: model(REVERSED_MODEL, 'Basic (and reversed card)', 0, ['Front', 'Back'], [
    template('Card 1', 0, '{{Front}}', `${ANSWER}{{Back}}`),
    template('Card 2', 1, '{{Back}}', `${ANSWER}{{Front}}`),
  ]),
  [TYPE_IN_MODEL]: model(TYPE_IN_MODEL, 'Basic (type in the answer)', 0, ['Front', 'Back'], [
    template('Card 1', 0, '{{Front}}\n\n{{type:Back}}', '{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}'),
  ]),
  [REVERSED_TYPE_IN_MODEL]: model(REVERSED_TYPE_IN_MODEL, 'Basic (and reversed, type in the answer)', 0, ['Front', 'Back'], [
    template('Card 1', 0, '{{Front}}\n\n{{type:Back}}', '{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}'),
    template('Card 2', 1, '{{Back}}\n\n{{type:Front}}', '{{Back}}\n\n<hr id=answer>\n\n{{type:Front}}'),
  ]),
  [CLOZE_MODEL]: model(CLOZE_MODEL, 'Cloze', 1, ['Text', 'Back Extra'], [template('Cloze', 0, '{{cloze:Text}}', '{{cloze:Text}}<br>\n{{Back Extra}}')]),
};

function modelOf(note: TNote): number {
  if (note.type === 'cloze') return CLOZE_MODEL;
  if (note.type === 'basic') {
    if (note.reverse && note.typeIn) return REVERSED_TYPE_IN_MODEL;
    if (note.reverse) return REVERSED_MODEL;
    if (note.typeIn) return TYPE_IN_MODEL;
  }
  return BASIC_MODEL;
}

const SCHEMA_11 = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null,
  dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null,
  tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null,
  usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null,
  factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null,
  lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
`;

/** Anki's duplicate check: the first 8 hex digits of SHA-1 of the first field without HTML. */
function checksum(field: string): number {
  const plain = field.replace(/<[^>]*>/g, '');
  return Number.parseInt(createHash('sha1').update(plain).digest('hex').slice(0, 8), 16);
}

const ANKI_TYPE: Record<string, number> = { new: 0, learning: 1, review: 2, relearning: 3 };
const REVLOG_TYPE: Record<string, number> = { new: 0, learning: 0, review: 1, relearning: 2 };

export type TApkgOptions = { language: TImportLanguage; history: boolean; now?: Date };

export function exportApkg(deck: TExportDeck, options: TApkgOptions): Uint8Array {
  const now = options.now ?? new Date();
  const nowSecs = Math.floor(now.getTime() / 1000);
  const crtSecs = nowSecs - (nowSecs % 86400);
  const db = new Database(':memory:');
  try {
    db.exec(SCHEMA_11);
    const deckName = textOf(deck.title, options.language) || deck.slug;
    const decks = {
      '1': { id: 1, name: 'Default', mod: nowSecs, usn: -1, collapsed: false, desc: '', dyn: 0, conf: 1, extendNew: 0, extendRev: 0, newToday: [0, 0], revToday: [0, 0], lrnToday: [0, 0], timeToday: [0, 0] },
      [DECK_ID]: { id: DECK_ID, name: deckName, mod: nowSecs, usn: -1, collapsed: false, desc: textOf(deck.description, options.language), dyn: 0, conf: 1, extendNew: 0, extendRev: 0, newToday: [0, 0], revToday: [0, 0], lrnToday: [0, 0], timeToday: [0, 0] },
    };
    const dconf = { '1': { id: 1, name: 'Default', mod: 0, usn: 0, maxTaken: 60, autoplay: true, timer: 0, replayq: true, dyn: false, new: { delays: [1, 10], ints: [1, 4, 7], initialFactor: 2500, order: 1, perDay: 20 }, rev: { perDay: 200, ease4: 1.3, ivlFct: 1, maxIvl: 36500, hardFactor: 1.2 }, lapse: { delays: [10], mult: 0, minInt: 1, leechFails: 8, leechAction: 0 } } };
    const conf = { activeDecks: [DECK_ID], curDeck: DECK_ID, newSpread: 0, collapseTime: 1200, timeLim: 0, estTimes: true, dueCounts: true, curModel: BASIC_MODEL, nextPos: deck.notes.length + 1, sortType: 'noteFld', sortBackwards: false, addToCur: true };
    db.prepare('INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)').run(
      crtSecs,
      now.getTime(),
      now.getTime(),
      JSON.stringify(conf),
      JSON.stringify(MODELS),
      JSON.stringify(decks),
      JSON.stringify(dconf),
      '{}',
    );
    const insertNote = db.prepare('INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, \'\')');
    const insertCard = db.prepare('INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)');
    const insertRevlog = db.prepare('INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)');
    const usedRevlogIds = new Set<number>();
    let nextId = now.getTime() - deck.notes.length * 4;
    const write = db.transaction(() => {
      deck.notes.forEach(({ note, cards }, position) => {
        const nid = (nextId += 1);
        const { front, back } = sides(note, options.language);
        const flds = [fieldHtml(front, deck.mediaUrlPrefix), fieldHtml(back, deck.mediaUrlPrefix)];
        const tags = note.tags.length > 0 ? ` ${note.tags.join(' ')} ` : '';
        insertNote.run(nid, note.id, modelOf(note), nowSecs, tags, flds.join('\x1f'), front, checksum(flds[0] ?? ''));
        const byOrdinal = new Map(cards.map((c) => [c.ordinal, c]));
        for (const ordinal of noteOrdinals(note)) {
          const cid = (nextId += 1);
          const card = byOrdinal.get(ordinal);
          const state = options.history ? (card?.state ?? null) : null;
          let type = 0;
          let queue = 0;
          let due = position + 1;
          let ivl = 0;
          let data = '';
          if (state && state.state !== 'new') {
            type = ANKI_TYPE[state.state] ?? 0;
            queue = state.state === 'review' ? 2 : 1;
            due = state.state === 'review' ? Math.max(0, Math.floor((state.due.getTime() / 1000 - crtSecs) / 86400)) : Math.floor(state.due.getTime() / 1000);
            ivl = state.scheduledDays;
            data = JSON.stringify({ s: Number(state.stability.toFixed(4)), d: Number(state.difficulty.toFixed(4)) });
          }
          insertCard.run(cid, nid, DECK_ID, ordinal - 1, nowSecs, type, queue, due, ivl, 2500, state?.reps ?? 0, state?.lapses ?? 0, data);
          if (!options.history || !card) continue;
          let lastIvl = 0;
          for (const r of card.reviews) {
            let id = r.reviewedAt.getTime();
            // Anki's revlog id is the review time in ms and must be unique; a clash moves by a millisecond.
            while (usedRevlogIds.has(id)) id += 1;
            usedRevlogIds.add(id);
            const ivlAfter = r.after.state === 'review' ? r.after.scheduledDays : -Math.round((r.after.due.getTime() - r.reviewedAt.getTime()) / 1000);
            insertRevlog.run(id, cid, r.rating, ivlAfter, lastIvl, 2500, r.durationMs, REVLOG_TYPE[r.stateBefore] ?? 1);
            lastIvl = ivlAfter;
          }
        }
      });
    });
    write();
    const collection = db.serialize();
    const files: Record<string, Uint8Array> = { 'collection.anki2': new Uint8Array(collection.buffer, collection.byteOffset, collection.byteLength) };
    const mediaIndex: Record<string, string> = {};
    deck.media.forEach((m, i) => {
      mediaIndex[String(i)] = m.name;
      files[String(i)] = m.data;
    });
    files['media'] = strToU8(JSON.stringify(mediaIndex));
    return zipSync(files, { level: 6 });
  } finally {
    db.close();
  }
}
