/**
 * The deck authoring format as a zip: the YAML folder (deck.yaml + section files, see packages/deck/README.md),
 * at the zip's root or inside one folder. Validated by the deck loader, so every error names its file and line.
 */
import { noteOrdinals } from '@recurrence/contracts';
import { parseDeckSources, type TDeckSource } from '@recurrence/deck';
import { CheckedZip } from './archive';
import { TransferError } from './errors';
import { DEFAULT_ARCHIVE_LIMITS, type TArchiveLimits } from './limits';
import type { TParsedImport } from './types';

export function parseDeckZip(data: Uint8Array, limits: TArchiveLimits = DEFAULT_ARCHIVE_LIMITS): TParsedImport {
  const zip = CheckedZip.open(data, limits);
  const yamlNames = [...zip.entries.keys()].filter((n) => /\.ya?ml$/i.test(n) && !n.split('/').some((p) => p.startsWith('.') || p === '__MACOSX'));
  const manifest = yamlNames.filter((n) => /(^|\/)deck\.ya?ml$/i.test(n)).sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!manifest) throw new TransferError('not-a-deck-archive', 'the zip has no deck.yaml: it is not a Recurrence deck folder');
  const root = manifest.slice(0, manifest.lastIndexOf('/') + 1);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const sources: TDeckSource[] = [];
  for (const name of yamlNames.filter((n) => n.startsWith(root))) {
    const bytes = zip.read(name)!;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new TransferError('bad-encoding', `${name.slice(root.length)} is not UTF-8 text`);
    }
    sources.push({ file: name.slice(root.length), text });
  }
  const result = parseDeckSources(sources);
  if (!result.ok) {
    const refused = result.errors.map((e) => ({ at: e.line > 0 ? `${e.file}:${e.line}` : e.file, reason: e.message }));
    return {
      kind: 'yaml-zip',
      title: null,
      description: null,
      notes: [],
      media: [],
      reviews: [],
      report: { kind: 'yaml-zip', notes: 0, cards: 0, reviews: 0, media: 0, refused, warnings: [] },
    };
  }
  const { deck } = result;
  const cards = deck.cards.reduce((n, note) => n + noteOrdinals(note).length, 0);
  return {
    kind: 'yaml-zip',
    title: deck.title.en,
    description: deck.description.en,
    notes: deck.cards,
    media: [],
    reviews: [],
    report: { kind: 'yaml-zip', notes: deck.cards.length, cards, reviews: 0, media: 0, refused: [], warnings: [] },
  };
}
