import { describe, expect, it } from 'vitest';
import { CsvColumns, parseCsv } from '../../src/core/csv.js';
import { InputError } from '../../src/core/errors.js';

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseCsv', () => {
  it('reads a header and rows with their line numbers', () => {
    expect(parseCsv('id,text\n1,one\n2,two\n', 'x.csv')).toEqual({
      header: ['id', 'text'],
      rows: [
        { line: 2, cells: ['1', 'one'] },
        { line: 3, cells: ['2', 'two'] },
      ],
    });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, and counts lines inside them', () => {
    const text = 'id,text\n1,"Hello, world"\n2,"She said ""no"""\n3,"two\nlines"\n4,last\n';
    expect(parseCsv(text, 'x.csv')).toEqual({
      header: ['id', 'text'],
      rows: [
        { line: 2, cells: ['1', 'Hello, world'] },
        { line: 3, cells: ['2', 'She said "no"'] },
        { line: 4, cells: ['3', 'two\nlines'] },
        { line: 6, cells: ['4', 'last'] },
      ],
    });
  });

  it('reads CRLF line ends, a missing final newline, empty cells and blank lines', () => {
    expect(parseCsv('a,b,c\r\n1,,3\r\n\r\n"x",y,\r\n4,5,6', 'x.csv')).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        { line: 2, cells: ['1', '', '3'] },
        { line: 4, cells: ['x', 'y', ''] },
        { line: 5, cells: ['4', '5', '6'] },
      ],
    });
  });

  it('trims the header names', () => {
    expect(parseCsv(' id , text \n1,a\n', 'x.csv').header).toEqual(['id', 'text']);
  });

  it('names the line where a quoted field that is never closed begins', () => {
    const error = thrown(() => parseCsv('id,text\n1,fine\n2,"never closed\n3,more\n', 'data/x.csv'));
    expect(error.code).toBe('E_CSV');
    expect(error.message).toMatchInlineSnapshot(`
      "data/x.csv:3: a quoted field is never closed
        hint: close the quote with ""
    `);
  });

  it('refuses an empty file', () => {
    expect(thrown(() => parseCsv('', 'x.csv')).message).toMatchInlineSnapshot(`
      "x.csv:1: the file is empty
        hint: a CSV file needs a header row"
    `);
  });
});

describe('CsvColumns', () => {
  const table = parseCsv('id,count\n7,3.5\n8,many\n', 'x.csv');
  const columns = new CsvColumns(table, 'x.csv');

  it('reads text and numbers by column name', () => {
    expect([columns.has('count'), columns.has('other')]).toEqual([true, false]);
    expect([columns.text(table.rows[0]!, 'id'), columns.number(table.rows[0]!, 'count')]).toEqual(['7', 3.5]);
  });

  it('names file, line, column and field of a value that is not a number', () => {
    expect(thrown(() => columns.number(table.rows[1]!, 'count')).message).toMatchInlineSnapshot(`
      "x.csv:3: count: expected a number in column 2, got "many"
        hint: fix the value or remove the row"
    `);
  });

  it('lists missing columns', () => {
    expect(thrown(() => columns.require(['id', 'split', 'count_a'])).message).toMatchInlineSnapshot(`
      "x.csv:1: missing column(s): split, count_a
        hint: the header must include id,split,count_a"
    `);
  });
});
