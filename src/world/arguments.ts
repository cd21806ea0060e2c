import type { z } from 'zod';

/** Parses and validates the raw argument text of a tool call. */
export function parseArgumentsText(schema: z.ZodObject, text: string): { ok: true; args: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, error: 'the arguments are not valid JSON' };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, args: result.data as Record<string, unknown> };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: `${where}${issue?.message ?? 'invalid arguments'}` };
}
