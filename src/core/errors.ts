/** A place in an input file, 1-based, as editors show it. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Stable machine-readable error codes; the CLI maps them to exit codes. */
export type ErrorCode =
  | 'E_FILE_NOT_FOUND'
  | 'E_FILE_TOO_LARGE'
  | 'E_YAML_SYNTAX'
  | 'E_SCHEMA'
  | 'E_DUPLICATE_ID'
  | 'E_REFERENCE'
  | 'E_CSV'
  | 'E_USAGE'
  | 'E_RUN_MISMATCH'
  | 'E_NOT_A_RUN'
  | 'E_MISSING_SECRET'
  | 'E_MODEL_CALL'
  | 'E_INTERRUPTED'
  | 'E_SCENARIO'
  | 'E_INTERNAL';

/** Formats a location as `file:line:column`, leaving out what is unknown. */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/** Base class of every error saydo throws on purpose: a code, a message that says what happened, and a hint that says what to do. */
export class SaydoError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }

  /** The message with its hint, as the CLI prints it. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }
}

/** One located problem inside an input file. */
export interface InputProblem {
  location: SourceLocation;
  /** Dotted path of the field, e.g. `outcomes[3].category`; empty for the whole file. */
  field: string;
  message: string;
  hint?: string;
}

/** Formats one problem as `file:line:col: field: message` with its hint on the next line. */
export function formatProblem(problem: InputProblem): string {
  const where = formatLocation(problem.location);
  const field = problem.field ? `${problem.field}: ` : '';
  const hint = problem.hint ? `\n  hint: ${problem.hint}` : '';
  return `${where}: ${field}${problem.message}${hint}`;
}

/** Bad input from the user (a file, a flag): nothing was written, fix the input and run again. */
export class InputError extends SaydoError {
  readonly problems: InputProblem[];

  constructor(code: ErrorCode, problems: InputProblem[], options: { hint?: string; cause?: unknown } = {}) {
    super(code, problems.map(formatProblem).join('\n'), options);
    this.problems = problems;
  }

  override describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

/** A usage mistake on the command line or in an API call. */
export class UsageError extends SaydoError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('E_USAGE', message, options);
  }
}

/** The run was interrupted (Ctrl-C, SIGTERM); what was done is kept. */
export class InterruptedError extends SaydoError {
  constructor(message: string, options: { hint?: string } = {}) {
    super('E_INTERRUPTED', message, options);
  }
}
