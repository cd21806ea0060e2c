import { contentHash } from './hash.js';
import { Catalog } from './schemas/catalog.js';
import { assertUniqueIds, loadYamlFile } from './yaml-file.js';

/** A catalog read from a file, with its content hash for provenance. */
export interface LoadedCatalog {
  catalog: Catalog;
  file: string;
  hash: string;
}

/** Reads and validates an outcome catalog; schema errors, unknown fields and duplicate ids name file:line:column. */
export function loadCatalog(file: string): LoadedCatalog {
  const located = loadYamlFile(file, Catalog);
  assertUniqueIds(located.value.outcomes, ['outcomes'], located, 'outcome');
  return { catalog: located.value, file: located.file, hash: contentHash(located.value) };
}
