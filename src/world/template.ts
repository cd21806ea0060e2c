import { evaluate, ExpressionError, namesIn, parseExpression, type Expr, type ExprValue, type NameResolver } from './expression.js';

/** A parsed text template: literal text and `{{ expression }}` holes. */
export type Template = ReadonlyArray<string | { expr: Expr; source: string; offset: number }>;

/** Parses `Hello {{ user.name }}`; an unclosed hole or a bad expression is an ExpressionError with its offset. */
export function parseTemplate(source: string): Template {
  const parts: Array<string | { expr: Expr; source: string; offset: number }> = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    if (open < 0) {
      parts.push(source.slice(i));
      break;
    }
    if (open > i) parts.push(source.slice(i, open));
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new ExpressionError('a "{{" is never closed with "}}"', open);
    const inner = source.slice(open + 2, close);
    try {
      parts.push({ expr: parseExpression(inner), source: inner.trim(), offset: open });
    } catch (error) {
      if (error instanceof ExpressionError) throw new ExpressionError(`in {{${inner}}}: ${error.message}`, open + 2 + error.offset);
      throw error;
    }
    i = close + 2;
  }
  return parts;
}

/** Whether a text has any `{{ }}` hole. */
export function isTemplated(source: string): boolean {
  return source.includes('{{');
}

/** Renders a template; numbers print without trailing zeros. */
export function renderTemplate(template: Template, resolve: NameResolver): string {
  return template.map((part) => (typeof part === 'string' ? part : formatValue(evaluate(part.expr, resolve)))).join('');
}

/** Every name a template reads. */
export function templateNames(template: Template): string[][] {
  return template.flatMap((part) => (typeof part === 'string' ? [] : namesIn(part.expr)));
}

/** How a value prints inside text. */
export function formatValue(value: ExprValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  return value === null ? '' : String(value);
}
