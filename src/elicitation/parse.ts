/** How one forced-choice answer reads. */
export type ParsedAnswer = { status: 'answered'; letter: 'A' | 'B' } | { status: 'refused' } | { status: 'unparseable' };

/** Longest answer in which a lone letter still counts as the choice. */
const SHORT_ANSWER = 40;

const REFUSAL =
  /\b(?:I (?:can(?:not|'t|’t)|won(?:'t|’t)|would rather not|must decline|decline)|I(?: am|'m|’m) (?:unable|not able)|as an AI|not (?:comfortable|appropriate) (?:to|for me)|I don(?:'t|’t) (?:have|hold) (?:personal )?preferences|unable to (?:choose|express|state))/i;

/**
 * Parses an answer: an exact letter, `Answer: X` (the last one wins), or a lone A or B in a short answer.
 * Anything else is a refusal when it reads like one, and otherwise unparseable.
 */
export function parseForcedChoice(raw: string): ParsedAnswer {
  const text = raw.trim();
  const bare = text.replace(/^[\s*_`"'(\[]+|[\s*_`"'.)\]:!]+$/g, '');
  if (bare === 'A' || bare === 'B') return { status: 'answered', letter: bare };
  const answerLines = [...text.matchAll(/answer\s*[:：]\s*[*_`"'(\[]*\s*(?:option\s+)?([AB])\b/gi)];
  const last = answerLines.at(-1);
  if (last?.[1]) return { status: 'answered', letter: last[1].toUpperCase() as 'A' | 'B' };
  if (text.length <= SHORT_ANSWER) {
    const letters = new Set(text.match(/\b[AB]\b/g) ?? []);
    if (letters.size === 1) return { status: 'answered', letter: [...letters][0] as 'A' | 'B' };
  }
  return REFUSAL.test(text) ? { status: 'refused' } : { status: 'unparseable' };
}

/** Reads P(A) from the log-probabilities of the first answer token; undefined when neither letter is among the top alternatives. */
export function probabilityOfA(top: ReadonlyArray<{ token: string; logprob: number }>): number | undefined {
  let a = 0;
  let b = 0;
  for (const entry of top) {
    const token = entry.token.trim().replace(/^[*_`"'(]+|[*_`"'.)]+$/g, '');
    if (token === 'A') a += Math.exp(entry.logprob);
    else if (token === 'B') b += Math.exp(entry.logprob);
  }
  return a + b > 0 ? a / (a + b) : undefined;
}
