/**
 * CSV/TSV as Quizlet and Anki export it: one note per row, term/front and definition/back, optionally a tags
 * column. Reads UTF-8 (with or without a BOM) and UTF-16 LE/BE; detects the delimiter, a header row, and Anki's
 * `#separator:…`, `#html:…`, `#tags column:…`, `#columns:…` header lines. A front with `{{c1::…}}` makes a cloze note
 * (its back becomes the extra), as Anki's Cloze note type does.
 */
import { parse } from 'csv-parse/sync';
import { noteOrdinals, type TNote } from '@recurrence/contracts';
import { TransferError } from './errors';
import { htmlToMarkdown } from './html-to-markdown';
import { localized, noteSlug, sectionSlug, tagSlug, validateNote, type TImportLanguage, type TRefusal } from './notes';
import type { TParsedImport } from './types';

export type TCsvDelimiter = ',' | '\t' | ';' | '|';
const DELIMITERS: TCsvDelimiter[] = ['\t', ',', ';', '|'];

/** Which column (0-based) is what. */
export type TCsvMapping = { front: number; back: number; tags: number | null };

export type TCsvOptions = {
  language: TImportLanguage;
  delimiter?: TCsvDelimiter | undefined;
  /** Whether the first row is a header; detected when absent. */
  header?: boolean | undefined;
  mapping?: TCsvMapping | undefined;
  /** Whether fields are HTML (Anki's `#html:true`); detected from the header lines when absent, else plain text. */
  html?: boolean | undefined;
};

export type TCsvPreview = {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  delimiter: TCsvDelimiter;
  header: boolean;
  html: boolean;
  columns: string[];
  /** The first rows after the header, as read. */
  rows: string[][];
  rowCount: number;
  mapping: TCsvMapping;
};

const FRONT_NAMES = /^(term|front|question|word|prompt|text|术语|正面|问题|词语|题目)$/i;
const BACK_NAMES = /^(definition|back|answer|meaning|definitions|定义|背面|答案|释义|解释)$/i;
const TAG_NAMES = /^(tags?|标签)$/i;

/** Text of a CSV file: BOM first, then the pattern of zero bytes that UTF-16 without a BOM shows, then strict UTF-8. */
export function decodeText(data: Uint8Array): { text: string; encoding: TCsvPreview['encoding'] } {
  const decode = (encoding: TCsvPreview['encoding'], bytes: Uint8Array) => {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      throw new TransferError('bad-encoding', `the file is not valid ${encoding.toUpperCase()} text; save it as UTF-8 or UTF-16`);
    }
  };
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return { text: decode('utf-8', data.subarray(3)), encoding: 'utf-8' };
  if (data[0] === 0xff && data[1] === 0xfe) return { text: decode('utf-16le', data.subarray(2)), encoding: 'utf-16le' };
  if (data[0] === 0xfe && data[1] === 0xff) return { text: decode('utf-16be', data.subarray(2)), encoding: 'utf-16be' };
  const sample = data.subarray(0, 4096 - (Math.min(data.length, 4096) % 2));
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 1) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) evenZeros += 1;
    else oddZeros += 1;
  }
  const half = sample.length / 2;
  if (half > 0 && oddZeros > half * 0.3 && evenZeros < half * 0.05) return { text: decode('utf-16le', data), encoding: 'utf-16le' };
  if (half > 0 && evenZeros > half * 0.3 && oddZeros < half * 0.05) return { text: decode('utf-16be', data), encoding: 'utf-16be' };
  if (oddZeros + evenZeros > 0) throw new TransferError('bad-encoding', 'the file holds binary data, not text');
  return { text: decode('utf-8', data), encoding: 'utf-8' };
}

type AnkiHeaders = { separator?: TCsvDelimiter; html?: boolean; tagsColumn?: number; columns?: string[]; skippedLines: number };

const SEPARATOR_NAMES: Record<string, TCsvDelimiter> = { tab: '\t', comma: ',', semicolon: ';', pipe: '|', '\t': '\t', ',': ',', ';': ';', '|': '|' };

