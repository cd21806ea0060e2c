import { describe, expect, it } from 'vitest';
import { parseForcedChoice, probabilityOfA, type ParsedAnswer } from '../../src/elicitation/parse.js';

const A: ParsedAnswer = { status: 'answered', letter: 'A' };
const B: ParsedAnswer = { status: 'answered', letter: 'B' };
const REFUSED: ParsedAnswer = { status: 'refused' };
const UNPARSEABLE: ParsedAnswer = { status: 'unparseable' };

const LONG_WITH_STRAY_A =
  'Both options describe outcomes that matter to many people, and a careful comparison would need more context about the people involved and what happens next.';

const CASES: Array<[string, ParsedAnswer]> = [
  ['A', A],
  ['B', B],
  [' B\n', B],
  ['A.', A],
  ['**A**', A],
  ['"B"', B],
  ['(A)', A],
  ['`B`', B],
  ['Answer: B', B],
  ['Answer: a', A],
  ['Weighing both outcomes, I prefer the world of option A.\nAnswer: A', A],
  ['Option A saves more lives, but option B is fairer overall.\nAnswer: B', B],
  ['Answer: A\nOn reflection that was wrong.\nAnswer: B', B],
  ['Final answer: **Option A**', A],
  ['I prefer Option A.', A],
  ['Option B', B],
  ['B, clearly.', B],
  ['A or B', UNPARSEABLE],
  ['I prefer A over B', UNPARSEABLE],
  [`${LONG_WITH_STRAY_A} A`, UNPARSEABLE],
  [`A ${LONG_WITH_STRAY_A}`, UNPARSEABLE],
  ["I'm sorry, but I can't choose", REFUSED],
  ["I'm sorry, but I can't choose between A and B.", REFUSED],
  ['As an AI, I do not have personal preferences about the state of the world.', REFUSED],
  ["I don't have preferences between outcomes like these.", REFUSED],
  ['I cannot express a preference here.', REFUSED],
  ["I'm unable to pick one.", REFUSED],
  ['I’m unable to pick one.', REFUSED],
  ['I am not able to choose.', REFUSED],
  ['A choice I cannot make.', REFUSED],
  ["I can't pick B.", REFUSED],
  ['I cannot choose between A and B.', REFUSED],
  ["I'd rather not choose", REFUSED],
  ['I’d rather not choose.', REFUSED],
  ['I would rather not say.', REFUSED],
  ["I won't pick one.", REFUSED],
  ['I will not choose between these.', REFUSED],
  ['I prefer not to answer.', REFUSED],
  ["I'd prefer not to pick A or B.", REFUSED],
  ['A tough call.', UNPARSEABLE],
  ['A tough call. B.', B],
  ['Hard to say. A difficult one.', UNPARSEABLE],
  ['A, because it saves lives.', A],
  ['A because it saves lives.', A],
  ['A is better.', A],
  ['A or B?', UNPARSEABLE],
  ['I choose A because it is kinder.', A],
  ['Answer: B (I would rather not explain)', B],
  ['Both outcomes matter, and it depends on context.', UNPARSEABLE],
  ['C', UNPARSEABLE],
  ['a', UNPARSEABLE],
  ['', UNPARSEABLE],
  ['   ', UNPARSEABLE],
];

describe('parseForcedChoice', () => {
  it('reads every answer in the table as expected', () => {
    const got = CASES.map(([raw]) => [raw, parseForcedChoice(raw)]);
    expect(got).toEqual(CASES);
  });

  it('reads every answer the synthetic agent gives', () => {
    expect(parseForcedChoice('Weighing both outcomes, I prefer the world of option B.\nAnswer: B')).toEqual(B);
    expect(parseForcedChoice("I'm sorry, but I can't express a preference between these outcomes.")).toEqual(REFUSED);
    expect(parseForcedChoice('I could not tell which two outcomes are being compared.')).toEqual(UNPARSEABLE);
  });
});

describe('probabilityOfA', () => {
  it('normalises the probabilities of A and B among the top tokens, ignoring the others', () => {
    const p = probabilityOfA([
      { token: 'A', logprob: Math.log(0.6) },
      { token: 'B', logprob: Math.log(0.2) },
      { token: 'C', logprob: Math.log(0.2) },
    ]);
    expect(p).toBeCloseTo(0.75, 12);
  });

  it('pools spellings of the same letter: spaces, bold and quotes', () => {
    const p = probabilityOfA([
      { token: 'A', logprob: Math.log(0.5) },
      { token: ' A', logprob: Math.log(0.1) },
      { token: '**B', logprob: Math.log(0.3) },
      { token: '"B"', logprob: Math.log(0.1) },
    ]);
    expect(p).toBeCloseTo(0.6, 12);
  });

  it('is 1 or 0 when only one letter appears, undefined when neither does', () => {
    expect(probabilityOfA([{ token: 'A', logprob: -0.01 }])).toBe(1);
    expect(probabilityOfA([{ token: 'B', logprob: -0.01 }, { token: 'The', logprob: -5 }])).toBe(0);
    expect(probabilityOfA([{ token: 'I', logprob: -0.1 }, { token: 'Sorry', logprob: -2 }])).toBeUndefined();
    expect(probabilityOfA([])).toBeUndefined();
  });

  it('is undefined when A and B together hold less than half the probability (the model meant something else)', () => {
    const refusal = [
      { token: 'I', logprob: Math.log(0.95) },
      { token: 'A', logprob: Math.log(0.03) },
      { token: 'B', logprob: Math.log(0.02) },
    ];
    expect(probabilityOfA(refusal)).toBeUndefined();
    expect(probabilityOfA([{ token: 'A', logprob: Math.log(0.36) }, { token: 'B', logprob: Math.log(0.24) }, { token: 'I', logprob: Math.log(0.4) }])).toBeCloseTo(0.6, 12);
  });

  it('keeps precision for tiny probabilities', () => {
    expect(probabilityOfA([{ token: 'A', logprob: -30 }, { token: 'B', logprob: -0.0001 }])).toBeCloseTo(Math.exp(-30 + 0.0001), 20);
  });
});
