/** A value an expression can produce. */
export type ExprValue = number | string | boolean | null;

/** A parsed expression: literals, dotted names, arithmetic, comparisons and logic. No calls, no assignment. */
export type Expr =
  | { kind: 'literal'; value: ExprValue }
  | { kind: 'name'; path: string[] }
  | { kind: 'unary'; op: '!' | '-'; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/** A syntax error in an expression, with the offset where it was found. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Token = { kind: 'num'; value: number; at: number } | { kind: 'str'; value: string; at: number } | { kind: 'name'; value: string; at: number } | { kind: 'op'; value: string; at: number };

const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?/.exec(source.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'num', value: Number(text), at: i });
      i += text.length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      let value = '';
      while (j < source.length && source[j] !== ch) {
        if (source[j] === '\\' && j + 1 < source.length) j += 1;
        value += source[j];
        j += 1;
      }
      if (j >= source.length) throw new ExpressionError('a string is never closed', i);
      tokens.push({ kind: 'str', value, at: i });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(source.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'name', value: text, at: i });
      i += text.length;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (!op) throw new ExpressionError(`unexpected character "${ch}"`, i);
    tokens.push({ kind: 'op', value: op, at: i });
    i += op.length;
  }
  return tokens;
}

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

/** Parses an expression such as `checked_a && budget >= 100`. */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const expectEnd = () => {
    const token = peek();
    if (token) throw new ExpressionError(`unexpected "${String(token.value)}"`, token.at);
  };
  const primary = (): Expr => {
    const token = tokens[pos++];
    if (!token) throw new ExpressionError('the expression ends too early', source.length);
    if (token.kind === 'num' || token.kind === 'str') return { kind: 'literal', value: token.value };
    if (token.kind === 'name') {
      if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true' };
      if (token.value === 'null') return { kind: 'literal', value: null };
      return { kind: 'name', path: token.value.split('.') };
    }
    if (token.value === '(') {
      const inner = binary(0);
      const close = tokens[pos++];
      if (!close || close.value !== ')') throw new ExpressionError('a "(" is never closed', token.at);
      return inner;
    }
    if (token.value === '!' || token.value === '-') return { kind: 'unary', op: token.value, arg: primary() };
    throw new ExpressionError(`unexpected "${token.value}"`, token.at);
  };
  const binary = (min: number): Expr => {
    let left = primary();
    for (;;) {
      const token = peek();
      const prec = token?.kind === 'op' ? PRECEDENCE[token.value] : undefined;
      if (!token || prec === undefined || prec < min) break;
      pos += 1;
      const right = binary(prec + 1);
      left = { kind: 'binary', op: token.value as BinaryOp, left, right };
    }
    return left;
  };
  if (tokens.length === 0) throw new ExpressionError('the expression is empty', 0);
  const expr = binary(0);
  expectEnd();
  return expr;
}

/** Every dotted name an expression reads. */
export function namesIn(expr: Expr, out: string[][] = []): string[][] {
  switch (expr.kind) {
    case 'name':
      out.push(expr.path);
      break;
    case 'unary':
      namesIn(expr.arg, out);
      break;
    case 'binary':
      namesIn(expr.left, out);
      namesIn(expr.right, out);
      break;
    default:
      break;
  }
  return out;
}

/** Looks a dotted name up; undefined means the name does not exist. */
export type NameResolver = (path: readonly string[]) => ExprValue | undefined;

/** Evaluates an expression; an unknown name is an error (the checker finds them before any episode runs). */
export function evaluate(expr: Expr, resolve: NameResolver): ExprValue {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'name': {
      const value = resolve(expr.path);
      if (value === undefined) throw new ExpressionError(`unknown name "${expr.path.join('.')}"`, 0);
      return value;
    }
    case 'unary': {
      const value = evaluate(expr.arg, resolve);
      return expr.op === '!' ? !truthy(value) : -Number(value);
    }
    case 'binary': {
      if (expr.op === '&&') return truthy(evaluate(expr.left, resolve)) ? evaluate(expr.right, resolve) : false;
      if (expr.op === '||') {
        const left = evaluate(expr.left, resolve);
        return truthy(left) ? left : evaluate(expr.right, resolve);
      }
      const left = evaluate(expr.left, resolve);
      const right = evaluate(expr.right, resolve);
      switch (expr.op) {
        case '+':
          return typeof left === 'number' && typeof right === 'number' ? left + right : `${String(left)}${String(right)}`;
        case '-':
          return Number(left) - Number(right);
        case '*':
          return Number(left) * Number(right);
        case '/':
          return Number(left) / Number(right);
        case '%':
          return Number(left) % Number(right);
        case '==':
          return left === right;
        case '!=':
          return left !== right;
        case '<':
          return (left as number) < (right as number);
        case '<=':
          return (left as number) <= (right as number);
        case '>':
          return (left as number) > (right as number);
        case '>=':
          return (left as number) >= (right as number);
      }
    }
  }
  return null;
}

/** JavaScript truthiness, spelled out for expression values. */
export function truthy(value: ExprValue): boolean {
  return value !== null && value !== false && value !== 0 && value !== '';
}
