/**
 * Why a file cannot be read at all (not a zip, a zip bomb, not an Anki collection, …). The API answers these with
 * 400 and the message; `code` lets tests and the web tell them apart. A file that is read but has rows that cannot
 * be imported is not an error: it comes back with a report listing each refused row (see TImportReport).
 */
export type TTransferErrorCode =
  | 'unknown-kind'
  | 'not-a-zip'
  | 'zip-bomb'
  | 'unsafe-entry-name'
  | 'too-many-entries'
  | 'not-an-anki-package'
  | 'not-an-anki-collection'
  | 'unsupported-anki-format'
  | 'not-a-deck-archive'
  | 'bad-encoding'
  | 'bad-csv'
  | 'bad-mapping'
  | 'empty';

export class TransferError extends Error {
  constructor(
    readonly code: TTransferErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TransferError';
  }
}
