import type { z } from 'zod';
import { UsageError } from '../core/errors.js';

/** Validates command options with their zod schema; a bad value is a usage error naming the flag. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new UsageError(`${flag}: ${issue?.message ?? 'invalid value'} (got ${JSON.stringify(raw[key])})`, { hint: 'see --help for the allowed values' });
}
