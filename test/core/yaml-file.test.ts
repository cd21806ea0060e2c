import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../../src/core/errors.js';
import { displayPath, formatFieldPath, loadYamlFile, parseLocatedYaml, readInputFile, validateLocated } from '../../src/core/yaml-file.js';

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const tmp = mkdtempSync(join(tmpdir(), 'saydo-yaml-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TEXT = ['name: demo', 'items:', '  - id: one', '    size: 3', '  - id: two', '    size: big', ''].join('\n');

describe('parseLocatedYaml', () => {
  it('parses the value and locates fields and keys 1-based', () => {
    const located = parseLocatedYaml(TEXT, 'demo.yaml');
    expect(located.value).toEqual({ name: 'demo', items: [{ id: 'one', size: 3 }, { id: 'two', size: 'big' }] });
    expect(located.locate(['items', 1, 'size'])).toEqual({ file: 'demo.yaml', line: 6, column: 11 });
    expect(located.locate(['items', 1, 'size'], { key: true })).toEqual({ file: 'demo.yaml', line: 6, column: 5 });
    expect(located.locate(['items', 0])).toEqual({ file: 'demo.yaml', line: 3, column: 5 });
    // A field that is not there is located at its nearest parent.
    expect(located.locate(['items', 1, 'missing'])).toEqual({ file: 'demo.yaml', line: 5, column: 5 });
  });

  it('reports a duplicate key with its position', () => {
    const error = thrown(() => parseLocatedYaml('name: a\nname: b\n', 'dup.yaml'));
    expect(error.code).toBe('E_YAML_SYNTAX');
    expect(error.message).toMatchInlineSnapshot(`
      "dup.yaml:2:1: YAML duplicate key: Map keys must be unique
        hint: each key may appear once in a mapping"
    `);
  });

  it('refuses to expand more aliases than the limit', () => {
    const text = ['a: &a [1, 2]', 'b: [*a, *a, *a]', ''].join('\n');
    expect(parseLocatedYaml(text, 'ok.yaml').value).toEqual({ a: [1, 2], b: [[1, 2], [1, 2], [1, 2]] });
    const error = thrown(() => parseLocatedYaml(text, 'aliases.yaml', { maxAliasCount: 2 }));
    expect(error.code).toBe('E_YAML_SYNTAX');
    expect(error.problems.map((p) => p.location)).toEqual([{ file: 'aliases.yaml', line: 1, column: 1 }]);
  });
});

describe('validateLocated', () => {
  const Demo = z.strictObject({ name: z.string(), items: z.array(z.strictObject({ id: z.string(), size: z.number(), colour: z.string() })) });

  it('lists every problem with file:line:column and field: wrong type, missing field', () => {
    const error = thrown(() => validateLocated(parseLocatedYaml(TEXT, 'demo.yaml'), Demo));
    expect(error.code).toBe('E_SCHEMA');
    expect(error.message).toMatchInlineSnapshot(`
      "demo.yaml:3:5: items[0].colour: required field is missing
      demo.yaml:6:11: items[1].size: Invalid input: expected number, received string
      demo.yaml:5:5: items[1].colour: required field is missing"
    `);
  });
});

describe('formatFieldPath and displayPath', () => {
  it('formats zod paths as dotted fields with indices', () => {
    expect([formatFieldPath(['outcomes', 3, 'category']), formatFieldPath([]), formatFieldPath([0, 'id'])]).toEqual(['outcomes[3].category', '', '[0].id']);
  });

  it('shows files under the working directory relative to it, others as given', () => {
    expect(displayPath(resolve('scenarios/outcomes/core.yaml'))).toBe(join('scenarios', 'outcomes', 'core.yaml'));
    expect(displayPath('/elsewhere/file.yaml')).toBe('/elsewhere/file.yaml');
  });
});

describe('readInputFile and loadYamlFile', () => {
  it('names a missing file and a folder', () => {
    const missing = join(tmp, 'nope.yaml');
    const error = thrown(() => readInputFile(missing));
    expect(error.code).toBe('E_FILE_NOT_FOUND');
    expect(error.message.replace(tmp, '<tmp>')).toMatchInlineSnapshot(`
      "<tmp>/nope.yaml: file not found
        hint: check the path; it is resolved from the current directory"
    `);
    expect(thrown(() => readInputFile(tmp)).message.replace(tmp, '<tmp>')).toMatchInlineSnapshot(`
      "<tmp>: is not a file
        hint: pass the path of a file"
    `);
  });

  it('refuses a file over the size limit before reading it', () => {
    const file = join(tmp, 'big.yaml');
    writeFileSync(file, `name: "${'x'.repeat(200)}"\n`);
    const error = thrown(() => loadYamlFile(file, z.object({ name: z.string() }), { maxBytes: 100 }));
    expect(error.code).toBe('E_FILE_TOO_LARGE');
    expect(error.message.replace(tmp, '<tmp>')).toMatchInlineSnapshot(`
      "<tmp>/big.yaml: file is 209 bytes, over the limit of 100
        hint: input files of saydo are small; check that this is the file you meant"
    `);
    expect(loadYamlFile(file, z.object({ name: z.string() })).value).toEqual({ name: 'x'.repeat(200) });
  });
});
