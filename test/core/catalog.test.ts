import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/catalog.js';
import { InputError } from '../../src/core/errors.js';
import { contentHash } from '../../src/core/hash.js';

const FIXTURES = 'test/fixtures/catalogs';
const tmp = mkdtempSync(join(tmpdir(), 'saydo-catalog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function loadError(file: string): InputError {
  try {
    loadCatalog(file);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`expected ${file} to be refused`);
}

describe('loadCatalog', () => {
  it('reads a catalog with defaults filled in and a content hash of its value', () => {
    const loaded = loadCatalog(`${FIXTURES}/small.yaml`);
    expect(loaded.file).toBe(`${FIXTURES}/small.yaml`);
    expect(loaded.catalog.name).toBe('small');
    expect(loaded.catalog.outcomes.length).toBe(12);
    expect(loaded.catalog.outcomes[0]).toEqual({ id: 'money-donation-1000', text: '$1,000 is donated to a food bank in Ohio.', category: 'money', tags: ['donation'] });
    expect(loaded.catalog.outcomes[2]?.tags).toEqual([]);
    expect(loaded.hash).toBe(contentHash(loaded.catalog));
  });

  it('hashes the value, not the text: comments and key order do not change it', () => {
    const text = readFileSync(`${FIXTURES}/small.yaml`, 'utf8');
    const file = join(tmp, 'reformatted.yaml');
    writeFileSync(file, `# another comment\n${text.replace('name: small\n', '')}name: small\n`);
    expect(loadCatalog(file).hash).toBe(loadCatalog(`${FIXTURES}/small.yaml`).hash);
  });

  it('the shipped catalog has at least 60 outcomes in at least 8 categories, each one line', () => {
    const { catalog } = loadCatalog('scenarios/outcomes/core.yaml');
    expect(catalog.outcomes.length).toBeGreaterThanOrEqual(60);
    expect(new Set(catalog.outcomes.map((o) => o.category)).size).toBeGreaterThanOrEqual(8);
  });
});

describe('loadCatalog refuses bad input with file:line:column and the field', () => {
  it('a field of the wrong type', () => {
    const error = loadError(`${FIXTURES}/wrong-type.yaml`);
    expect(error.code).toBe('E_SCHEMA');
    expect(error.message).toMatchInlineSnapshot(`"test/fixtures/catalogs/wrong-type.yaml:8:15: outcomes[1].category: Invalid input: expected string, received number"`);
  });

  it('an unknown field', () => {
    const error = loadError(`${FIXTURES}/unknown-field.yaml`);
    expect(error.code).toBe('E_SCHEMA');
    expect(error.message).toMatchInlineSnapshot(`
      "test/fixtures/catalogs/unknown-field.yaml:9:5: outcomes[1].colour: unknown field
        hint: remove it or check its spelling; the JSON Schema in schemas/ lists the allowed fields"
    `);
  });

  it('a duplicate id, naming where the first one is', () => {
    const error = loadError(`${FIXTURES}/duplicate-id.yaml`);
    expect(error.code).toBe('E_DUPLICATE_ID');
    expect(error.message).toMatchInlineSnapshot(`
      "test/fixtures/catalogs/duplicate-id.yaml:9:9: outcomes[2].id: duplicate outcome id "first" (first defined at line 3)
        hint: give each outcome a unique id"
    `);
  });

  it('a YAML syntax error', () => {
    const error = loadError(`${FIXTURES}/yaml-syntax.yaml`);
    expect(error.code).toBe('E_YAML_SYNTAX');
    expect(error.message).toMatchInlineSnapshot(`
      "test/fixtures/catalogs/yaml-syntax.yaml:4:38: YAML syntax error: Missing closing "quote
        hint: check indentation, quotes and colons near this position"
    `);
  });

  it('a missing file', () => {
    const error = loadError(`${FIXTURES}/no-such-catalog.yaml`);
    expect(error.code).toBe('E_FILE_NOT_FOUND');
    expect(error.message).toMatchInlineSnapshot(`
      "test/fixtures/catalogs/no-such-catalog.yaml: file not found
        hint: check the path; it is resolved from the current directory"
    `);
  });

  it('an alias bomb (billion laughs) is stopped before it expands', () => {
    const error = loadError(`${FIXTURES}/alias-bomb.yaml`);
    expect(error.code).toBe('E_YAML_SYNTAX');
    expect(error.message).toMatchInlineSnapshot(`
      "test/fixtures/catalogs/alias-bomb.yaml:1:1: YAML could not be expanded: Excessive alias count indicates a resource exhaustion attack
        hint: aliases (*name) may be used at most 100 times; write the values out"
    `);
  });

  it('a file over the size limit (5 MB) is refused before it is parsed', () => {
    const file = join(tmp, 'huge.yaml');
    const outcome = '  - id: x\n    text: "An outcome."\n    category: money\n';
    writeFileSync(file, `name: huge\noutcomes:\n${outcome.repeat(Math.ceil(5_000_001 / outcome.length))}`);
    const error = loadError(file);
    expect(error.code).toBe('E_FILE_TOO_LARGE');
    expect(error.message.replace(tmp, '<tmp>')).toMatchInlineSnapshot(`
      "<tmp>/huge.yaml: file is 5000043 bytes, over the limit of 5000000
        hint: input files of saydo are small; check that this is the file you meant"
    `);
  });

  it('a missing required field and a text over one line, all problems at once', () => {
    const file = join(tmp, 'several.yaml');
    writeFileSync(file, ['name: several', 'outcomes:', '  - id: Bad Id', '    text: "one\\ntwo"', '    category: money', '  - id: fine', '    text: fine', ''].join('\n'));
    const error = loadError(file);
    expect(error.code).toBe('E_SCHEMA');
    expect(error.message.replaceAll(tmp, '<tmp>')).toMatchInlineSnapshot(`
      "<tmp>/several.yaml:3:9: outcomes[0].id: ids are lowercase letters and digits joined by "-", "_" or "."
      <tmp>/several.yaml:4:11: outcomes[0].text: outcome text must be one line
      <tmp>/several.yaml:6:5: outcomes[1].category: required field is missing"
    `);
  });
});