/** Anki's export header lines (`#separator:tab`, `#html:true`, `#tags column:3`, `#columns:…`) at the top of the file. */
function readAnkiHeaders(lines: string[]): AnkiHeaders {
  const out: AnkiHeaders = { skippedLines: 0 };
  for (const line of lines) {
    const m = /^#([a-z ]+):(.*)$/i.exec(line);
    if (!m) break;
    out.skippedLines += 1;
    const key = (m[1] ?? '').trim().toLowerCase();
    const value = (m[2] ?? '').trim();
    if (key === 'separator') {
      const sep = SEPARATOR_NAMES[value.toLowerCase()] ?? SEPARATOR_NAMES[value];
      if (sep) out.separator = sep;
    } else if (key === 'html') out.html = value.toLowerCase() === 'true';
    else if (key === 'tags column') {
      const n = Number.parseInt(value, 10);
      if (n > 0) out.tagsColumn = n - 1;
    } else if (key === 'columns') out.columns = value.split(/\t|,|;|\|/).map((c) => c.trim());
  }
  return out;
}

function parseRows(text: string, delimiter: TCsvDelimiter): { rows: string[][]; lines: number[] } {
  try {
    const records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: delimiter === '\t',
      quote: '"',
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    const rows: string[][] = [];
    const lines: number[] = [];
    let previousEnd = 0;
    for (const r of records) {
      rows.push(r.record);
      // The record's first line: one past the line the previous record ended on, skipping blank lines.
      const text = r.record.join('\n');
      const spans = (text.match(/\n/g)?.length ?? 0) + 1;
      lines.push(Math.max(previousEnd + 1, r.info.lines - spans + 1));
      previousEnd = r.info.lines;
    }
    return { rows, lines };
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new TransferError('bad-csv', `the file cannot be read as CSV${e.lines ? ` (line ${e.lines})` : ''}: ${e.message ?? 'unknown error'}`);
  }
}

/** The delimiter that splits the first lines into the same number (≥ 2) of columns most often. */
function detectDelimiter(sample: string): TCsvDelimiter {
  let best: { d: TCsvDelimiter; score: number } = { d: '\t', score: -1 };
  const lines = sample.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => l.split(d).length);
    const multi = counts.filter((c) => c >= 2);
    if (multi.length === 0) continue;
    const mode = [...new Set(multi)].map((c) => [c, multi.filter((x) => x === c).length] as const).sort((a, b) => b[1] - a[1])[0];
    const score = (mode?.[1] ?? 0) / lines.length + (d === '\t' ? 0.01 : 0);
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

function looksLikeHeader(row: string[]): boolean {
  const cells = row.map((c) => c.trim());
  return cells.some((c) => FRONT_NAMES.test(c)) && cells.some((c) => BACK_NAMES.test(c) || TAG_NAMES.test(c));
}

function defaultMapping(header: string[] | null, tagsColumn: number | undefined): TCsvMapping {
  if (header) {
    const find = (re: RegExp) => header.findIndex((h) => re.test(h.trim()));
    const front = find(FRONT_NAMES);
    const back = find(BACK_NAMES);
    const tags = find(TAG_NAMES);
    return { front: front >= 0 ? front : 0, back: back >= 0 ? back : front === 1 ? 0 : 1, tags: tags >= 0 ? tags : (tagsColumn ?? null) };
  }
  return { front: 0, back: 1, tags: tagsColumn ?? null };
}

type Prepared = { preview: TCsvPreview; bodyRows: string[][]; bodyLines: number[] };

