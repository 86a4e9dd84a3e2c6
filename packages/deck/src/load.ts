/**
 * Deck loader: YAML sources → validated `TDeck`, or a list of `file:line: what is wrong` errors.
 *
 * Layout of a deck (see README.md):
 *   deck.yaml            manifest: id, version?, title, description, sections
 *   <anything>.yaml      section files: `section: <id>` and `cards: [...]` (any folder depth)
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { z } from 'zod';
import {
  CARD_TYPES,
  ZCard,
  ZDeck,
  ZDeckId,
  ZDeckSection,
  ZLocalizedText,
  ZSectionId,
  gradeNumeric,
  numericAllowedError,
  type TCard,
  type TDeck,
} from '@recurrence/contracts';
import { compareDeckErrors, type TDeckError, type TDeckLoadResult } from './errors';
import { evaluateExpression } from './expression';

/** Schema of `deck.yaml`. */
export const ZDeckManifest = z.strictObject({
  id: ZDeckId,
  version: z.number().int().positive().optional(),
  title: ZLocalizedText,
  description: ZLocalizedText,
  sections: z.array(ZDeckSection).min(1, 'declare at least one section'),
});
export type TDeckManifest = z.infer<typeof ZDeckManifest>;

/** Schema of a section file; each entry of `cards` is then validated with `ZCard` (its `section` defaults to the file's). */
export const ZSectionFile = z.strictObject({
  section: ZSectionId,
  cards: z.array(z.unknown()).min(1, 'a section file needs at least one card'),
});

export interface TDeckSource {
  /** Path relative to the deck folder, with "/" separators (used verbatim in error messages). */
  file: string;
  text: string;
}

export type TLoadDeckResult = TDeckLoadResult<TDeck>;

const MANIFEST = /(^|\/)deck\.ya?ml$/i;
const YAML_FILE = /\.ya?ml$/i;
/** LaTeX commands that a double-quoted YAML string silently turns into control characters (\f, \t, \b, …). */
const EATEN_LATEX = /\\(?:[abefrtv][A-Za-z]|n(?:abla|eq|ot|u|ewline)(?![A-Za-z]))/;

type Segment = string | number;

