import { closeSync, createReadStream, existsSync, fsyncSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Appends JSON lines to a file, one write per record, so a kill never leaves a half-written record behind a complete one. */
export class JsonlAppender {
  private fd: number | undefined;

  constructor(readonly path: string) {
    const torn = existsSync(path) && endsMidLine(path);
    this.fd = openSync(path, 'a');
    // A line torn by a kill has no newline: end it, or the first new record would be glued to it and lost.
    if (torn) writeSync(this.fd, '\n');
  }

  /** Appends one record as a line. */
  append(record: unknown): void {
    if (this.fd === undefined) throw new Error(`appender for ${this.path} is closed`);
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  /** Flushes to disk and closes. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

/** A line of a JSONL file that could not be read, with why. */
export interface SkippedLine {
  line: number;
  reason: string;
}

/** Reads every line of a small JSONL file; a line that is not JSON (a torn last line after a kill) is reported, not thrown. `lines[i]` is the 1-based line of `records[i]`. */
export function readJsonlSync(path: string): { records: unknown[]; lines: number[]; skipped: SkippedLine[] } {
  const records: unknown[] = [];
  const lineNumbers: number[] = [];
  const skipped: SkippedLine[] = [];
  if (!existsSync(path)) return { records, lines: lineNumbers, skipped };
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    try {
      records.push(JSON.parse(text));
      lineNumbers.push(index + 1);
    } catch (error) {
      skipped.push({ line: index + 1, reason: `not JSON: ${(error as Error).message}` });
    }
  });
  return { records, lines: lineNumbers, skipped };
}

/** Streams the lines of a JSONL file of any size, yielding parsed values or the reason a line was skipped. */
export async function* streamJsonl(path: string): AsyncGenerator<{ line: number; value?: unknown; error?: string }> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch (error) {
      yield { line, error: `not JSON: ${(error as Error).message}` };
    }
  }
}

/** Whether a file ends in the middle of a line (its last byte is not a newline). */
export function endsMidLine(path: string): boolean {
  const size = statSync(path).size;
  if (size === 0) return false;
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 10;
  } finally {
    closeSync(fd);
  }
}
