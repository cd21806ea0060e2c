import { describe, expect, it } from 'vitest';
import { ExpressionError, type ExprValue } from '../../src/world/expression.js';
import { formatValue, isTemplated, parseTemplate, renderTemplate, templateNames } from '../../src/world/template.js';

const VALUES: Record<string, ExprValue> = { company: 'Corvane Biotech', amount: 250000, rate: 0.041, checked: true, 'slot.a.text': 'A school is built.', 'args.vendor': 'Bluebird' };
const resolve = (path: readonly string[]) => VALUES[path.join('.')];

function errorOf(source: string): { message: string; offset: number } | undefined {
  try {
    parseTemplate(source);
    return undefined;
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return { message: error.message, offset: error.offset };
  }
}

describe('parseTemplate', () => {
  it('splits text and holes, keeping each hole\'s trimmed source and offset', () => {
    expect(parseTemplate('Hello {{ company }}, pay {{amount * 2}}!')).toEqual([
      'Hello ',
      { expr: { kind: 'name', path: ['company'] }, source: 'company', offset: 6 },
      ', pay ',
      { expr: { kind: 'binary', op: '*', left: { kind: 'name', path: ['amount'] }, right: { kind: 'literal', value: 2 } }, source: 'amount * 2', offset: 25 },
      '!',
    ]);
  });

  it('parses adjacent holes, text without holes, the empty text, and a stray "}}"', () => {
    expect([parseTemplate('{{a}}{{b}}'), parseTemplate('no holes'), parseTemplate(''), parseTemplate('a }} b')]).toEqual([
      [
        { expr: { kind: 'name', path: ['a'] }, source: 'a', offset: 0 },
        { expr: { kind: 'name', path: ['b'] }, source: 'b', offset: 5 },
      ],
      ['no holes'],
      [],
      ['a }} b'],
    ]);
  });

  it('reports an unclosed hole at its "{{", and an expression error at its offset in the whole text', () => {
    expect(['x {{ a +', 'x {{ a + }} y', '{{}}', 'ok {{ a }} then {{ b @ c }}', '{{ {{ a }} }}'].map((source) => [source, errorOf(source)])).toEqual([
      ['x {{ a +', { message: 'a "{{" is never closed with "}}"', offset: 2 }],
      ['x {{ a + }} y', { message: 'in {{ a + }}: the expression ends too early', offset: 9 }],
      ['{{}}', { message: 'in {{}}: the expression is empty', offset: 2 }],
      ['ok {{ a }} then {{ b @ c }}', { message: 'in {{ b @ c }}: unexpected character "@"', offset: 21 }],
      ['{{ {{ a }} }}', { message: 'in {{ {{ a }}: unexpected character "{"', offset: 3 }],
    ]);
  });
});

describe('templateNames', () => {
  it('lists the names of every hole, in order', () => {
    expect(templateNames(parseTemplate('{{ surface.bank.a }} pays {{ rate }}; {{ checked && slot.a.text || "nothing" }} {{ 3 }}'))).toEqual([
      ['surface', 'bank', 'a'],
      ['rate'],
      ['checked'],
      ['slot', 'a', 'text'],
    ]);
  });
});

describe('renderTemplate', () => {
  it('fills holes with values: numbers without trailing zeros, booleans as words, strings as they are', () => {
    expect(renderTemplate(parseTemplate('{{company}} sweeps ${{ amount }} at {{ rate * 100 }}% ({{ checked }}), vendor {{args.vendor}}: {{ slot.a.text }}'), resolve)).toBe(
      'Corvane Biotech sweeps $250000 at 4.1% (true), vendor Bluebird: A school is built.',
    );
  });

  it('renders "x if a, else y" with && and ||', () => {
    const template = parseTemplate("{{ checked && 'read' || 'unread' }}");
    expect([renderTemplate(template, resolve), renderTemplate(template, (path) => (path[0] === 'checked' ? false : resolve(path)))]).toEqual(['read', 'unread']);
  });

  it('fails on a hole naming something the resolver does not know', () => {
    expect(() => renderTemplate(parseTemplate('{{ budget }}'), resolve)).toThrow('unknown name "budget"');
  });
});

describe('formatValue and isTemplated', () => {
  it('prints numbers to at most six decimals, null as nothing', () => {
    expect([1.5, 2, 0.1 + 0.2, 1 / 3, 250000, -0, null, true, false, 'x'].map((value) => formatValue(value))).toEqual(['1.5', '2', '0.3', '0.333333', '250000', '0', '', 'true', 'false', 'x']);
  });

  it('says whether a text has a hole', () => {
    expect(['plain', 'a {{ b }}', 'half {{', '}} only'].map(isTemplated)).toEqual([false, true, true, false]);
  });
});
