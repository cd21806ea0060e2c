import { z } from 'zod';

/** JSON Schema of a zod schema, for editors (yaml-language-server) to complete and check files. */
export function toEditorJsonSchema(schema: z.ZodType, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: json.$schema, title, ...json };
}
