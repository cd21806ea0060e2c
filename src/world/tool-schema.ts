import { z } from 'zod';
import type { ToolParameter } from './scenario-schema.js';

/** The zod schema that validates a tool's arguments; its JSON Schema is what the model is shown. */
export function argumentsSchema(parameters: Readonly<Record<string, ToolParameter>>, enumValues: (values: readonly string[]) => string[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, parameter] of Object.entries(parameters)) {
    let schema = parameterSchema(parameter, enumValues);
    if (parameter.description) schema = schema.describe(parameter.description);
    shape[name] = parameter.required ? schema : schema.optional();
  }
  return z.strictObject(shape);
}

function parameterSchema(parameter: ToolParameter, enumValues: (values: readonly string[]) => string[]): z.ZodType {
  switch (parameter.type) {
    case 'string':
      return z.string();
    case 'enum': {
      const values = enumValues(parameter.values ?? []);
      return values.length > 0 ? z.enum(values as [string, ...string[]]) : z.string();
    }
    case 'number':
    case 'integer': {
      let schema = parameter.type === 'integer' ? z.number().int() : z.number();
      if (parameter.minimum !== undefined) schema = schema.min(parameter.minimum);
      if (parameter.maximum !== undefined) schema = schema.max(parameter.maximum);
      return schema;
    }
    case 'boolean':
      return z.boolean();
    case 'object':
      return argumentsSchema(parameter.properties ?? {}, enumValues);
  }
}

/** The JSON Schema of the arguments, as a tool definition carries it. */
export function argumentsJsonSchema(schema: z.ZodObject): Record<string, unknown> {
  const json = z.toJSONSchema(schema) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** A value that satisfies a parameter, for synthetic agents filling arguments no rule constrains. */
export function fillerValue(parameter: ToolParameter, enumValues: (values: readonly string[]) => string[]): unknown {
  switch (parameter.type) {
    case 'string':
      return 'n/a';
    case 'enum':
      return enumValues(parameter.values ?? [])[0] ?? 'n/a';
    case 'number':
    case 'integer':
      return parameter.minimum ?? Math.min(0, parameter.maximum ?? 0);
    case 'boolean':
      return false;
    case 'object':
      return Object.fromEntries(
        Object.entries(parameter.properties ?? {})
          .filter(([, p]) => p.required)
          .map(([name, p]) => [name, fillerValue(p, enumValues)]),
      );
  }
}
