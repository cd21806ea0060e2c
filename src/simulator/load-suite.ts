import { dirname, relative, resolve } from 'node:path';
import { loadCatalog, type LoadedCatalog } from '../core/catalog.js';
import { InputError } from '../core/errors.js';
import { contentHash } from '../core/hash.js';
import { loadYamlFile } from '../core/yaml-file.js';
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
