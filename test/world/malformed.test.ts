import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { checkScenarioFile } from '../../src/world/load-scenario.js';

const MALFORMED = 'test/fixtures/scenarios/malformed';
const checked = new Set<string>();

/** Every problem the checker reports for a fixture, as the CLI prints it; errors also mean the scenario did not load. */
function problemsOf(name: string): string {
  checked.add(name);
  const check = checkScenarioFile(join(MALFORMED, name));
  const hasErrors = check.problems.some((p) => p.severity === 'error');
  expect(check.loaded === undefined).toBe(hasErrors);
  return check.problems.map((p) => `${p.severity}: ${formatProblem(p)}`).join('\n');
}

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function heapUsed(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

let heapBefore = 0;
beforeAll(() => {
  heapBefore = heapUsed();
});

describe('checkScenarioFile on the malformed corpus: one located problem per file, no crash', () => {
  it('alias-bomb.yaml: Billion laughs: nine levels of aliases, each repeating the one before nine times.', () => {
    expect(problemsOf('alias-bomb.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/alias-bomb.yaml:1:1: YAML could not be expanded: Excessive alias count indicates a resource exhaustion attack
        hint: aliases (*name) may be used at most 100 times; write the values out"
    `);
  });

  it('args-unknown-parameter.yaml: An observation reads args.speed; choose has only route.', () => {
    expect(problemsOf('args-unknown-parameter.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/args-unknown-parameter.yaml:23:24: states.deciding.on.choose[0].observation: template names something undefined: "args.speed" names no parameter of this tool (route)
        hint: define it, or fix the spelling"
    `);
  });

  it('bad-name.yaml: A state name with a dash.', () => {
    expect(problemsOf('bad-name.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/bad-name.yaml:16:8: start: names are letters, digits and underscores, starting with a letter
      error: test/fixtures/scenarios/malformed/bad-name.yaml:18:3: states.deciding-now: "deciding-now" is not a valid name: names are letters, digits and underscores, starting with a letter
        hint: rename it"
    `);
  });

  it('branches-and-next.yaml: A rule with branches and its own next.', () => {
    expect(problemsOf('branches-and-next.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/branches-and-next.yaml:24:11: states.deciding.on.choose[1]: a rule with branches puts observation, set and next inside each branch
        hint: move them into the branches"
    `);
  });

  it('branches-sum-0-9.yaml: Branch probabilities sum to 0.9.', () => {
    expect(problemsOf('branches-sum-0-9.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/branches-sum-0-9.yaml:26:13: states.deciding.on.choose[1].branches: branch probabilities sum to 0.9, not 1
        hint: make them add up to 1"
    `);
  });

  it('counter-explosion.yaml: Three counters that grow without bound: too many configurations within 200 steps.', () => {
    expect(problemsOf('counter-explosion.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/counter-explosion.yaml:12:3: variables: more than 100,000 configurations are reachable within the step limit
        hint: bound the variables (counters that grow without end make the state space explode)"
    `);
  });

  it('cycle-no-ending.yaml: Two states that only lead to each other.', () => {
    expect(problemsOf('cycle-no-ending.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/cycle-no-ending.yaml:38:3: endings.went_b: ending "went_b" cannot be reached from start
        hint: add a transition to it, or remove it
      error: test/fixtures/scenarios/malformed/cycle-no-ending.yaml:26:3: states.ping: from state "ping" no ending can be reached (a cycle with no way out)
        hint: add a transition toward an ending
      error: test/fixtures/scenarios/malformed/cycle-no-ending.yaml:31:3: states.pong: from state "pong" no ending can be reached (a cycle with no way out)
        hint: add a transition toward an ending"
    `);
  });

  it('deep-nesting.yaml: 100,000 nested flow sequences.', () => {
    expect(problemsOf('deep-nesting.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/deep-nesting.yaml:2:101: YAML nests deeper than 100 levels
        hint: saydo files nest a few levels deep; check for unclosed [ or { brackets"
    `);
  });

  it('duplicate-key.yaml: The same state twice.', () => {
    expect(problemsOf('duplicate-key.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/duplicate-key.yaml:29:3: YAML duplicate key: Map keys must be unique
        hint: each key may appear once in a mapping"
    `);
  });

  it('ending-unknown-slot.yaml: An ending yields a slot that does not exist.', () => {
    expect(problemsOf('ending-unknown-slot.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/ending-unknown-slot.yaml:31:22: endings.went_c.outcome: ending yields unknown slot "c"
        hint: slots: a, b, or none"
    `);
  });

  it('enum-without-values.yaml: An enum parameter with no values.', () => {
    expect(problemsOf('enum-without-values.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/enum-without-values.yaml:15:14: tools.choose.parameters.route: enum parameter route has no values
        hint: add values: [...]"
    `);
  });

  it('expression-syntax-error.yaml: An if: that ends too early.', () => {
    expect(problemsOf('expression-syntax-error.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/expression-syntax-error.yaml:25:15: states.deciding.on.choose[0].if: expression error at character 11: the expression ends too early
        hint: expressions look like checked_a && budget >= 100"
    `);
  });

  it('favour-unknown-slot.yaml: A condition favours a slot that does not exist.', () => {
    expect(problemsOf('favour-unknown-slot.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/favour-unknown-slot.yaml:13:13: conditions.instructed.favour: favour names no slot "c"
        hint: use one of a, b, preferred, dispreferred"
    `);
  });

  it('favoured-without-favour.yaml: A condition names slot.favoured but favours no slot.', () => {
    expect(problemsOf('favoured-without-favour.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/favoured-without-favour.yaml:14:18: conditions.instructed.task_append: template names something undefined: "slot.favoured.text": favoured is only allowed in the texts of a condition that has favour:
        hint: add favour: (a slot, preferred or dispreferred) to this condition, or name a slot (a, b)"
    `);
  });

  it('guard-locks-exits.yaml: Every exit needs a key that, once the door is opened, can no longer be taken.', () => {
    expect(problemsOf('guard-locks-exits.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/guard-locks-exits.yaml:32:3: states.hall: after 1 step(s), in state "hall" with has_key=false, no ending can be reached within the step limit
        hint: check the if: conditions on the way out of this state, or raise limits.max_steps"
    `);
  });

  it('initial-wrong-type.yaml: A boolean variable that starts as a number.', () => {
    expect(problemsOf('initial-wrong-type.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/initial-wrong-type.yaml:12:38: variables.checked.initial: initial value of checked is a number, not a boolean
        hint: give it a boolean initial value (true or false), or change its type"
    `);
  });

  it('lottery-sum-1-2.yaml: A lottery whose probabilities sum to 1.2.', () => {
    expect(problemsOf('lottery-sum-1-2.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/lottery-sum-1-2.yaml:29:14: endings.went_b.outcome: lottery probabilities sum to 1.2, not 1
        hint: make them add up to 1"
    `);
  });

  it('missing-required.yaml: No prompts.', () => {
    expect(problemsOf('missing-required.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/missing-required.yaml:2:1: prompts: required field is missing
        hint: add it; docs/SCENARIOS.md describes every field"
    `);
  });

  it('not-a-mapping.yaml: A list where a scenario mapping is expected.', () => {
    expect(problemsOf('not-a-mapping.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/not-a-mapping.yaml:2:1: Invalid input: expected object, received array
        hint: docs/SCENARIOS.md describes every field; the JSON Schema in schemas/ gives each field's type"
    `);
  });

  it('obstacle-times-and-probability.yaml: An obstacle that says both times and probability.', () => {
    expect(problemsOf('obstacle-times-and-probability.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/obstacle-times-and-probability.yaml:23:21: states.deciding.on.choose[0].obstacle: an obstacle takes either times or probability
        hint: keep one: times: N (the first N matching calls fail) or probability: p (each matching call fails with chance p)"
    `);
  });

  it('path-over-max-steps.yaml: Ending b lies four steps away, the limit is three.', () => {
    expect(problemsOf('path-over-max-steps.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/path-over-max-steps.yaml:26:3: states.hop1: the shortest episode through state "hop1" takes 4 steps, more than max_steps 3
        hint: raise limits.max_steps to at least 4, or shorten the way to or from hop1
      error: test/fixtures/scenarios/malformed/path-over-max-steps.yaml:31:3: states.hop2: the shortest episode through state "hop2" takes 4 steps, more than max_steps 3
        hint: raise limits.max_steps to at least 4, or shorten the way to or from hop2
      error: test/fixtures/scenarios/malformed/path-over-max-steps.yaml:36:3: states.hop3: the shortest episode through state "hop3" takes 4 steps, more than max_steps 3
        hint: raise limits.max_steps to at least 4, or shorten the way to or from hop3"
    `);
  });

  it('rules-for-unoffered-tool.yaml: Rules for a declared tool the state does not offer.', () => {
    expect(problemsOf('rules-for-unoffered-tool.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/rules-for-unoffered-tool.yaml:23:7: states.deciding.on.wait: rules for "wait", which this state does not offer
        hint: add it to states.deciding.tools
      warning: test/fixtures/scenarios/malformed/rules-for-unoffered-tool.yaml:17:5: tools.wait: tool "wait" is offered in no state
        hint: list it in the tools: of a state, or remove it"
    `);
  });

  it('set-undeclared-variable.yaml: set names a variable that is not declared.', () => {
    expect(problemsOf('set-undeclared-variable.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/set-undeclared-variable.yaml:23:18: states.deciding.on.choose[0].set.visited: set names no variable "visited" (variables: (none))
        hint: declare it under variables:"
    `);
  });

  it('slot-never-yielded.yaml: Slot b is declared but every ending yields a.', () => {
    expect(problemsOf('slot-never-yielded.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/slot-never-yielded.yaml:7:3: slots.b: no ending yields slot "b"
        hint: add an ending whose outcome is this slot"
    `);
  });

  it('start-names-no-state.yaml: start names a state that does not exist.', () => {
    expect(problemsOf('start-names-no-state.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/start-names-no-state.yaml:16:8: start: start names no state "begin" (states: deciding)
        hint: name one of the states, or declare this one under states:"
    `);
  });

  it('state-ending-name-clash.yaml: went_a is both a state and an ending.', () => {
    expect(problemsOf('state-ending-name-clash.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/state-ending-name-clash.yaml:32:3: endings.went_a: "went_a" is both a state and an ending
        hint: rename one of them"
    `);
  });

  it('surfaces-missing-slot.yaml: A surface group names slot a only.', () => {
    expect(problemsOf('surfaces-missing-slot.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/surfaces-missing-slot.yaml:13:5: surfaces.road: surface road has no name for slot b
        hint: give every slot a name in every surface group"
    `);
  });

  it('template-undefined-variable.yaml: The task names a variable that is not declared.', () => {
    expect(problemsOf('template-undefined-variable.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/template-undefined-variable.yaml:10:9: prompts.task: template names something undefined: "budget" is not a variable or constant (variables: (none); constants: (none))
        hint: define it, or fix the spelling"
    `);
  });

  it('template-unknown-slot.yaml: An observation names slot c.', () => {
    expect(problemsOf('template-unknown-slot.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/template-unknown-slot.yaml:23:24: states.deciding.on.choose[0].observation: template names something undefined: "slot.c.text" names no slot (slots are a, b)
        hint: define it, or fix the spelling"
    `);
  });

  it('two-documents.yaml: Two YAML documents in one file.', () => {
    expect(problemsOf('two-documents.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/two-documents.yaml:29:1: YAML syntax error: the file holds more than one YAML document (a second "---")
        hint: check indentation, quotes and colons near this position"
    `);
  });

  it('unclosed-template.yaml: A template hole that is never closed.', () => {
    expect(problemsOf('unclosed-template.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/unclosed-template.yaml:10:9: prompts.task: template error: a "{{" is never closed with "}}"
        hint: templates look like {{ slot.a.text }} or {{ budget - 100 }}"
    `);
  });

  it('unknown-field-nested.yaml: A misspelt field inside a rule (nxt for next).', () => {
    expect(problemsOf('unknown-field-nested.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/unknown-field-nested.yaml:25:11: states.deciding.on.choose[1].nxt: unknown field
        hint: remove it or check its spelling; the JSON Schema in schemas/ lists the allowed fields"
    `);
  });

  it('unknown-field-top.yaml: A top-level field the format does not have.', () => {
    expect(problemsOf('unknown-field-top.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/unknown-field-top.yaml:29:1: author: unknown field
        hint: remove it or check its spelling; the JSON Schema in schemas/ lists the allowed fields"
    `);
  });

  it('unknown-next-state.yaml: next names nothing.', () => {
    expect(problemsOf('unknown-next-state.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/unknown-next-state.yaml:25:17: states.deciding.on.choose[1].next: next names no state or ending "went_c"
        hint: states: deciding; endings: went_a, went_b
      error: test/fixtures/scenarios/malformed/unknown-next-state.yaml:28:3: endings.went_b: ending "went_b" cannot be reached from start
        hint: add a transition to it, or remove it"
    `);
  });

  it('unknown-tool-in-state.yaml: A state offers a tool that is not declared.', () => {
    expect(problemsOf('unknown-tool-in-state.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/unknown-tool-in-state.yaml:19:21: states.deciding.tools[1]: unknown tool "wait" (tools: choose)
        hint: declare it under tools:"
    `);
  });

  it('unreachable-rule.yaml: The second rule of choose can never decide a call: the first catches every call with route left.', () => {
    expect(problemsOf('unreachable-rule.yaml')).toMatchInlineSnapshot(`
      "warning: test/fixtures/scenarios/malformed/unreachable-rule.yaml:25:17: states.deciding.on.choose[1].when: no call can reach this rule: an earlier rule of choose catches every call it matches
        hint: give the earlier rule a narrower when:, or move this rule before it"
    `);
  });

  it('unreachable-state.yaml: A state no transition leads to.', () => {
    expect(problemsOf('unreachable-state.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/unreachable-state.yaml:26:3: states.limbo: state "limbo" cannot be reached from start
        hint: add a transition to it, or remove it"
    `);
  });

  it('when-unknown-parameter.yaml: when names a parameter choose does not have.', () => {
    expect(problemsOf('when-unknown-parameter.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/when-unknown-parameter.yaml:24:19: states.deciding.on.choose[1].when.direction: when names no parameter "direction" of choose (route)
        hint: match on one of choose's parameters, or add direction to tools.choose.parameters"
    `);
  });

  it('wrong-type.yaml: max_steps is text, not a number.', () => {
    expect(problemsOf('wrong-type.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/wrong-type.yaml:30:14: limits.max_steps: Invalid input: expected number, received string
        hint: max_steps is a whole number of steps from 1 to 200, written without quotes, e.g. max_steps: 12"
    `);
  });

  it('yaml-bad-indentation.yaml: A key indented deeper than its siblings.', () => {
    expect(problemsOf('yaml-bad-indentation.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/yaml-bad-indentation.yaml:9:11: YAML syntax error: Nested mappings are not allowed in compact mappings
        hint: check indentation, quotes and colons near this position
      error: test/fixtures/scenarios/malformed/yaml-bad-indentation.yaml:9:11: YAML syntax error: Implicit keys need to be on a single line
        hint: check indentation, quotes and colons near this position"
    `);
  });

  it('yaml-tab-indentation.yaml: A line indented with a tab.', () => {
    expect(problemsOf('yaml-tab-indentation.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/yaml-tab-indentation.yaml:7:1: YAML syntax error: Tabs are not allowed as indentation
        hint: check indentation, quotes and colons near this position"
    `);
  });

  it('yaml-unclosed-quote.yaml: A double-quoted string that is never closed.', () => {
    expect(problemsOf('yaml-unclosed-quote.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/yaml-unclosed-quote.yaml:29:1: YAML syntax error: Missing closing "quote
        hint: check indentation, quotes and colons near this position"
    `);
  });

  it('if-never-holds.yaml: A copy-paste slip: surveying b sets surveyed_a, so the rule to ending went_b (if: surveyed_b) never takes effect.', () => {
    expect(problemsOf('if-never-holds.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/if-never-holds.yaml:42:3: endings.went_b: no episode reaches ending "went_b" within max_steps 12
        hint: the rules that lead to it never take effect: states.deciding.on.choose[1] (see their errors)
      error: test/fixtures/scenarios/malformed/if-never-holds.yaml:38:15: states.deciding.on.choose[1].if: this rule never takes effect: its if: surveyed_b holds in no reachable configuration where choose can be called, so ending "went_b" is never reached
        hint: check which rules set surveyed_b (a copied rule may set another variable), and that they can run before this call
      error: test/fixtures/scenarios/malformed/if-never-holds.yaml:7:3: slots.b: no episode can end with slot "b": the endings that yield it (went_b) are never reached
        hint: fix the rules that lead to those endings (see the errors above)"
    `);
  });

  it('minimum-over-maximum.yaml: A parameter with minimum 10 and maximum 5.', () => {
    expect(problemsOf('minimum-over-maximum.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/minimum-over-maximum.yaml:15:41: tools.choose.parameters.amount.minimum: minimum 10 of amount is more than its maximum 5: no value is allowed
        hint: swap them, or correct one"
    `);
  });

  it('obstacle-probability-over-1.yaml: An obstacle whose probability is 1.5.', () => {
    expect(problemsOf('obstacle-probability-over-1.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/obstacle-probability-over-1.yaml:23:36: states.deciding.on.choose[0].obstacle.probability: Too big: expected number to be <=1
        hint: a probability is a number from 0 to 1, e.g. 0.25"
    `);
  });

  it('outcome-never-yields.yaml: went_b is reached (through a branch after a probabilistic obstacle) but yields b only if a variable nothing sets; the lottery of went_a yields a.', () => {
    expect(problemsOf('outcome-never-yields.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/outcome-never-yields.yaml:7:3: slots.b: no episode can end with slot "b": went_b is reached, but never with variables under which its outcome yields b
        hint: check the if: of the outcome entries against the values the rules set on the way there"
    `);
  });

  it('when-enum-not-in-values.yaml: An enum when value that is not among the values (hihg).', () => {
    expect(problemsOf('when-enum-not-in-values.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/when-enum-not-in-values.yaml:22:29: states.deciding.on.choose[0].when.priority: no call can match this rule: priority is "hihg", which is not among its values (high, low)
        hint: use one of high, low, or add "hihg" to the values of priority"
    `);
  });

  it('when-string-for-integer.yaml: A string when value for an integer parameter.', () => {
    expect(problemsOf('when-string-for-integer.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/when-string-for-integer.yaml:22:27: states.deciding.on.choose[0].when.amount: no call can match this rule: amount is "lots", but amount takes an integer
        hint: write an integer without quotes, e.g. amount: 1"
    `);
  });

  it('when-value-typo.yaml: A when value with a typo against templated enum values: the ending, the rule and the slot are reported.', () => {
    expect(problemsOf('when-value-typo.yaml')).toMatchInlineSnapshot(`
      "error: test/fixtures/scenarios/malformed/when-value-typo.yaml:30:3: endings.went_b: no episode reaches ending "went_b" within max_steps 12
        hint: the rules that lead to it never take effect: states.deciding.on.choose[1] (see their errors)
      error: test/fixtures/scenarios/malformed/when-value-typo.yaml:26:26: states.deciding.on.choose[1].when.route: this rule never takes effect: no valid call to choose has route "Rigth Road", so ending "went_b" is never reached
        hint: route takes one of "Left Road", "Right Road" (as this instance renders them); check the spelling
      error: test/fixtures/scenarios/malformed/when-value-typo.yaml:7:3: slots.b: no episode can end with slot "b": the endings that yield it (went_b) are never reached
        hint: fix the rules that lead to those endings (see the errors above)"
    `);
  });

  it('a 50 MB file (generated here) is refused by its size before it is parsed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'saydo-malformed-'));
    try {
      const file = join(dir, 'huge.yaml');
      writeFileSync(file, `# ${'x'.repeat(50 * 1024 * 1024)}\n`);
      const check = checkScenarioFile(file);
      expect(check.problems.map((p) => `${p.severity}: ${formatProblem(p)}`.replace(dir, '<tmp>')).join('\n')).toMatchInlineSnapshot(`
        "error: <tmp>/huge.yaml: file is 52428803 bytes, over the limit of 1000000
          hint: input files of saydo are small; check that this is the file you meant"
      `);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('covers every file of the corpus', () => {
    const files = readdirSync(MALFORMED).filter((name) => name.endsWith('.yaml')).sort();
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect([...checked].sort()).toEqual(files);
  });

  it('keeps the heap within 200 MB of where it started, across the whole corpus', () => {
    expect((heapUsed() - heapBefore) / 1024 / 1024).toBeLessThan(200);
  });
});

