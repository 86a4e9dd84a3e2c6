/**
 * Anki packages (.apkg, .colpkg) → notes, media and review history.
 *
 * Which collection: `collection.anki21b` (zstd-compressed SQLite, schema 18; the `collection.anki2` beside it is a stub
 * that only says to update Anki) first, then `collection.anki21`, then `collection.anki2`. Note types come from the
 * `notetypes`/`fields`/`templates` tables (schema 18, protobuf configs) or from `col.models` (JSON, schema 11).
 *
 * Mapping onto Recurrence's notes (ARCHITECTURE.md): a cloze note type → cloze (its `{{cloze:…}}` field is the text,
 * the other fields its answer shows are the extra); every other note type → basic, the fields its first template
 * asks being the front and the fields its answer adds the back; `{{type:…}}` makes it a type-in card; a second card
 * (template 2 asking what template 1 answered: Basic and reversed, optional reversed) makes it `reverse`.
 */
import Database from 'better-sqlite3';
import type { TNote } from '@recurrence/contracts';
import { noteOrdinals } from '@recurrence/contracts';
import { CheckedZip } from './archive';
import { TransferError } from './errors';
import { htmlToMarkdown } from './html-to-markdown';
import { DEFAULT_ARCHIVE_LIMITS, type TArchiveLimits } from './limits';
import { mediaContentType, safeMediaName } from './media-types';
import { localized, noteSlug, sectionSlug, tagSlug, validateNote, type TImportLanguage, type TRefusal } from './notes';
import { messageFields, numberField, readMessage, stringField } from './protobuf-fields';
import type { TImportedReview, TMediaFile, TParsedImport } from './types';

export type TAnkiOptions = {
  language: TImportLanguage;
  kind: 'apkg' | 'colpkg';
  limits?: TArchiveLimits;
  /** The URL a card uses for a media file of the package; without it images are left out (with a warning). */
  mediaUrl?: (name: string) => string;
};

type NoteType = {
  id: number;
  name: string;
  cloze: boolean;
  fields: string[];
  templates: { ord: number; qfmt: string; afmt: string }[];
};

const SPECIAL_FIELDS = new Set(['FrontSide', 'Tags', 'Deck', 'Subdeck', 'Card', 'CardFlag', 'Type', 'CardID']);
const STUB_TEXT = 'Please update to the latest Anki version';

