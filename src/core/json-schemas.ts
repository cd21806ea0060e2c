import { z } from 'zod';
import { AgentProfile } from './schemas/agent-profile.js';
import { Catalog } from './schemas/catalog.js';

/** The schemas of saydo's YAML files, by the file name of their JSON Schema under schemas/. */
export const FILE_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  'catalog.schema.json': Catalog,
  'agent-profile.schema.json': AgentProfile,
};

/** JSON Schema of a zod schema, for editors (yaml-language-server) to complete and check files. */
export function toEditorJsonSchema(schema: z.ZodType, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: json.$schema, title, ...json };
}