interface ParsedSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function formatPath(p: readonly Segment[]): string {
  let out = '';
  for (const seg of p) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

function withPath(p: readonly Segment[], message: string): string {
  return p.length > 0 ? `${formatPath(p)}: ${message}` : message;
}

function getAt(data: unknown, p: readonly Segment[]): unknown {
  let cur = data;
  for (const seg of p) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isRecord(cur) && typeof seg === 'string') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** Position (1-based line and column) of the deepest node on `p` that exists; a map entry is located by its key. */
function locate(src: ParsedSource, p: readonly Segment[]): { line: number; column: number } {
  let node: unknown = src.doc.contents;
  let offset = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  for (const seg of p) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const pos = src.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** An error located at `p` (the deepest existing node on it); the message is prefixed with `shownPath` (default `p`). */
function errorAt(src: ParsedSource, p: readonly Segment[], message: string, shownPath: readonly Segment[] = p): TDeckError {
  const { line, column } = locate(src, p);
  return { file: src.file, line, column, message: withPath(shownPath, message) };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`;
  return `${typeof v} ${String(v)}`;
}

const EXPECTED_NAMES: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false' };

/** Turns zod issues (relative to `data`, which sits at `prefix` inside the file) into file:line errors. */
function issuesToErrors(src: ParsedSource, prefix: readonly Segment[], data: unknown, issues: readonly z.core.$ZodIssue[]): TDeckError[] {
  const out: TDeckError[] = [];
  for (const issue of issues) {
    const rel = issue.path.filter((s): s is Segment => typeof s === 'string' || typeof s === 'number');
    const full = [...prefix, ...rel];
    const extra = issue as unknown as Record<string, unknown>;
    switch (issue.code) {
      case 'unrecognized_keys': {
        for (const key of issue.keys) out.push(errorAt(src, [...full, key], `unknown key "${key}"`, full));
        break;
      }
      case 'invalid_type': {
        const parentPath = rel.slice(0, -1);
        const last = rel[rel.length - 1];
        const parent = getAt(data, parentPath);
        if (rel.length > 0 && isRecord(parent) && typeof last === 'string' && !(last in parent)) {
          out.push(errorAt(src, [...prefix, ...parentPath], `missing required field "${last}"`));
        } else {
          const value = getAt(data, rel);
          const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
          const hint = issue.expected === 'object' && typeof value === 'string' ? ' (bilingual text is a mapping with "en:" and "zh:")' : '';
          out.push(errorAt(src, full, `expected ${expected}, got ${describe(value)}${hint}`));
        }
        break;
      }
      case 'invalid_union': {
        if (extra.discriminator === 'type') {
          const owner = rel.slice(0, -1);
          const value = getAt(data, owner);
          if (isRecord(value) && !('type' in value)) {
            out.push(errorAt(src, [...prefix, ...owner], `missing required field "type" (one of ${CARD_TYPES.join(', ')})`));
          } else if (!isRecord(value)) {
            out.push(errorAt(src, [...prefix, ...owner], `expected a mapping, got ${describe(value)}`));
          } else {
            out.push(errorAt(src, full, `unknown card type ${JSON.stringify(value.type)}; expected one of ${CARD_TYPES.join(', ')}`));
          }
        } else if (rel[rel.length - 1] === 'tolerance') {
          out.push(errorAt(src, full, 'expected { absolute: <number ≥ 0> } or { relative: <number ≥ 0> }'));
        } else {
          out.push(errorAt(src, full, issue.message));
        }
        break;
      }
      case 'invalid_value': {
        const value = getAt(data, rel);
        out.push(
          errorAt(src, full, `unknown value ${JSON.stringify(value)}; expected one of ${issue.values.map((v) => String(v)).join(', ')}`),
        );
        break;
      }
      default:
        out.push(errorAt(src, full, issue.message));
    }
  }
  return out;
}

function parseYaml(file: string, text: string): { src?: ParsedSource; errors: TDeckError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errors: TDeckError[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(e.pos[0]);
    const msg = e.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '').split('\n')[0] ?? e.message;
    errors.push({ file, line: pos.line, column: pos.col, message: `YAML syntax error: ${msg}` });
  }
  if (errors.length > 0) return { errors };
  visit(doc, {
    Scalar(_key, node) {
      if (node.type !== 'QUOTE_DOUBLE' || !node.range) return;
      const raw = text.slice(node.range[0], node.range[1]);
      const m = EATEN_LATEX.exec(raw);
      if (!m) return;
      const pos = lines.linePos(node.range[0] + m.index);
      errors.push({
        file,
        line: pos.line,
        column: pos.col,
        message: `"${m[0]}…" inside a double-quoted string is read as a YAML escape, not LaTeX; use single quotes or a block scalar (|) for text with LaTeX`,
      });
    },
  });
  if (errors.length > 0) return { errors };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return { errors: [{ file, line: 1, message: `YAML error: ${(err as Error).message}` }] };
  }
  if (data === null || data === undefined) return { errors: [{ file, line: 1, message: 'file is empty' }] };
  return { src: { file, text, doc, lines, data }, errors };
}

interface LoadedCard {
  card: TCard;
  src: ParsedSource;
  index: number;
  /** Whether the card sets `section:` itself (otherwise it inherits the file's). */
  ownSection: boolean;
}

/**
 * Validates a deck given as in-memory sources (pure: no file system). Non-YAML sources are ignored.
 * Exactly one source must be named `deck.yaml` (or `deck.yml`, in any folder); every other YAML source is a section file.
 * Cards come out ordered by the manifest's section order, then by file name, then by position in the file.
 */
export function parseDeckSources(sources: readonly TDeckSource[]): TLoadDeckResult {
  const errors: TDeckError[] = [];
  const all = sources
    .map((s) => ({ file: s.file.replace(/\\/g, '/').replace(/^\.\//, ''), text: s.text }))
    .filter((s) => YAML_FILE.test(s.file))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const fail = (errs: TDeckError[]): TLoadDeckResult => ({ ok: false, errors: [...errs].sort(compareDeckErrors) });

  for (let i = 1; i < all.length; i += 1) {
    const file = all[i]?.file;
    if (file !== undefined && file === all[i - 1]?.file) errors.push({ file, line: 0, message: 'the same file name is given twice' });
  }

  const manifests = all.filter((s) => MANIFEST.test(s.file)).sort((a, b) => a.file.split('/').length - b.file.split('/').length);
  const manifestSource = manifests[0];
  if (!manifestSource) {
    return fail([...errors, { file: 'deck.yaml', line: 0, message: 'missing manifest: a deck needs a deck.yaml with id, title, description and sections' }]);
  }
  for (const extra of manifests.slice(1)) {
    errors.push({ file: extra.file, line: 0, message: `a deck has exactly one manifest; ${manifestSource.file} is already the manifest` });
  }

  // Manifest
  let manifest: TDeckManifest | undefined;
  let manifestSrc: ParsedSource | undefined;
  const declared = new Map<string, number>();
  {
    const parsed = parseYaml(manifestSource.file, manifestSource.text);
    errors.push(...parsed.errors);
    if (parsed.src) {
      manifestSrc = parsed.src;
      const r = ZDeckManifest.safeParse(parsed.src.data);
      if (r.success) {
        manifest = r.data;
        manifest.sections.forEach((s, i) => {
          if (declared.has(s.id)) {
            errors.push(errorAt(parsed.src as ParsedSource, ['sections', i, 'id'], `duplicate section id "${s.id}"`));
          } else declared.set(s.id, i);
        });
      } else {
        errors.push(...issuesToErrors(parsed.src, [], parsed.src.data, r.error.issues));
      }
    }
  }

  // Section files
  const sectionFiles = all.filter((s) => !manifests.includes(s));
  const loaded: LoadedCard[] = [];
  const referencedSections = new Set<string>();
  /** Set when some section file is unreadable, so its section is unknown and "section has no cards" would be noise. */
  let someSectionUnknown = false;
  for (const source of sectionFiles) {
    const parsed = parseYaml(source.file, source.text);
    errors.push(...parsed.errors);
    const src = parsed.src;
    if (!src) {
      someSectionUnknown = true;
      continue;
    }
    const shape = ZSectionFile.safeParse(src.data);
    if (!shape.success) errors.push(...issuesToErrors(src, [], src.data, shape.error.issues));
    const data = src.data;
    if (!isRecord(data)) {
      someSectionUnknown = true;
      continue;
    }
    const fileSection = typeof data.section === 'string' ? data.section : undefined;
    if (fileSection === undefined) someSectionUnknown = true;
    else {
      referencedSections.add(fileSection);
      if (manifest && ZSectionId.safeParse(fileSection).success && !declared.has(fileSection)) {
        errors.push(errorAt(src, ['section'], `unknown section "${fileSection}"; declare it under "sections" in ${manifestSource.file}`));
      }
    }
    if (!Array.isArray(data.cards)) continue;
    data.cards.forEach((raw: unknown, index: number) => {
      const ownSection = isRecord(raw) && 'section' in raw;
      // Cards inherit the file's section; when that is missing or malformed (already reported above),
      // a placeholder keeps the same mistake from being reported once per card.
      const inherited = fileSection !== undefined && ZSectionId.safeParse(fileSection).success ? fileSection : 'missing-section';
      const input = isRecord(raw) && !ownSection ? { ...raw, section: inherited } : raw;
      const r = ZCard.safeParse(input);
      if (!r.success) {
        errors.push(...issuesToErrors(src, ['cards', index], input, r.error.issues));
        return;
      }
      const card = r.data;
      if (ownSection) referencedSections.add(card.section);
      if (card.type === 'numeric' && card.expression !== undefined) {
        let value: number | undefined;
        try {
          value = evaluateExpression(card.expression);
        } catch (err) {
          errors.push(errorAt(src, ['cards', index, 'expression'], `cannot evaluate ${JSON.stringify(card.expression)}: ${(err as Error).message}`));
        }
        if (value !== undefined && !gradeNumeric(card, value).correct) {
          errors.push(
            errorAt(
              src,
              ['cards', index, 'answer'],
              `answer ${card.answer} does not match expression ${JSON.stringify(card.expression)} = ${value} (allowed error ${numericAllowedError(card)})`,
            ),
          );
        }
      }
      loaded.push({ card, src, index, ownSection });
    });
  }

  // Cross-file checks
  const firstById = new Map<string, LoadedCard>();
  const where = (l: LoadedCard): string => `${l.src.file}:${locate(l.src, ['cards', l.index, 'id']).line}`;
  for (const l of loaded) {
    const first = firstById.get(l.card.id);
    if (first) {
      errors.push(errorAt(l.src, ['cards', l.index, 'id'], `duplicate card id "${l.card.id}" (first defined at ${where(first)})`));
      errors.push(errorAt(first.src, ['cards', first.index, 'id'], `card id "${l.card.id}" is defined again at ${where(l)}`));
    } else firstById.set(l.card.id, l);
    if (manifest && l.ownSection && !declared.has(l.card.section)) {
      errors.push(errorAt(l.src, ['cards', l.index, 'section'], `unknown section "${l.card.section}"; declare it under "sections" in ${manifestSource.file}`));
    }
  }
  if (manifest && manifestSrc && !someSectionUnknown) {
    manifest.sections.forEach((s, i) => {
      if (!loaded.some((l) => l.card.section === s.id) && (!referencedSections.has(s.id) || errors.length === 0)) {
        errors.push(errorAt(manifestSrc as ParsedSource, ['sections', i], `section "${s.id}" has no cards`));
      }
    });
  }

  if (errors.length > 0 || !manifest) return fail(errors);

  const order = (l: LoadedCard): number => declared.get(l.card.section) ?? Number.MAX_SAFE_INTEGER;
  const cards = loaded
    .map((l, i) => ({ l, i }))
    .sort((a, b) => order(a.l) - order(b.l) || a.i - b.i)
    .map(({ l }) => l.card);
  const deck = ZDeck.safeParse({ ...manifest, cards });
  if (!deck.success) {
    return fail(deck.error.issues.map((iss) => ({ file: manifestSource.file, line: 0, message: withPath(iss.path.filter((s): s is Segment => typeof s !== 'symbol'), iss.message) })));
  }
  return { ok: true, deck: deck.data, files: [manifestSource.file, ...sectionFiles.map((s) => s.file)] };
}

async function listYamlFiles(root: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const child = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listYamlFiles(root, child)));
    else if (e.isFile() && YAML_FILE.test(e.name)) out.push(child);
  }
  return out;
}

/**
 * Reads every `*.yaml` / `*.yml` file under `dir` (recursively, skipping dot-folders and node_modules)
 * and validates them as one deck. File names in the result and in errors are relative to `dir`.
 */
export async function loadDeckDirectory(dir: string): Promise<TLoadDeckResult> {
  let files: string[];
  try {
    files = await listYamlFiles(dir);
  } catch (err) {
    return { ok: false, errors: [{ file: dir, line: 0, message: `cannot read deck folder: ${(err as Error).message}` }] };
  }
  const sources = await Promise.all(files.map(async (file) => ({ file, text: await readFile(path.join(dir, file), 'utf8') })));
  return parseDeckSources(sources);
}
