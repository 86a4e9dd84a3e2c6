/** Thrown when a run's AbortSignal fires; checked between training steps. */
export class LabCancelledError extends Error {
  override readonly name = 'LabCancelledError';
  readonly code = 'LAB_CANCELLED';
  constructor(message = 'Lab run cancelled') {
    super(message);
  }
}

export function isLabCancelledError(error: unknown): error is LabCancelledError {
  return (
    error instanceof LabCancelledError ||
    (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'LAB_CANCELLED')
  );
}

/** Thrown when experiment parameters fail validation; `issues` name the offending fields. */
export class LabParamsError extends Error {
  override readonly name = 'LabParamsError';
  readonly code = 'LAB_INVALID_PARAMS';
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
  }
}
