import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_CATALOG as SMALL, tempFolders } from '../helpers/elicit-cli.js';
import { killAll, runCli, type CliResult } from '../helpers/run-cli.js';

const temp = tempFolders('saydo-cli-bad-input-');
afterEach(killAll);
afterAll(temp.remove);

const CASES = {
  wrongType: ['--catalog', 'test/fixtures/catalogs/wrong-type.yaml'],
  duplicateId: ['--catalog', 'test/fixtures/catalogs/duplicate-id.yaml'],
  unknownField: ['--catalog', 'test/fixtures/catalogs/unknown-field.yaml'],
  badProfile: ['--catalog', SMALL, '--agent', 'test/fixtures/agents/bad-profile.yaml'],
  missingCatalog: ['--catalog', 'test/fixtures/catalogs/no-such-catalog.yaml'],
} satisfies Record<string, string[]>;

describe('saydo elicit refuses bad input with exit code 2, names file:line:column and the field, and writes nothing', () => {
  const results = new Map<string, CliResult & { outExists: boolean }>();
  beforeAll(async () => {
    await Promise.all(
      Object.entries(CASES).map(async ([name, extra]) => {
        const out = temp.folder(name);
        const agent = extra.includes('--agent') ? [] : ['--agent', 'agents/sim-coherent.yaml'];
        const result = await runCli(['elicit', ...agent, ...extra, '--out', out, '--cache-dir', join(out, 'cache')]);
        results.set(name, { ...result, outExists: existsSync(out) });
      }),
    );
  });

  /** The stderr of a case, after checking exit code 2, no stdout and no output folder. */
  function refused(name: keyof typeof CASES): string {
    const result = results.get(name);
    expect([result?.code, result?.stdout, result?.outExists]).toEqual([2, '', false]);
    return result?.stderr ?? '';
  }

  it('a schema error in the catalog', () => {
    expect(refused('wrongType')).toMatchInlineSnapshot(`
      "saydo: test/fixtures/catalogs/wrong-type.yaml:8:15: outcomes[1].category: Invalid input: expected string, received number
      "
    `);
  });

  it('a duplicate id in the catalog', () => {
    expect(refused('duplicateId')).toMatchInlineSnapshot(`
      "saydo: test/fixtures/catalogs/duplicate-id.yaml:9:9: outcomes[2].id: duplicate outcome id "first" (first defined at line 3)
        hint: give each outcome a unique id
      "
    `);
  });

  it('an unknown field in the catalog', () => {
    expect(refused('unknownField')).toMatchInlineSnapshot(`
      "saydo: test/fixtures/catalogs/unknown-field.yaml:9:5: outcomes[1].colour: unknown field
        hint: remove it or check its spelling; the JSON Schema in schemas/ lists the allowed fields
      "
    `);
  });

  it('an unknown field and a wrong type in the agent profile', () => {
    expect(refused('badProfile')).toMatchInlineSnapshot(`
      "saydo: test/fixtures/agents/bad-profile.yaml:7:13: maxRetries: Invalid input: expected number, received string
      test/fixtures/agents/bad-profile.yaml:6:1: temprature: unknown field
        hint: remove it or check its spelling; the JSON Schema in schemas/ lists the allowed fields
      "
    `);
  });

  it('a catalog that does not exist', () => {
    expect(refused('missingCatalog')).toMatchInlineSnapshot(`
      "saydo: test/fixtures/catalogs/no-such-catalog.yaml: file not found
        hint: check the path; it is resolved from the current directory
      "
    `);
  });
});
