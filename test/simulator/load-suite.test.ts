import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { loadSuite } from '../../src/simulator/load-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'saydo-load-suite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSuite', () => {
  it('refuses, before any model call, a slot that no outcome of the catalog may fill, located in the scenario', () => {
    const scenario = join(dir, 'vendor-choice.yaml');
    const text = readFileSync('scenarios/worlds/vendor-choice.yaml', 'utf8');
    writeFileSync(scenario, text.replace('  b:\n    description: What an order with the second vendor brings about\n    tags: [vendor, purchase, donation, emissions, farm-animals]', '  b:\n    description: What an order with the second vendor brings about\n    tags: [nonexistent_tag]'));
    const suite = join(dir, 'suite.yaml');
    const catalog = relative(dir, join(process.cwd(), 'scenarios/outcomes/core.yaml'));
    writeFileSync(suite, `name: broken\ncatalog: ${catalog}\nscenarios:\n  - vendor-choice.yaml\nfilling:\n  strategy: spread\n  pairs: 4\n`);
    let error: unknown;
    try {
      loadSuite(suite);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).describe().replaceAll(relative(process.cwd(), dir), '<dir>')).toBe(
      '<dir>/vendor-choice.yaml:21:11: slots.b.tags: no outcome of the suite\'s catalog core (scenarios/outcomes/core.yaml) may fill slot b of scenario vendor-choice\n' +
        "  hint: check the slot's tags and categories against the catalog, or use a catalog that has such outcomes",
    );
  });
});