/** The fields a template shows, in order, and those it asks to be typed in. */
function templateFields(template: string): { shown: string[]; typed: string[]; cloze: string[] } {
  const shown: string[] = [];
  const typed: string[] = [];
  const cloze: string[] = [];
  for (const m of template.matchAll(/\{\{([^{}]+)\}\}/g)) {
    const ref = (m[1] ?? '').trim();
    if (/^[#^/!]/.test(ref)) continue;
    const parts = ref.split(':');
    const name = (parts[parts.length - 1] ?? '').trim();
    const filters = parts.slice(0, -1).map((f) => f.trim().toLowerCase());
    if (!name || SPECIAL_FIELDS.has(name)) continue;
    if (filters.includes('type')) typed.push(name);
    else if (filters.includes('cloze')) cloze.push(name);
    else if (!shown.includes(name)) shown.push(name);
  }
  return { shown, typed, cloze };
}

function openCollection(bytes: Uint8Array, what: string): Database.Database {
  let db: Database.Database;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A collection saved in WAL mode (header bytes 18–19 = 2) cannot be opened from memory; as a rollback-journal
  // database (1) it reads the same: the package holds no -wal file, so the main file is the whole database.
  if (buffer.length > 100 && buffer.toString('latin1', 0, 15) === 'SQLite format 3' && buffer[18] === 2 && buffer[19] === 2) {
    buffer[18] = 1;
    buffer[19] = 1;
  }
  try {
    db = new Database(buffer);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = ['col', 'notes', 'cards', 'revlog'].filter((t) => !tables.has(t));
    if (missing.length > 0) {
      db.close();
      throw new TransferError('not-an-anki-collection', `${what} is an SQLite database but not an Anki collection (no ${missing.join(', ')} table)`);
    }
  } catch (err) {
    if (err instanceof TransferError) throw err;
    throw new TransferError('not-an-anki-collection', `${what} is not an SQLite database`);
  }
  return db;
}

function readNoteTypes(db: Database.Database): Map<number, NoteType> {
  const types = new Map<number, NoteType>();
  const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (hasTable('notetypes')) {
    for (const row of db.prepare('SELECT id, name, config FROM notetypes').all() as { id: number; name: string; config: Buffer }[]) {
      const kind = numberField(readMessage(row.config), 1);
      types.set(row.id, { id: row.id, name: row.name, cloze: kind === 1, fields: [], templates: [] });
    }
    for (const row of db.prepare('SELECT ntid, ord, name FROM fields ORDER BY ntid, ord').all() as { ntid: number; ord: number; name: string }[]) {
      types.get(row.ntid)?.fields.push(row.name);
    }
    for (const row of db.prepare('SELECT ntid, ord, config FROM templates ORDER BY ntid, ord').all() as { ntid: number; ord: number; config: Buffer }[]) {
      const config = readMessage(row.config);
      types.get(row.ntid)?.templates.push({ ord: row.ord, qfmt: stringField(config, 1), afmt: stringField(config, 2) });
    }
    return types;
  }
  const col = db.prepare('SELECT models FROM col').get() as { models: string } | undefined;
  let models: Record<string, { id: number; name: string; type: number; flds: { name: string; ord: number }[]; tmpls: { ord: number; qfmt: string; afmt: string }[] }>;
  try {
    models = JSON.parse(col?.models ?? '') as typeof models;
  } catch {
    throw new TransferError('not-an-anki-collection', 'the collection has no readable note types (col.models is not JSON)');
  }
  for (const m of Object.values(models)) {
    types.set(Number(m.id), {
      id: Number(m.id),
      name: m.name,
      cloze: m.type === 1,
      fields: [...m.flds].sort((a, b) => a.ord - b.ord).map((f) => f.name),
      templates: [...m.tmpls].sort((a, b) => a.ord - b.ord).map((t) => ({ ord: t.ord, qfmt: t.qfmt, afmt: t.afmt })),
    });
  }
  return types;
}

function readDeckNames(db: Database.Database): Map<number, string> {
  const names = new Map<number, string>();
  const hasDecks = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decks'").get() !== undefined;
  if (hasDecks) {
    for (const row of db.prepare('SELECT id, name FROM decks').all() as { id: number; name: string }[]) names.set(row.id, row.name.split('\x1f').join('::'));
    return names;
  }
  try {
    const decks = JSON.parse((db.prepare('SELECT decks FROM col').get() as { decks: string }).decks) as Record<string, { id: number; name: string }>;
    for (const d of Object.values(decks)) names.set(Number(d.id), d.name);
  } catch {
    // Decks only name sections; without them every note goes to one section.
  }
  return names;
}

function readMedia(zip: CheckedZip, latest: boolean, warnings: string[]): Map<string, TMediaFile> {
  const media = new Map<string, TMediaFile>();
  const index = zip.read('media');
  if (!index) return media;
  const entries: { zipName: string; name: string }[] = [];
  const isZstd = (b: Uint8Array) => b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd;
  if (isZstd(index)) {
    const message = readMessage(zip.zstd(index, 'media'));
    messageFields(message, 1).forEach((entry, i) => {
      const fields = readMessage(entry);
      const legacy = fields.get(255)?.[0];
      entries.push({ zipName: typeof legacy === 'number' ? String(legacy) : String(i), name: stringField(fields, 1) });
    });
  } else {
    let map: Record<string, string>;
    try {
      map = JSON.parse(new TextDecoder().decode(index)) as Record<string, string>;
    } catch {
      throw new TransferError('not-an-anki-package', 'the package\'s media index ("media") is neither JSON nor zstd protobuf');
    }
    for (const [zipName, name] of Object.entries(map)) entries.push({ zipName, name: String(name) });
  }
  for (const { zipName, name } of entries) {
    const safe = safeMediaName(name);
    if (!safe) {
      warnings.push(`media file "${name.slice(0, 100)}" has an unsafe name; left out`);
      continue;
    }
    let data = zip.read(zipName);
    if (!data) {
      warnings.push(`media file "${name}" is listed but missing from the package; left out`);
      continue;
    }
    if (latest && isZstd(data)) data = zip.zstd(data, name);
    media.set(safe, { name: safe, data, contentType: mediaContentType(safe) });
  }
  return media;
}

type CardRow = { id: number; nid: number; did: number; ord: number };
type NoteRow = { id: number; guid: string; mid: number; tags: string; flds: string };
type RevlogRow = { id: number; cid: number; ease: number; time: number; type: number };

export function parseAnkiPackage(data: Uint8Array, options: TAnkiOptions): TParsedImport {
  const limits = options.limits ?? DEFAULT_ARCHIVE_LIMITS;
  const zip = CheckedZip.open(data, limits);
  const name = ['collection.anki21b', 'collection.anki21', 'collection.anki2'].find((n) => zip.has(n));
  if (!name) {
    throw new TransferError('not-an-anki-package', 'the zip holds no collection.anki21b, collection.anki21 or collection.anki2: it is not an Anki package');
  }
  const latest = name === 'collection.anki21b';
  const raw = zip.read(name)!;
  const db = openCollection(latest ? zip.zstd(raw, name) : raw, name);
  try {
    return readCollection(db, zip, latest, options);
  } finally {
    db.close();
  }
}

function readCollection(db: Database.Database, zip: CheckedZip, latest: boolean, options: TAnkiOptions): TParsedImport {
  const refused: TRefusal[] = [];
  const warnings: string[] = [];
  const noteTypes = readNoteTypes(db);
  const deckNames = readDeckNames(db);
  const noteRows = db.prepare('SELECT id, guid, mid, tags, flds FROM notes ORDER BY id').all() as NoteRow[];
  if (!latest && noteRows.length === 1 && noteRows[0]?.flds.includes(STUB_TEXT)) {
    throw new TransferError('unsupported-anki-format', 'this package\'s legacy collection is only a stub asking to update Anki, and no newer collection is in it');
  }
  const cardsByNote = new Map<number, CardRow[]>();
  for (const c of db.prepare('SELECT id, nid, did, ord FROM cards ORDER BY nid, ord').all() as CardRow[]) {
    const list = cardsByNote.get(c.nid) ?? [];
    list.push(c);
    cardsByNote.set(c.nid, list);
  }
  const media = readMedia(zip, latest, warnings);
  const usedMedia = new Set<string>();
  const toText = (html: string) =>
    htmlToMarkdown(html.replace(/\[sound:[^\]]*\]/g, ''), {
      imageUrl: (src) => {
        const file = media.get(src);
        if (!file) return null;
        if (!options.mediaUrl) return null;
        usedMedia.add(src);
        return options.mediaUrl(src);
      },
    });

  // The deck the notes' cards mostly sit in names the import; each Anki deck becomes a section.
  const topDecks = new Map<string, number>();
  for (const cards of cardsByNote.values()) {
    const deck = deckNames.get(cards[0]?.did ?? -1);
    if (deck) topDecks.set(deck.split('::')[0] ?? deck, (topDecks.get(deck.split('::')[0] ?? deck) ?? 0) + 1);
  }
  const title = [...topDecks.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;

  const notes: TNote[] = [];
  const slugs = new Set<string>();
  const cardKey = new Map<number, { slug: string; ordinal: number }>();
  let soundWarned = false;
  for (const row of noteRows) {
    const at = `note ${row.id}`;
    const type = noteTypes.get(row.mid);
    if (!type) {
      refused.push({ at, reason: `its note type (${row.mid}) is not in the collection` });
      continue;
    }
    const values = row.flds.split('\x1f');
    const field = (n: string) => values[type.fields.indexOf(n)] ?? '';
    if (!soundWarned && /\[sound:/.test(row.flds)) {
      warnings.push('sound and video references ([sound:…]) are left out: Recurrence cards do not play media');
      soundWarned = true;
    }
    const cards = cardsByNote.get(row.id) ?? [];
    const deck = deckNames.get(cards[0]?.did ?? -1) ?? title ?? 'imported';
    const section = sectionSlug(deck.split('::').slice(1).join(' ') || deck);
    const tags: string[] = [];
    for (const t of row.tags.split(/\s+/).filter(Boolean)) {
      const slug = tagSlug(t);
      if (slug && !tags.includes(slug)) tags.push(slug);
      else if (!slug) warnings.push(`${at}: tag "${t}" has no letters or digits Recurrence keeps; dropped`);
    }
    const slug = noteSlug(row.guid, slugs);
    const template0 = type.templates[0];
    if (!template0) {
      refused.push({ at, reason: `note type "${type.name}" has no card template` });
      continue;
    }
    const q = templateFields(template0.qfmt);
    const a = templateFields(template0.afmt);
    let candidate: Record<string, unknown>;
    let ordinalOf: (ord: number) => number;
    if (type.cloze) {
      if (/image-occlusion/i.test(template0.qfmt)) {
        refused.push({ at, reason: `note type "${type.name}" is an image occlusion, which Recurrence cannot show` });
        continue;
      }
      const textField = q.cloze[0] ?? type.fields[0] ?? '';
      const text = toText(field(textField));
      const extra = a.shown
        .filter((f) => f !== textField)
        .map((f) => toText(field(f)))
        .filter(Boolean)
        .join('\n\n');
      candidate = { type: 'cloze', id: slug, section, tags, text: localized(text, options.language), ...(extra ? { extra: localized(extra, options.language) } : {}) };
      ordinalOf = (ord) => ord + 1;
    } else {
      const frontFields = q.shown;
      const typed = q.typed;
      const backFields = [...typed, ...a.shown.filter((f) => !frontFields.includes(f) && !typed.includes(f))];
      const front = frontFields.map((f) => toText(field(f))).filter(Boolean).join('\n\n');
      const back = backFields.map((f) => toText(field(f))).filter(Boolean).join('\n\n');
      if (!front || !back) {
        refused.push({ at, reason: `the ${front ? 'back' : 'front'} is empty (note type "${type.name}", fields ${(front ? backFields : frontFields).join(', ') || 'none'})` });
        continue;
      }
      const template1 = type.templates[1];
      const reversible = template1 !== undefined && templateFields(template1.qfmt).shown.some((f) => backFields.includes(f));
      const reverse = reversible && cards.some((c) => c.ord === 1);
      candidate = { type: 'basic', id: slug, section, tags, front: localized(front, options.language), back: localized(back, options.language), ...(reverse ? { reverse: true } : {}), ...(typed.length > 0 ? { typeIn: true } : {}) };
      ordinalOf = (ord) => ord + 1;
      if (typed.length > 0) {
        const first = validateNote(candidate, at);
        if ('refusal' in first) {
          delete candidate['typeIn'];
          warnings.push(`${at}: its answer is too long to type in (${first.refusal.reason}); imported as a card you reveal`);
        }
      }
    }
    const result = validateNote(candidate, at);
    if ('refusal' in result) {
      refused.push(result.refusal);
      continue;
    }
    const ordinals = new Set(noteOrdinals(result.note));
    for (const c of cards) {
      const ordinal = ordinalOf(c.ord);
      if (ordinals.has(ordinal)) cardKey.set(c.id, { slug, ordinal });
      else warnings.push(`${at}: its card ${c.ord + 1} (note type "${type.name}") has no counterpart in Recurrence; left out`);
    }
    notes.push(result.note);
  }

  const reviews: TImportedReview[] = [];
  let skippedReviews = 0;
  for (const r of db.prepare('SELECT id, cid, ease, time, type FROM revlog ORDER BY id').all() as RevlogRow[]) {
    const key = cardKey.get(r.cid);
    // Manual reschedules (type 4, 5) and cramming without rescheduling (ease 0) are not reviews to replay.
    if (!key || r.ease < 1 || r.ease > 4 || r.type > 3) {
      skippedReviews += 1;
      continue;
    }
    reviews.push({
      noteSlug: key.slug,
      ordinal: key.ordinal,
      reviewedAt: new Date(r.id),
      rating: r.ease as 1 | 2 | 3 | 4,
      durationMs: Math.max(0, Math.min(r.time, 3_600_000)),
      sourceId: String(r.id),
    });
  }
  if (skippedReviews > 0) warnings.push(`${skippedReviews} review-log rows are not reviews of imported cards (manual reschedules, cramming, left-out cards) and are not replayed`);
  const unusedMedia = [...media.keys()].filter((n) => !usedMedia.has(n));
  if (unusedMedia.length > 0 && options.mediaUrl) warnings.push(`${unusedMedia.length} media files are not shown by any imported card; left out`);
  if (!options.mediaUrl && media.size > 0) warnings.push(`${media.size} media files are not kept`);
  const keptMedia = [...media.values()].filter((m) => usedMedia.has(m.name));
  const cards = notes.reduce((n, note) => n + noteOrdinals(note).length, 0);
  return {
    kind: options.kind,
    title,
    description: null,
    notes,
    media: keptMedia,
    reviews,
    report: { kind: options.kind, notes: notes.length, cards, reviews: reviews.length, media: keptMedia.length, refused, warnings },
  };
}
