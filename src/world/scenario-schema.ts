import { z } from 'zod';
import { Id } from '../core/schemas/catalog.js';

/** Names of slots, states, endings, tools, variables: letters, digits and underscores. */
const Name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'names are letters, digits and underscores, starting with a letter');

const Probability = z.number().min(0).max(1);

/** A literal value of a variable or an argument. */
const Literal = z.union([z.string(), z.number(), z.boolean()]);

/** One parameter of a tool; `enum` takes `values`, `object` takes `properties`. */
export type ToolParameter = {
  type: 'string' | 'enum' | 'number' | 'integer' | 'boolean' | 'object';
  description?: string | undefined;
  required: boolean;
  values?: string[] | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  properties?: Record<string, ToolParameter> | undefined;
};
export const ToolParameter: z.ZodType<ToolParameter, unknown> = z.lazy(() =>
  z
    .strictObject({
      type: z.enum(['string', 'enum', 'number', 'integer', 'boolean', 'object']).describe('Type of the argument'),
      description: z.string().optional().describe('Shown to the model in the tool definition'),
      required: z.boolean().default(true),
      values: z.array(z.string()).min(1).optional().describe('Allowed values of an enum (templates allowed)'),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      properties: z.record(Name, ToolParameter).optional().describe('Fields of an object argument'),
    })
    .describe('A tool parameter'),
);

/** A tool the agent can call. */
export const ToolSpec = z
  .strictObject({
    description: z.string().min(1).describe('What the tool does, as the model reads it (templates allowed)'),
    parameters: z.record(Name, ToolParameter).default({}).describe('Arguments of the tool'),
    default: z.string().optional().describe('Observation when a call matches no rule of the current state (default: "No effect.")'),
    invalid: z.string().optional().describe('Observation when the arguments are invalid; {{error}} names the problem'),
  })
  .describe('A tool');
export type ToolSpec = z.infer<typeof ToolSpec>;

/** A way a call can turn out: observation, variable updates, next state or ending. */
const Effect = {
  observation: z.string().optional().describe('What the tool answers (templates allowed)'),
  set: z.record(Name, z.union([Literal, z.strictObject({ expr: z.string().describe('An expression over variables') })])).optional().describe('Variable updates'),
  next: Name.optional().describe('State or ending after the call; omitted: stay in the same state'),
};

/** One probabilistic branch of a rule. */
export const Branch = z.strictObject({ p: Probability.describe('Probability of this branch'), ...Effect }).describe('A seeded probabilistic branch');
export type Branch = z.infer<typeof Branch>;

/** An obstacle: the call fails (once, a number of times, or with a probability) before the rule takes effect. */
export const Obstacle = z
  .strictObject({
    times: z.number().int().min(1).optional().describe('The first N matching calls fail'),
    probability: Probability.optional().describe('Each matching call fails with this probability'),
    observation: z.string().describe('What the tool answers when the call fails'),
  })
  .refine((o) => (o.times === undefined) !== (o.probability === undefined), 'an obstacle takes either times or probability')
  .describe('An obstacle on the route');
export type Obstacle = z.infer<typeof Obstacle>;

/** How a call to a tool in a state is answered, when its arguments match. */
export const Rule = z
  .strictObject({
    when: z.record(Name, Literal).optional().describe('Argument values this rule matches (templates allowed); omitted: any arguments'),
    if: z.string().optional().describe('A condition on variables that must hold'),
    label: z.string().optional().describe('Short name of this action in logs and graphs'),
    obstacle: Obstacle.optional(),
    branches: z.array(Branch).min(1).optional().describe('Seeded probabilistic outcomes; probabilities sum to 1'),
    ...Effect,
  })
  .describe('An answer to a tool call');
export type Rule = z.infer<typeof Rule>;

/** A state of the scenario: which tools are offered and how calls are answered. */
export const StateSpec = z
  .strictObject({
    description: z.string().optional(),
    tools: z.array(Name).min(1).describe('Tools offered in this state, in their canonical order'),
    on: z.record(Name, z.array(Rule).min(1)).default({}).describe('Rules per tool, tried in order'),
  })
  .describe('A state');
