import { SaydoError } from '../core/errors.js';

/** Exit codes of the saydo command. */
export const EXIT = {
  ok: 0,
  /** The job finished, but some model calls failed; rerun to retry them. Also unexpected errors. */
  failures: 1,
  /** Bad input: nothing was written. */
  badInput: 2,
  /** Interrupted; what was done is kept and the same command continues. */
  interrupted: 130,
} as const;

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof SaydoError)) return EXIT.failures;
  switch (error.code) {
    case 'E_INTERRUPTED':
      return EXIT.interrupted;
    case 'E_MODEL_CALL':
    case 'E_INTERNAL':
      return EXIT.failures;
    default:
      return EXIT.badInput;
  }
}

/** The text printed for an error: the message and what to do, or a stack trace for bugs. */
export function describeError(error: unknown): string {
  if (error instanceof SaydoError) return `saydo: ${error.describe()}`;
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `saydo: unexpected error (a bug; please report it with this trace)\n${stack}`;
}
