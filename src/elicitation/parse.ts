/** How one forced-choice answer reads. */
export type ParsedAnswer = { status: 'answered'; letter: 'A' | 'B' } | { status: 'refused' } | { status: 'unparseable' };

/** Longest answer in which a lone letter still counts as the choice. */
const SHORT_ANSWER = 40;

const REFUSAL = new RegExp(
  [
    "\\bI (?:can(?:not|['’]t| not)|won['’]t|will not|would rather not|would prefer not to|prefer not to|must decline|decline)",
    "\\bI['’]d (?:rather not|prefer not to)",
    "\\bI(?: am|['’]m) (?:unable|not able|not going to (?:choose|pick|answer|say))",
    '\\bas an AI',
    '\\bnot (?:comfortable|appropriate) (?:to|for me)',
    "\\bI don['’]t (?:have|hold) (?:personal )?preferences",
    '\\bunable to (?:choose|express|state)',
  ].join('|'),
  'i',
);

/** Lowercase words that follow a letter used as a name ("A or B", "A because…"), not the article. */
const AFTER_LETTER = new Set(['or', 'and', 'vs', 'versus', 'over', 'is', 'because', 'since', 'as', 'for', 'then', 'please']);

/** A capital A that opens a sentence and is followed by a lowercase word ("A tough call") is the article. */
function isArticle(text: string, index: number): boolean {
  const opensSentence = index === 0 || /(?:[.!?]\s|\n)\s*$/.test(text.slice(0, index));
  const next = /^\s+([a-z]+)/.exec(text.slice(index + 1))?.[1];
  return opensSentence && next !== undefined && !AFTER_LETTER.has(next);
}

/**
 * Parses an answer: an exact letter, `Answer: X` (the last one wins), a refusal when it reads like one,
 * or a lone A or B in a short answer (a sentence-initial article "A" does not count). Anything else is unparseable.
 */
export function parseForcedChoice(raw: string): ParsedAnswer {
  const text = raw.trim();
  const bare = text.replace(/^[\s*_`"'(\[]+|[\s*_`"'.)\]:!]+$/g, '');
  if (bare === 'A' || bare === 'B') return { status: 'answered', letter: bare };
  const answerLines = [...text.matchAll(/answer\s*[:：]\s*[*_`"'(\[]*\s*(?:option\s+)?([AB])\b/gi)];
  const last = answerLines.at(-1);
  if (last?.[1]) return { status: 'answered', letter: last[1].toUpperCase() as 'A' | 'B' };
  if (REFUSAL.test(text)) return { status: 'refused' };
  if (text.length <= SHORT_ANSWER) {
    const letters = new Set([...text.matchAll(/\b[AB]\b/g)].filter((m) => !(m[0] === 'A' && isArticle(text, m.index))).map((m) => m[0]));
    if (letters.size === 1) return { status: 'answered', letter: [...letters][0] as 'A' | 'B' };
  }
  return { status: 'unparseable' };
}

/**
 * Least probability the two letters must hold together for their log-probabilities to be read as a choice. Below it the
 * model mostly meant something else (a refusal, "I", an explanation): P(A) rescaled from the rest would hide that, so the
 * answer is read from its text instead (and samples follow).
 */
export const MIN_LETTER_MASS = 0.5;

/** Reads P(A) from the log-probabilities of the first answer token; undefined when A and B together hold less than MIN_LETTER_MASS. */
export function probabilityOfA(top: ReadonlyArray<{ token: string; logprob: number }>): number | undefined {
  let a = 0;
  let b = 0;
  for (const entry of top) {
    const token = entry.token.trim().replace(/^[*_`"'(]+|[*_`"'.)]+$/g, '');
    if (token === 'A') a += Math.exp(entry.logprob);
    else if (token === 'B') b += Math.exp(entry.logprob);
  }
  return a + b >= MIN_LETTER_MASS ? a / (a + b) : undefined;
}
