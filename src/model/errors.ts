/**
 * Expected failures are values of these classes; anything else reaching the CLI is a bug.
 * The CLI maps each to a documented exit code and prints one line (the stack only under --debug).
 */
export class DoctorError extends Error {
  override name = 'DoctorError';
  readonly exitCode: number = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A malformed URL, an unreadable or invalid file, a bad flag: exit code 2. */
export class InputError extends DoctorError {
  override name = 'InputError';
}

export function isDoctorError(error: unknown): error is DoctorError {
  return error instanceof Error && typeof (error as DoctorError).exitCode === 'number';
}
