import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { loadCatalog, type LoadedCatalog } from '../core/catalog.js';
import { InputError } from '../core/errors.js';
import { contentHash } from '../core/hash.js';
import { loadYamlFile, parseLocatedYaml } from '../core/yaml-file.js';
import { eligibleOutcomes } from '../world/slots.js';
import { loadScenario, type LoadedScenario } from '../world/load-scenario.js';
import { SuiteSpec } from './suite-schema.js';

/** A suite with its catalog and scenarios loaded and checked. */
export interface LoadedSuite {
  suite: SuiteSpec;
  file: string;
  hash: string;
  catalog: LoadedCatalog;
  scenarios: LoadedScenario[];
}

/** Reads a suite and everything it names; any problem in any file is a located InputError. */
export function loadSuite(file: string): LoadedSuite {
  const located = loadYamlFile(file, SuiteSpec);
  const suite = located.value;
  const base = dirname(resolve(file));
  const rel = (path: string) => relative(process.cwd(), resolve(base, path)) || path;
  const catalog = loadCatalog(rel(suite.catalog));
  const scenarios = suite.scenarios.map((path) => loadScenario(rel(path)));
  const ids = new Set<string>();
  scenarios.forEach((scenario, i) => {
    if (ids.has(scenario.scenario.id)) {
      throw new InputError('E_DUPLICATE_ID', [{ location: located.locate(['scenarios', i]), field: `scenarios[${i}]`, message: `scenario "${scenario.scenario.id}" is listed twice`, hint: 'list each scenario once' }]);
    }
    ids.add(scenario.scenario.id);
  });
  for (const condition of suite.conditions ?? []) {
    if (!scenarios.some((s) => condition in s.scenario.conditions)) {
      const index = (suite.conditions ?? []).indexOf(condition);
      throw new InputError('E_REFERENCE', [{ location: located.locate(['conditions', index]), field: `conditions[${index}]`, message: `no scenario of the suite has a condition "${condition}"`, hint: 'check the spelling against the scenarios\' conditions:' }]);
    }
  }
  // Before any model call: a slot no outcome of the catalog may fill would stop the run after elicitation has been paid for.
  for (const { scenario, file: scenarioFile } of scenarios) {
    for (const slot of Object.keys(scenario.slots)) {
      if (eligibleOutcomes(scenario, slot, catalog.catalog.outcomes).length > 0) continue;
      const inScenario = parseLocatedYaml(readFileSync(scenarioFile, 'utf8'), scenarioFile);
      throw new InputError('E_REFERENCE', [
        {
          location: scenario.slots[slot]?.tags ? inScenario.locate(['slots', slot, 'tags']) : inScenario.locate(['slots', slot], { key: true }),
          field: scenario.slots[slot]?.tags ? `slots.${slot}.tags` : `slots.${slot}`,
          message: `no outcome of the suite's catalog ${catalog.catalog.name} (${catalog.file}) may fill slot ${slot} of scenario ${scenario.id}`,
          hint: 'check the slot\'s tags and categories against the catalog, or use a catalog that has such outcomes',
        },
      ]);
    }
  }
  if (suite.filling.strategy === 'fixed') {
    suite.filling.fills.forEach((fill, i) => {
      for (const [slot, id] of Object.entries(fill)) {
        if (!catalog.catalog.outcomes.some((o) => o.id === id)) {
          throw new InputError('E_REFERENCE', [{ location: located.locate(['filling', 'fills', i, slot]), field: `filling.fills[${i}].${slot}`, message: `no outcome "${id}" in the catalog`, hint: 'ids are listed in the catalog file' }]);
        }
      }
    });
  }
  return {
    suite,
    file: located.file,
    hash: contentHash({ suite, catalog: catalog.hash, scenarios: scenarios.map((s) => s.hash) }),
    catalog,
    scenarios,
  };
}
