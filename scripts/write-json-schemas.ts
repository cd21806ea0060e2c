// Regenerates schemas/*.json from the zod schemas (the single source of truth): npm run schemas
import { writeFileSync } from 'node:fs';
import { toEditorJsonSchema } from '../src/core/json-schemas.js';
import { FILE_SCHEMAS } from '../src/cli/file-schemas.js';

for (const [file, schema] of Object.entries(FILE_SCHEMAS)) {
  writeFileSync(new URL(`../schemas/${file}`, import.meta.url), `${JSON.stringify(toEditorJsonSchema(schema, file.replace('.schema.json', '')), null, 2)}\n`);
  console.log(`wrote schemas/${file}`);
}
