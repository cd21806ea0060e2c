import type { InputProblem } from '../core/errors.js';
import type { ToolParameter } from './scenario-schema.js';

/**
 * What to do about a schema problem of a scenario file that came without a hint (zod knows the rule a field broke,
 * not the scenario format's words for it); undefined when the problem has a hint already.
 */
export function scenarioSchemaHint(problem: InputProblem): string | undefined {
  if (problem.hint !== undefined) return undefined;
  const field = problem.field;
  const last = field.slice(field.lastIndexOf('.') + 1);
  if (/\.obstacle$/.test(field) && problem.message.includes('times or probability')) {
    return 'keep one: times: N (the first N matching calls fail) or probability: p (each matching call fails with chance p)';
  }
  if (last === 'probability' || last === 'p' || /\.lottery\./.test(field)) return 'a probability is a number from 0 to 1, e.g. 0.25';
  if (last === 'times') return 'times is a whole number of failing calls, at least 1, e.g. times: 2';
  if (field === 'limits.max_steps') return 'max_steps is a whole number of steps from 1 to 200, written without quotes, e.g. max_steps: 12';
  if (problem.message === 'required field is missing') return 'add it; docs/SCENARIOS.md describes every field';
  if (problem.message.startsWith('Invalid input: expected ')) return 'docs/SCENARIOS.md describes every field; the JSON Schema in schemas/ gives each field\'s type';
  return undefined;
}

/**
 * Why a `when` value can never equal a valid argument of a parameter; undefined when it can, or when a template makes
 * the value (or the enum's values) known only once an instance renders it.
 */
export function whenMismatch(name: string, parameter: ToolParameter, value: string | number | boolean): { message: string; hint: string } | undefined {
  const shown = JSON.stringify(value);
  if (typeof value === 'string' && value.includes('{{')) return undefined;
  switch (parameter.type) {
    case 'enum': {
      const values = parameter.values ?? [];
      if (values.length === 0 || values.some((v) => v.includes('{{'))) return undefined;
      if (typeof value === 'string' && values.includes(value)) return undefined;
      const near = typeof value === 'string' ? values.find((v) => v.trim().toLowerCase() === value.trim().toLowerCase()) : undefined;
      return {
        message: `${name} is ${shown}, which is not among its values (${values.join(', ')})`,
        hint: near !== undefined ? `write it as in values: ${near}` : `use one of ${values.join(', ')}, or add ${shown} to the values of ${name}`,
      };
    }
    case 'number':
    case 'integer': {
      const kind = parameter.type === 'integer' ? 'an integer' : 'a number';
      if (typeof value !== 'number') return { message: `${name} is ${shown}, but ${name} takes ${kind}`, hint: `write ${kind} without quotes, e.g. ${name}: ${parameter.minimum ?? 1}` };
      if (parameter.type === 'integer' && !Number.isInteger(value)) return { message: `${name} is ${shown}, but ${name} takes an integer`, hint: `write a whole number, e.g. ${name}: ${Math.round(value)}` };
      if ((parameter.minimum !== undefined && value < parameter.minimum) || (parameter.maximum !== undefined && value > parameter.maximum)) {
        return { message: `${name} is ${shown}, outside its range ${parameter.minimum ?? '-∞'} to ${parameter.maximum ?? '∞'}`, hint: `use a value in the range, or widen minimum/maximum of ${name}` };
      }
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { message: `${name} is ${shown}, but ${name} takes true or false`, hint: `write ${name}: true or ${name}: false, without quotes` };
    case 'string':
      return typeof value === 'string' ? undefined : { message: `${name} is ${shown}, but ${name} takes a string`, hint: `quote it: ${name}: "${String(value)}"` };
    case 'object':
      return { message: `${name} is an object parameter, and when: compares single values`, hint: `remove ${name} from when:, or match on a parameter that is not an object` };
  }
}
