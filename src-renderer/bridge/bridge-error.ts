// A refused call, as the window sees it, whichever bridge carried it: the seeds' error code and message.
export class BridgeError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  constructor(code: string, message: string, status?: number) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.status = status;
  }
}

/** A message a person can act on, from whatever a failed call threw. */
export function describeError(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return typeof err === 'string' ? err : 'Something went wrong';
}
