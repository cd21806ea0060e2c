import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { Composer, isMap, isSeq, Lexer, LineCounter, Parser, YAMLParseError, type CST, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError, type InputProblem, type SourceLocation } from './errors.js';

/** A path into a parsed document, as zod reports it. */
export type FieldPath = ReadonlyArray<PropertyKey>;

/** A parsed YAML file that can say where any field came from. */
export interface LocatedYaml<T> {
  value: T;
  file: string;
  /** The location of a field (or, with `key: true`, of its key) in the file. */
  locate(path: FieldPath, options?: { key?: boolean }): SourceLocation;
}

/** Limits that keep hostile input from eating memory or time. */
export interface YamlLimits {
  /** @default 5_000_000 */
  maxBytes?: number;
  /** @default 100 */
  maxAliasCount?: number;
  /** Deepest nesting of mappings and sequences; deeper input would exhaust the stack of the YAML composer. @default 100 */
  maxDepth?: number;
}

/** How a file is named in messages: relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

/** Formats a zod path as `outcomes[3].category`. */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Reads a file as text, with a located error when it is missing or too large. */
export function readInputFile(file: string, limits: YamlLimits = {}): string {
  const maxBytes = limits.maxBytes ?? 5_000_000;
  const shown = displayPath(file);
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) {
      throw new InputError('E_FILE_NOT_FOUND', [{ location: { file: shown }, field: '', message: 'is not a file', hint: 'pass the path of a file' }]);
    }
    size = stats.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      'E_FILE_NOT_FOUND',
      [{ location: { file: shown }, field: '', message: 'file not found', hint: 'check the path; it is resolved from the current directory' }],
      { cause: error },
    );
  }
  if (size > maxBytes) {
    throw new InputError('E_FILE_TOO_LARGE', [
      {
        location: { file: shown },
        field: '',
        message: `file is ${size} bytes, over the limit of ${maxBytes}`,
        hint: 'input files of saydo are small; check that this is the file you meant',
      },
    ]);
  }
  return readFileSync(file, 'utf8');
}

/** Parses YAML text into a located document, throwing an InputError with file:line:column on syntax errors. */
export function parseLocatedYaml(text: string, file: string, limits: YamlLimits = {}): LocatedYaml<unknown> {
  const shown = displayPath(file);
  const lineCounter = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file: shown, line: pos.line, column: pos.col };
  };
  const maxDepth = limits.maxDepth ?? 100;
  const { tokens, tooDeep } = parseSyntaxTree(text, lineCounter, maxDepth);
  if (tooDeep !== undefined) {
    throw new InputError('E_YAML_SYNTAX', [
      { location: at(tooDeep), field: '', message: `YAML nests deeper than ${maxDepth} levels`, hint: 'saydo files nest a few levels deep; check for unclosed [ or { brackets' },
    ]);
  }
  const doc = composeOneDocument(tokens, text.length);
  if (doc.errors.length > 0) {
    const problems: InputProblem[] = doc.errors.slice(0, 10).map((error) => ({
      location: at(error.pos[0]),
      field: '',
      message: `YAML ${error.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'syntax error'}: ${firstLine(error.message)}`,
      hint: error.code === 'DUPLICATE_KEY' ? 'each key may appear once in a mapping' : 'check indentation, quotes and colons near this position',
    }));
    throw new InputError('E_YAML_SYNTAX', problems);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount ?? 100 });
  } catch (error) {
    throw new InputError(
      'E_YAML_SYNTAX',
      [{ location: { file: shown, line: 1, column: 1 }, field: '', message: `YAML could not be expanded: ${firstLine(String((error as Error).message))}`, hint: 'aliases (*name) may be used at most 100 times; write the values out' }],
      { cause: error },
    );
  }
  return { value, file: shown, locate: (path, options) => locateNode(doc, path, options?.key ?? false, at, shown) };
}

/**
 * The concrete syntax tree, built one lexeme at a time so that nesting deeper than `maxDepth` stops it early with the
 * offset of the first collection too deep (the composer recurses once per level, and the tree of a hostile file is big).
 */
