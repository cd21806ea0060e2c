import { InputError } from './errors.js';

/** One data row of a CSV file with its 1-based line number. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** A parsed CSV file: the header and the rows. */
export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF); a broken quote is a located error. */
export function parseCsv(text: string, file: string): CsvTable {
  const records: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== '') records.push({ line: recordLine, cells });
      cells = [];
      cell = '';
      line += 1;
      recordLine = line;
    } else cell += ch;
  }
  if (quoted) {
    throw new InputError('E_CSV', [{ location: { file, line: quoteLine }, field: '', message: 'a quoted field is never closed', hint: 'close the quote with "' }]);
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: recordLine, cells });
  }
  const [head, ...rows] = records;
  if (!head) throw new InputError('E_CSV', [{ location: { file, line: 1 }, field: '', message: 'the file is empty', hint: 'a CSV file needs a header row' }]);
  return { header: head.cells.map((h) => h.trim()), rows };
}

/** Column lookup for a CSV table, with located errors for missing columns and bad values. */
export class CsvColumns {
  private readonly index = new Map<string, number>();

  constructor(
    private readonly table: CsvTable,
    private readonly file: string,
  ) {
    table.header.forEach((name, i) => this.index.set(name, i));
  }

  /** Whether a column exists. */
  has(name: string): boolean {
    return this.index.has(name);
  }

  /** Fails unless all the named columns exist. */
  require(names: readonly string[]): void {
    const missing = names.filter((name) => !this.index.has(name));
    if (missing.length > 0) {
      throw new InputError('E_CSV', [
        { location: { file: this.file, line: 1 }, field: '', message: `missing column(s): ${missing.join(', ')}`, hint: `the header must include ${names.join(',')}` },
      ]);
    }
  }

  /** A text cell. */
  text(row: CsvRow, name: string): string {
    return row.cells[this.index.get(name) ?? -1] ?? '';
  }

  /** A numeric cell; anything else is a located error. */
  number(row: CsvRow, name: string): number {
    const raw = this.text(row, name).trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) {
      const column = (this.index.get(name) ?? 0) + 1;
      throw new InputError('E_CSV', [
        { location: { file: this.file, line: row.line }, field: name, message: `expected a number in column ${column}, got ${JSON.stringify(raw)}`, hint: 'fix the value or remove the row' },
      ]);
    }
    return value;
  }

  get rows(): CsvRow[] {
    return this.table.rows;
  }
}
