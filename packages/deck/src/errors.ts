/** One validation problem in a deck source. `line` is 1-based; 0 means "the file as a whole". */
export interface TDeckError {
  file: string;
  line: number;
  /** 1-based column when known. */
  column?: number;
  /** What is wrong, prefixed with the path inside the file when there is one, e.g. `cards[3].choices: at least one choice must be correct`. */
  message: string;
}

export type TDeckLoadResult<TDeckValue> =
  | { ok: true; deck: TDeckValue; files: string[] }
  | { ok: false; errors: TDeckError[] };

/** `file:line: message`, one error per line (`file: message` when the line is unknown). */
export function formatDeckErrors(errors: readonly TDeckError[]): string {
  return errors.map((e) => (e.line > 0 ? `${e.file}:${e.line}: ${e.message}` : `${e.file}: ${e.message}`)).join('\n');
}

export function compareDeckErrors(a: TDeckError, b: TDeckError): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return (a.column ?? 0) - (b.column ?? 0);
}
