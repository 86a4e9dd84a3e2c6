import { ApiRequestError } from '../../lib/api';

/** The outcome of a form's request: a confirmation, or the API's error and the field it named. */
export type Status = { ok: boolean; text: string; field?: string | undefined } | null;

export const failure = (e: unknown): Status => ({ ok: false, text: e instanceof Error ? e.message : String(e), field: e instanceof ApiRequestError ? e.field : undefined });

export function StatusNote({ status }: { status: Status }) {
  if (!status) return null;
  return (
    <span role={status.ok ? 'status' : 'alert'} className={status.ok ? 'small' : 'error'}>
      {status.text}
    </span>
  );
}