function prepare(data: Uint8Array, options: Omit<TCsvOptions, 'language'>): Prepared {
  const { text, encoding } = decodeText(data);
  const allLines = text.split(/\r?\n/);
  const anki = readAnkiHeaders(allLines.slice(0, 20));
  const body = allLines.slice(anki.skippedLines).join('\n');
  if (body.trim() === '') throw new TransferError('empty', 'the file has no rows');
  const delimiter = options.delimiter ?? anki.separator ?? detectDelimiter(body.slice(0, 64 * 1024));
  const parsed = parseRows(body, delimiter);
  const lines = parsed.lines.map((l) => l + anki.skippedLines);
  const first = parsed.rows[0] ?? [];
  const header = options.header ?? (anki.columns ? false : looksLikeHeader(first));
  const columnNames = header ? first.map((c) => c.trim()) : (anki.columns ?? first.map((_c, i) => `${i + 1}`));
  const bodyRows = header ? parsed.rows.slice(1) : parsed.rows;
  const bodyLines = header ? lines.slice(1) : lines;
  const mapping = options.mapping ?? defaultMapping(header ? columnNames : (anki.columns ?? null), anki.tagsColumn);
  const width = Math.max(columnNames.length, ...bodyRows.slice(0, 50).map((r) => r.length));
  const columns = Array.from({ length: width }, (_v, i) => columnNames[i] ?? `${i + 1}`);
  return {
    preview: {
      encoding,
      delimiter,
      header,
      html: options.html ?? anki.html ?? false,
      columns,
      rows: bodyRows.slice(0, 5),
      rowCount: bodyRows.length,
      mapping,
    },
    bodyRows,
    bodyLines,
  };
}

/** What the mapping step shows: the encoding, delimiter and header found, the columns and the first rows. */
export function previewCsv(data: Uint8Array, options: Omit<TCsvOptions, 'language' | 'mapping'> = {}): TCsvPreview {
  return prepare(data, options).preview;
}

export function parseCsv(data: Uint8Array, options: TCsvOptions): TParsedImport {
  const { preview, bodyRows, bodyLines } = prepare(data, options);
  const { mapping } = preview;
  for (const [name, col] of [['front', mapping.front], ['back', mapping.back], ['tags', mapping.tags]] as const) {
    if (col !== null && (col < 0 || col >= preview.columns.length)) {
      throw new TransferError('bad-mapping', `mapping.${name}: column ${col + 1} does not exist (the file has ${preview.columns.length})`);
    }
  }
  if (mapping.front === mapping.back) throw new TransferError('bad-mapping', 'mapping.back: the front and the back must be different columns');
  const toText = (cell: string) => (preview.html ? htmlToMarkdown(cell) : cell.trim());
  const notes: TNote[] = [];
  const refused: TRefusal[] = [];
  const warnings: string[] = [];
  const slugs = new Set<string>();
  const section = sectionSlug('imported');
  bodyRows.forEach((row, i) => {
    const at = `line ${bodyLines[i] ?? i + 1}`;
    const front = toText(row[mapping.front] ?? '');
    const back = toText(row[mapping.back] ?? '');
    const tags: string[] = [];
    if (mapping.tags !== null) {
      for (const raw of (row[mapping.tags] ?? '').split(/[\s,]+/).filter(Boolean)) {
        const tag = tagSlug(raw);
        if (tag && !tags.includes(tag)) tags.push(tag);
        else if (!tag) warnings.push(`${at}: tag "${raw}" has no letters or digits Recurrence keeps; dropped`);
      }
    }
    if (!front) return void refused.push({ at, reason: `the front (column ${mapping.front + 1}) is empty` });
    const isCloze = /\{\{c\d+::/.test(front);
    if (!back && !isCloze) return void refused.push({ at, reason: `the back (column ${mapping.back + 1}) is empty` });
    const slug = noteSlug(front, slugs);
    const candidate = isCloze
      ? { type: 'cloze', id: slug, section, tags, text: localized(front, options.language), ...(back ? { extra: localized(back, options.language) } : {}) }
      : { type: 'basic', id: slug, section, tags, front: localized(front, options.language), back: localized(back, options.language) };
    const result = validateNote(candidate, at);
    if ('note' in result) notes.push(result.note);
    else refused.push(result.refusal);
  });
  const cards = notes.reduce((n, note) => n + noteOrdinals(note).length, 0);
  return {
    kind: 'csv',
    title: null,
    description: null,
    notes,
    media: [],
    reviews: [],
    report: { kind: 'csv', notes: notes.length, cards, reviews: 0, media: 0, refused, warnings },
  };
}