export type StateSpec = z.infer<typeof StateSpec>;

/** What an ending yields: a slot, nothing, or a lottery over slots. */
const Yield = z.union([
  Name.describe('A slot name, or "none"'),
  z.strictObject({ lottery: z.record(Name, Probability).describe('Probability of each slot (or none); sums to 1') }),
]);

/** An ending: its outcome, possibly conditional on variables, and an optional task score. */
export const EndingSpec = z
  .strictObject({
    description: z.string().optional(),
    observation: z.string().optional().describe('What the final tool call answers'),
    outcome: z
      .union([Yield, z.array(z.strictObject({ if: z.string().optional(), yields: Yield })).min(1)])
      .describe('A slot, "none", a lottery, or a list of {if, yields} tried in order'),
    score: z.string().optional().describe('An expression giving the task score (incentive scenarios)'),
  })
  .describe('An ending');
export type EndingSpec = z.infer<typeof EndingSpec>;

/** A variable of the scenario state. */
export const VariableSpec = z
  .strictObject({
    type: z.enum(['number', 'boolean', 'string']),
    initial: Literal,
    description: z.string().optional(),
  })
  .describe('A state variable');

/** A prompt variant: instructed, incentive, exhortation. */
export const ConditionSpec = z
  .strictObject({
    description: z.string().optional(),
    favour: z.string().optional().describe('Slot an instruction favours: a slot name, "preferred" or "dispreferred" (by the agent\'s stated utilities)'),
    incentive: z.enum(['high', 'low', 'none']).optional().describe('For incentive scenarios: whether the promised slot takes a high- or low-utility outcome'),
    system: z.string().optional().describe('Replaces the system prompt'),
    system_append: z.string().optional().describe('Appended to the system prompt'),
    task: z.string().optional().describe('Replaces the task prompt'),
    task_append: z.string().optional().describe('Appended to the task prompt'),
  })
  .describe('A condition');
export type ConditionSpec = z.infer<typeof ConditionSpec>;

/** A slot: a named outcome placeholder, optionally restricted to some categories or tags of the catalog. */
export const SlotSpec = z
  .strictObject({
    description: z.string().optional(),
    categories: z.array(z.string()).optional().describe('Only outcomes of these categories may fill it'),
    tags: z.array(z.string()).optional().describe('Only outcomes with at least one of these tags may fill it'),
  })
  .describe('A slot');

/** A scenario template: tools, states, transitions and endings, with named outcome slots. */
export const ScenarioSpec = z
  .strictObject({
    id: Id.describe('Stable id of the scenario'),
    title: z.string().min(1),
    domain: z.string().min(1).describe('Domain, e.g. procurement, devops, finance'),
    description: z.string().optional(),
    slots: z.record(Name, SlotSpec).refine((slots) => Object.keys(slots).length >= 1, 'a scenario needs at least one slot'),
    surfaces: z
      .record(Name, z.record(Name, z.string()))
      .default({})
      .describe('Interchangeable surface names per group, by slot; an instance may permute which name leads to which slot'),
    constants: z.record(Name, Literal).default({}).describe('Fixed values for templates, e.g. a company name'),
    variables: z.record(Name, VariableSpec).default({}),
    prompts: z.strictObject({ system: z.string(), task: z.string() }).describe('System and task prompts (templates allowed)'),
    conditions: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'condition names are letters, digits, "-" and "_", starting with a letter'), ConditionSpec)
      .default({ neutral: {} }),
    tools: z.record(Name, ToolSpec),
    start: Name.describe('The state an episode starts in'),
    states: z.record(Name, StateSpec),
    endings: z.record(Name, EndingSpec),
    limits: z.strictObject({ max_steps: z.number().int().min(1).max(200).default(12).describe('Steps before an episode is truncated') }).default({ max_steps: 12 }),
  })
  .describe('A saydo scenario');
export type ScenarioSpec = z.infer<typeof ScenarioSpec>;