function parseSyntaxTree(text: string, lineCounter: LineCounter, maxDepth: number): { tokens: CST.Token[]; tooDeep?: number } {
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > maxDepth) {
      const open = parser.stack.filter((token) => token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection');
      const first = open[maxDepth];
      if (first) return { tokens, tooDeep: first.offset };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/** Composes the first document, as `parseDocument` does, with an error when more follow. */
function composeOneDocument(tokens: readonly CST.Token[], length: number): Document.Parsed {
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true, strict: true });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'the file holds more than one YAML document (a second "---")'));
      break;
    }
  }
  return doc as Document.Parsed;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}

function locateNode(
  doc: Document,
  path: FieldPath,
  wantKey: boolean,
  at: (offset: number) => SourceLocation,
  file: string,
): SourceLocation {
  let node: unknown = doc.contents;
  let best: SourceLocation = { file, line: 1, column: 1 };
  const rangeOf = (n: unknown): SourceLocation | undefined => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? at(range[0]) : undefined;
  };
  best = rangeOf(node) ?? best;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const key = item.key as { value?: unknown } | null;
        return key !== null && typeof key === 'object' && String(key.value) === String(part);
      });
      if (!pair) return best;
      if (last && wantKey) return rangeOf(pair.key) ?? best;
      node = pair.value;
      best = rangeOf(node) ?? rangeOf(pair.key) ?? best;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      best = rangeOf(node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

/** Turns zod issues into located problems. */
export function zodProblems(issues: ReadonlyArray<z.core.$ZodIssue>, located: Pick<LocatedYaml<unknown>, 'locate'>): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push({
          location: located.locate(path, { key: true }),
          field: formatFieldPath(path),
          message: 'unknown field',
          hint: 'remove it or check its spelling; the JSON Schema in schemas/ lists the allowed fields',
        });
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      problems.push({
        location: located.locate(issue.path, { key: true }),
        field: formatFieldPath(issue.path),
        message: `"${String(issue.path[issue.path.length - 1])}" is not a valid name: ${issue.issues[0]?.message ?? issue.message}`,
        hint: 'rename it',
      });
      continue;
    }
    problems.push({
      location: located.locate(issue.path),
      field: formatFieldPath(issue.path),
      message: describeIssue(issue),
    });
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return `${issue.message} (field "${String(issue.discriminator)}")`;
  }
  // `input` is present only when parsed with `reportInput: true`; without it a wrong type would read as a missing field.
  if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) return 'required field is missing';
  return issue.message;
}

/** Validates a located value against a schema, throwing an InputError that lists every problem. */
export function validateLocated<S extends z.ZodType>(located: LocatedYaml<unknown>, schema: S): z.output<S> {
  const result = schema.safeParse(located.value, { reportInput: true });
  if (!result.success) {
    throw new InputError('E_SCHEMA', zodProblems(result.error.issues, located).slice(0, 20));
  }
  return result.data;
}

/** Reads, parses and validates a YAML file in one step. */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S, limits: YamlLimits = {}): LocatedYaml<z.output<S>> {
  const located = parseLocatedYaml(readInputFile(file, limits), file, limits);
  const value = validateLocated(located, schema);
  return { ...located, value };
}

/** Fails with located problems when ids repeat in a list, e.g. `outcomes[*].id`. */
export function assertUniqueIds(
  items: ReadonlyArray<{ id: string }>,
  listPath: FieldPath,
  located: Pick<LocatedYaml<unknown>, 'locate'>,
  what: string,
): void {
  const seen = new Map<string, number>();
  const problems: InputProblem[] = [];
  items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first === undefined) {
      seen.set(item.id, index);
      return;
    }
    const firstAt = located.locate([...listPath, first, 'id']);
    problems.push({
      location: located.locate([...listPath, index, 'id']),
      field: formatFieldPath([...listPath, index, 'id']),
      message: `duplicate ${what} id "${item.id}" (first defined at line ${firstAt.line ?? '?'})`,
      hint: `give each ${what} a unique id`,
    });
  });
  if (problems.length > 0) throw new InputError('E_DUPLICATE_ID', problems);
}
