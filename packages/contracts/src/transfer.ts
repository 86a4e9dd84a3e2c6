/**
 * Import and export of decks: Anki packages, CSV/TSV (Quizlet, Anki), and the authoring format as a zip.
 * Uploads are multipart/form-data: the file plus the fields below (text values, as forms send them).
 */
import { z } from 'zod';
import { ZApiError } from './api-error';

export const IMPORT_KINDS = ['apkg', 'colpkg', 'csv', 'yaml-zip'] as const;
export const ZImportKind = z.enum(IMPORT_KINDS);
export type TImportKind = z.infer<typeof ZImportKind>;

export const ZImportLanguage = z.enum(['en', 'zh']);

const formBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
const column = z.coerce.number().int().min(1).max(1000);

/** Which column (1-based, as a spreadsheet counts) holds the front, the back and the tags. */
export const ZCsvMapping = z.strictObject({ front: column, back: column, tags: column.nullable().default(null) });
export type TCsvMappingInput = z.infer<typeof ZCsvMapping>;

export const ZCsvDelimiter = z.enum(['tab', 'comma', 'semicolon', 'pipe']);
export type TCsvDelimiterName = z.infer<typeof ZCsvDelimiter>;

/** The form fields besides the file (`file`). */
export const ZImportFields = z.strictObject({
  /** Detected from the file name's extension when absent (.apkg, .colpkg, .csv/.tsv/.txt, .zip). */
  kind: ZImportKind.optional(),
  /** The language of the imported text. */
  language: ZImportLanguage.default('en'),
  /** The new deck's title; the source's (Anki's deck name, the manifest's title, the file name) when absent. */
  title: z.string().trim().min(1).max(200).optional(),
  /** Replay Anki's review log into FSRS state (your intervals carry over). */
  includeHistory: formBoolean.default(false),
  /** CSV: a JSON object { front, back, tags } of 1-based column numbers. */
  mapping: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"front":1,"back":2,"tags":3}' });
        return z.NEVER;
      }
    })
    .pipe(ZCsvMapping)
    .optional(),
  delimiter: ZCsvDelimiter.optional(),
  header: formBoolean.optional(),
  /** Whether CSV fields are HTML (Anki's "#html:true"); read from the file's header lines when absent. */
  html: formBoolean.optional(),
});
export type TImportFields = z.infer<typeof ZImportFields>;

export const ZImportRefusal = z.object({ at: z.string(), reason: z.string() });

export const ZImportReport = z.object({
  kind: ZImportKind,
  notes: z.number().int(),
  cards: z.number().int(),
  /** Review-log rows read from the source. */
  reviews: z.number().int(),
  /** Review-log rows replayed into FSRS state (0 unless includeHistory). */
  replayed: z.number().int(),
  media: z.number().int(),
  refused: z.array(ZImportRefusal),
  warnings: z.array(z.string()),
});
export type TImportReport = z.infer<typeof ZImportReport>;

export const ZImportResult = z.object({ deckId: z.string(), title: z.string(), report: ZImportReport });
export type TImportResult = z.infer<typeof ZImportResult>;

/** A refused import: nothing was written; `report.refused` names each row, line or note and why. */
export const ZImportRefused = ZApiError.extend({ report: ZImportReport.optional() });

export const ZCsvPreview = z.object({
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be']),
  delimiter: ZCsvDelimiter,
  header: z.boolean(),
  html: z.boolean(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  rowCount: z.number().int(),
  mapping: z.object({ front: z.number().int(), back: z.number().int(), tags: z.number().int().nullable() }),
});
export type TCsvPreview = z.infer<typeof ZCsvPreview>;

/** What an upload would import, without importing it: for CSV the detected layout, for every kind the report. */
export const ZImportPreview = z.object({ kind: ZImportKind, title: z.string().nullable(), csv: ZCsvPreview.nullable(), report: ZImportReport });
export type TImportPreview = z.infer<typeof ZImportPreview>;

export const EXPORT_FORMATS = ['yaml', 'csv', 'apkg'] as const;
export const ZExportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  /** apkg: include your review history (Anki's revlog) and card states. */
  history: formBoolean.default(false),
  /** csv and apkg carry one language. */
  language: ZImportLanguage.default('en'),
});
export type TExportQuery = z.infer<typeof ZExportQuery>;

export const ZDeckMediaParams = z.object({ deckId: z.string().min(1).max(100), name: z.string().min(1).max(200) });
