import { existsSync } from 'node:fs';
import { JsonlAppender, readJsonlSync, type SkippedLine } from '../core/jsonl.js';
import { writeFileAtomic } from '../core/files.js';
import { Comparison } from '../core/schemas/comparison.js';
import type { ComparisonStore } from './elicit.js';

/** comparisons.jsonl as a store: earlier records are read back on open, new ones appended one line at a time. */
export class ComparisonFile implements ComparisonStore {
  readonly previous: ReadonlyMap<string, Comparison>;
  /** Lines of an earlier run that could not be read (a line torn by a kill). */
  readonly skipped: SkippedLine[];
  private appender: JsonlAppender | undefined;

  constructor(readonly path: string) {
    const { records, lines, skipped } = readJsonlSync(path);
    const previous = new Map<string, Comparison>();
    records.forEach((record, index) => {
      const parsed = Comparison.safeParse(record);
      if (parsed.success) previous.set(parsed.data.id, parsed.data);
      else skipped.push({ line: lines[index] ?? index + 1, reason: `not a comparison record: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    });
    this.previous = previous;
    this.skipped = skipped;
  }

  /** Whether an earlier run left records here. */
  get resumed(): boolean {
    return this.previous.size > 0 || (existsSync(this.path) && this.skipped.length > 0);
  }

  append(comparison: Comparison): void {
    this.appender ??= new JsonlAppender(this.path);
    this.appender.append(comparison);
  }

  close(): void {
    this.appender?.close();
    this.appender = undefined;
  }

  /** Rewrites the file with one record per comparison in id order, so a resumed run ends byte-identical to an uninterrupted one. */
  finalize(comparisons: readonly Comparison[]): void {
    this.close();
    // Parsing puts keys in schema order, so records kept from an earlier run print exactly like fresh ones.
    writeFileAtomic(this.path, comparisons.map((c) => `${JSON.stringify(Comparison.parse(c))}\n`).join(''));
  }
}
