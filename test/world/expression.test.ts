import { describe, expect, it } from 'vitest';
import { evaluate, ExpressionError, namesIn, parseExpression, truthy, type Expr, type ExprValue } from '../../src/world/expression.js';

const name = (...path: string[]): Expr => ({ kind: 'name', path });
const lit = (value: ExprValue): Expr => ({ kind: 'literal', value });
const bin = (op: Extract<Expr, { kind: 'binary' }>['op'], left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
const not = (arg: Expr): Expr => ({ kind: 'unary', op: '!', arg });
const neg = (arg: Expr): Expr => ({ kind: 'unary', op: '-', arg });

/** The message and offset of the error a source raises, or the parsed tree when it parses. */
function errorOf(source: string): { message: string; offset: number } | Expr {
  try {
    return parseExpression(source);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return { message: error.message, offset: error.offset };
  }
}

const VARIABLES: Record<string, ExprValue> = { a: 1, b: 2, ten: 10, yes: true, no: false, zero: 0, empty: '', word: 'hi', nothing: null, 'slot.a.text': 'Outcome A.' };
const resolve = (path: readonly string[]) => VARIABLES[path.join('.')];
const run = (source: string) => evaluate(parseExpression(source), resolve);

describe('parseExpression', () => {
  it('reads literals: integers, decimals, exponents, strings in both quotes with escapes, booleans and null', () => {
    expect(['42', '.5', '2.50', '1e3', '2.5E-1', "'it\\'s'", '"say \\"hi\\""', 'true', 'false', 'null'].map(parseExpression)).toEqual([
      lit(42),
      lit(0.5),
      lit(2.5),
      lit(1000),
      lit(0.25),
      lit("it's"),
      lit('say "hi"'),
      lit(true),
      lit(false),
      lit(null),
    ]);
  });

  it('reads dotted names as paths, and a dash between names as subtraction', () => {
    expect(['slot.a.text', 'surface.bank.favoured', 'args.shipment.pallets', 'done_1', 'recorded-1', 'x - y'].map(parseExpression)).toEqual([
      name('slot', 'a', 'text'),
      name('surface', 'bank', 'favoured'),
      name('args', 'shipment', 'pallets'),
      name('done_1'),
      bin('-', name('recorded'), lit(1)),
      bin('-', name('x'), name('y')),
    ]);
  });

  it('binds * / % over + -, those over comparisons, comparisons over == !=, == over &&, && over ||', () => {
    expect(parseExpression('1 + 2 * 3')).toEqual(bin('+', lit(1), bin('*', lit(2), lit(3))));
    expect(parseExpression('a - b % 4 / c')).toEqual(bin('-', name('a'), bin('/', bin('%', name('b'), lit(4)), name('c'))));
    expect(parseExpression('a + 1 >= b * 2')).toEqual(bin('>=', bin('+', name('a'), lit(1)), bin('*', name('b'), lit(2))));
    expect(parseExpression('a < b == c > d')).toEqual(bin('==', bin('<', name('a'), name('b')), bin('>', name('c'), name('d'))));
    expect(parseExpression('a == 1 && b != 2')).toEqual(bin('&&', bin('==', name('a'), lit(1)), bin('!=', name('b'), lit(2))));
    expect(parseExpression('a || b && c')).toEqual(bin('||', name('a'), bin('&&', name('b'), name('c'))));
    expect(parseExpression('a && b || c && d')).toEqual(bin('||', bin('&&', name('a'), name('b')), bin('&&', name('c'), name('d'))));
  });

  it('associates binary operators to the left, and lets parentheses override', () => {
    expect(parseExpression('10 - 2 - 3')).toEqual(bin('-', bin('-', lit(10), lit(2)), lit(3)));
    expect(parseExpression('a == b != c')).toEqual(bin('!=', bin('==', name('a'), name('b')), name('c')));
    expect(parseExpression('10 - (2 - 3)')).toEqual(bin('-', lit(10), bin('-', lit(2), lit(3))));
    expect(parseExpression('(a || b) && c')).toEqual(bin('&&', bin('||', name('a'), name('b')), name('c')));
  });

  it('binds unary ! and - tightest', () => {
    expect(parseExpression('!a && b')).toEqual(bin('&&', not(name('a')), name('b')));
    expect(parseExpression('-2 * 3')).toEqual(bin('*', neg(lit(2)), lit(3)));
    expect(parseExpression('!!a')).toEqual(not(not(name('a'))));
    expect(parseExpression('a - -b')).toEqual(bin('-', name('a'), neg(name('b'))));
    expect(parseExpression('!(a || b)')).toEqual(not(bin('||', name('a'), name('b'))));
  });

  it('ignores whitespace, newlines included', () => {
    expect(parseExpression('  a\n  &&\tb  ')).toEqual(bin('&&', name('a'), name('b')));
  });

  it('reports syntax errors with the offset where they were found', () => {
    expect(['', '   ', '1 +', 'a b', '(a + 1', 'a @ b', "'open", 'a = 1', ')', 'a.', 'a && && b', 'f(1)'].map((source) => [source, errorOf(source)])).toEqual([
      ['', { message: 'the expression is empty', offset: 0 }],
      ['   ', { message: 'the expression is empty', offset: 0 }],
      ['1 +', { message: 'the expression ends too early', offset: 3 }],
      ['a b', { message: 'unexpected "b"', offset: 2 }],
      ['(a + 1', { message: 'a "(" is never closed', offset: 0 }],
      ['a @ b', { message: 'unexpected character "@"', offset: 2 }],
      ["'open", { message: 'a string is never closed', offset: 0 }],
      ['a = 1', { message: 'unexpected character "="', offset: 2 }],
      [')', { message: 'unexpected ")"', offset: 0 }],
      ['a.', { message: 'unexpected character "."', offset: 1 }],
      ['a && && b', { message: 'unexpected "&&"', offset: 5 }],
      ['f(1)', { message: 'unexpected "("', offset: 1 }],
    ]);
  });
});

describe('namesIn', () => {
  it('lists every dotted name an expression reads, in reading order, repeats included', () => {
    expect(namesIn(parseExpression("!done_1 && (slot.a.text == 'x' || args.amount > budget) && done_1"))).toEqual([
      ['done_1'],
      ['slot', 'a', 'text'],
      ['args', 'amount'],
      ['budget'],
      ['done_1'],
    ]);
    expect(namesIn(parseExpression("1 + 'two'"))).toEqual([]);
  });
});

describe('evaluate', () => {
  it('does arithmetic by precedence', () => {
    expect(['a + b * 2', '10 / 4', '7 % 3', '10 - 2 - 3', '2 * 3 % 4', 'a - -b', '(a + b) * ten', '-ten + 1'].map(run)).toEqual([5, 2.5, 1, 5, 2, 3, 30, -9]);
  });

  it('joins strings with +, a number with a string included', () => {
    expect(["word + ' there'", 'word + a', 'a + word', "slot.a.text + '!'"].map(run)).toEqual(['hi there', 'hi1', '1hi', 'Outcome A.!']);
  });

  it('compares strictly: equal values of different types are not equal', () => {
    expect(['a < b', 'b <= 2', 'a > b', 'ten >= 10', "word == 'hi'", "word != 'hi'", '1 == true', "a == '1'", 'nothing == null'].map(run)).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      false,
      false,
      true,
    ]);
  });

  it('reads && as "the right side if the left holds, else false" and || as "the left side if it holds, else the right"', () => {
    expect(['yes && word', 'no && word', 'zero && word', "no || 'fallback'", 'word || ten', 'zero || empty', 'empty || nothing', "yes && 'x' || 'y'", "no && 'x' || 'y'"].map(run)).toEqual([
      'hi',
      false,
      false,
      'fallback',
      'hi',
      '',
      null,
      'x',
      'y',
    ]);
  });

  it('negates with ! by truthiness', () => {
    expect(['!yes', '!no', '!zero', '!empty', '!nothing', '!word', '!!ten'].map(run)).toEqual([false, true, true, true, true, false, true]);
  });

  it('does not evaluate the right side when the left decides', () => {
    expect(['no && undefined_name', 'yes || undefined_name'].map(run)).toEqual([false, true]);
  });

  it('fails on a name the resolver does not know', () => {
    expect(() => run('a + missing.thing')).toThrow(new ExpressionError('unknown name "missing.thing"', 0));
  });
});

describe('truthy', () => {
  it('follows JavaScript: null, false, 0 and the empty string are false', () => {
    expect([null, false, 0, '', true, 1, -1, 'x', '0'].map(truthy)).toEqual([false, false, false, false, true, true, true, true, true]);
  });
});
