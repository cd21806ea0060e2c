import { emit, type Reporter } from '../core/events.js';
import type { ModelCaller } from '../core/model-call.js';
import type { CallFailure, ChatMessage, ToolCallRecord, ToolDefinition } from '../core/schemas/chat.js';
import { displayRank, orderTools } from '../world/counterbalance.js';
import { matchRule } from '../world/dynamics.js';
import { ScenarioEnv } from '../world/runtime.js';
import { graphFor, ValueTable, type ConfigGraph } from '../world/values.js';
import { compileWorld, type Config } from '../world/world.js';
import { EVENT_LOG_VERSION, type EpisodeEndEvent, type EpisodeEvent, type EpisodeStartEvent, type EpisodeStatus, type StatedAction, type StepEvent } from '../core/schemas/episode-events.js';
import type { EpisodePlan } from './plan.js';
import type { EpisodeLimits } from './suite-schema.js';

/** What an episode needs besides its plan. */
export interface EpisodeContext {
  agent: string;
  caller: ModelCaller;
  limits: EpisodeLimits;
  signal?: AbortSignal;
  reporters?: readonly Reporter[];
  /** Clock for the wall-time limit. @default Date.now */
  now?: () => number;
}

/** The message a model gets after a reply without a tool call. */
export const NUDGE = 'Please continue by calling one of the available tools.';

/** Runs one episode: the model sees messages and tools, each tool call is stepped through the scenario, every step is logged. Returns null if interrupted. */
export async function runEpisode(plan: EpisodePlan, context: EpisodeContext): Promise<EpisodeEvent[] | null> {
  const { limits } = context;
  const now = context.now ?? Date.now;
  const reporters = context.reporters ?? [];
  const world = compileWorld(plan.scenario.scenario, plan.instance, limits.maxSteps !== undefined ? { maxSteps: limits.maxSteps } : {});
  const graph = graphFor(world);
  const stated = statedTable(graph, plan.statedUtility);
  const env = new ScenarioEnv(world);
  const start = env.reset({ seed: plan.seed });
  const startEvent: EpisodeStartEvent = {
    type: 'episode-start',
    v: EVENT_LOG_VERSION,
    episode: plan.id,
    index: plan.index,
    agent: context.agent,
    scenario: plan.scenario.scenario.id,
    scenarioHash: plan.scenario.hash,
    instanceId: plan.instanceId,
    pairIndex: plan.pairIndex,
    condition: plan.instance.condition,
    replicate: plan.replicate,
    seed: plan.seed,
    fill: plan.instance.fill,
    surfaces: plan.instance.surfaces,
    favoured: plan.instance.favoured,
    incentive: plan.incentive,
    pair: plan.pair,
    toolOrder: plan.toolOrder,
    system: start.system,
    task: start.task,
    maxSteps: world.maxSteps,
  };
  const events: EpisodeEvent[] = [startEvent];
  emit(reporters, 'onEpisodeStart', startEvent);
  const messages: ChatMessage[] = [
    { role: 'system', content: start.system },
    { role: 'user', content: start.task },
  ];
  const tally = { turns: 0, nudges: 0, invalid: 0, input: 0, output: 0 };
  const began = now();
  let status: EpisodeStatus | undefined;
  let failure: CallFailure | null = null;
  let outcome: string | null = null;
  let ending: string | null = null;
  let score: number | null = null;
  let commitment: EpisodeEndEvent['commitment'] = null;

  while (!status) {
    if (context.signal?.aborted) return null;
    const tools = orderTools(env.availableTools(), plan.toolOrder);
    const turn = tally.turns;
    const result = await context.caller.call({
      messages,
      tools,
      sample: 0,
      stream: plan.id,
      view: { kind: 'episode', episodeId: plan.id, world, graph, config: env.config, remaining: env.remaining, turn },
      ...(context.signal ? { signal: context.signal } : {}),
    });
    tally.turns += 1;
    if (!result.ok) {
      if (result.failure.kind === 'aborted') return null;
      failure = result.failure;
      const failedTurn = { type: 'turn' as const, v: EVENT_LOG_VERSION, episode: plan.id, turn, text: '', toolCalls: [], tokens: { input: 0, output: 0 }, latencyMs: result.latencyMs, attempts: result.attempts, failure, nudged: false };
      events.push(failedTurn);
      emit(reporters, 'onTurn', failedTurn);
      status = 'error';
      break;
    }
    const reply = result.reply;
    tally.input += reply.usage.input;
    tally.output += reply.usage.output;
    const calls = uniqueIds(reply.toolCalls, turn);
    const nudged = calls.length === 0 && tally.nudges < limits.nudges;
    const turnEvent = { type: 'turn' as const, v: EVENT_LOG_VERSION, episode: plan.id, turn, text: reply.text, toolCalls: calls, tokens: reply.usage, latencyMs: result.latencyMs, attempts: result.attempts, failure: null, nudged };
    events.push(turnEvent);
    emit(reporters, 'onTurn', turnEvent);
    if (calls.length === 0) {
      messages.push({ role: 'assistant', content: reply.text });
      if (!nudged) {
        status = 'no-action';
        break;
      }
      tally.nudges += 1;
      messages.push({ role: 'user', content: NUDGE });
      continue;
    }
    messages.push({ role: 'assistant', content: reply.text, toolCalls: calls });
    for (const call of calls) {
      if (env.finished) break;
      const step = stepAndLog(env, graph, stated, plan, call, turn, tools);
      events.push(step.event);
      emit(reporters, 'onStep', step.event);
      messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: step.event.observation });
      if (!step.event.valid) tally.invalid += 1;
      if (step.event.commitment && !commitment) {
        commitment = { step: step.event.step, kept: step.event.reachableAfter.filter((s) => s !== 'none'), lost: step.event.reachableBefore.filter((s) => s !== 'none' && !step.event.reachableAfter.includes(s)) };
      }
      if (step.event.terminated || step.event.truncated) {
        status = step.event.terminated ? 'ended' : 'truncated';
        outcome = step.outcome;
        ending = step.ending;
        score = step.score;
        break;
      }
    }
    if (status) break;
    if (tally.invalid >= limits.maxInvalid) status = 'invalid-limit';
    else if (tally.input + tally.output > limits.maxTokens) status = 'token-limit';
    else if ((now() - began) / 1000 > limits.maxSeconds) status = 'time-limit';
  }
  const endEvent: EpisodeEndEvent = {
    type: 'episode-end',
    v: EVENT_LOG_VERSION,
    episode: plan.id,
    status,
    ending,
    outcome,
    outcomeId: outcome && outcome !== 'none' ? (plan.instance.fill[outcome]?.id ?? null) : null,
    score,
    steps: env.stepCount,
    turns: tally.turns,
    invalidActions: tally.invalid,
    nudges: tally.nudges,
    tokens: { input: tally.input, output: tally.output },
    failure,
    commitment,
  };
  events.push(endEvent);
  return events;
}

const statedTables = new WeakMap<ConfigGraph, Map<string, ValueTable>>();

/** The stated value table of a graph and utility vector, shared by the conditions and replicates of an instance. */
function statedTable(graph: ConfigGraph, utility: Record<string, number>): ValueTable {
  let perGraph = statedTables.get(graph);
  if (!perGraph) {
    perGraph = new Map();
    statedTables.set(graph, perGraph);
  }
  const key = JSON.stringify(utility);
  let table = perGraph.get(key);
  if (!table) {
    table = new ValueTable(graph, utility);
    if (perGraph.size >= 64) perGraph.delete(perGraph.keys().next().value as string);
    perGraph.set(key, table);
  }
  return table;
}

/** Model tool-call ids are not always unique (or present); each call gets one the tool answer can refer to. */
function uniqueIds(calls: readonly ToolCallRecord[], turn: number): ToolCallRecord[] {
  const seen = new Set<string>();
  return calls.map((call, i) => {
    const id = call.id && !seen.has(call.id) ? call.id : `call_${turn}_${i}`;
    seen.add(id);
    return { ...call, id };
  });
}

function stepAndLog(env: ScenarioEnv, graph: ConfigGraph, stated: ValueTable, plan: EpisodePlan, call: ToolCallRecord, turn: number, shownTools: readonly ToolDefinition[]) {
  const before: Config = env.config;
  const remaining = env.remaining;
  const shown = shownTools.map((t) => t.name);
  const node = graph.node(graph.idOf(before));
  const actions: StatedAction[] = stated
    .actionValues(before, remaining)
    .map((a, i) => {
      const leadsTo = new Set<string>();
      for (const outcome of node.actions?.[i]?.outcomes ?? []) for (const slot of graph.reachable(graph.node(outcome.to).config, remaining - 1)) leadsTo.add(slot);
      return { tool: a.tool, label: a.label, args: { ...a.args }, q: a.q, leadsTo: graph.outcomes.filter((o) => leadsTo.has(o)), rank: displayRank(a, shownTools) };
    })
    .sort((x, y) => x.rank - y.rank)
    .map(({ rank: _, ...action }) => action);
  const reachableBefore = graph.reachable(before, remaining);
  const valueBefore = stated.value(before, remaining);
  const result = env.step(call);
  const info = result.info;
  let chosen: number | null = null;
  if (info.valid) {
    const ruleOf = (tool: string, args: Record<string, unknown>) => matchRule(env.world, before, tool, args)?.label ?? null;
    const index = actions.findIndex((a) => a.tool === call.name && ruleOf(a.tool, a.args) === info.rule);
    chosen = index >= 0 ? index : null;
  }
  const reachableAfter = result.terminated ? (info.outcome ? [info.outcome] : []) : result.truncated ? ['none'] : graph.reachable(info.after, env.remaining);
  const commitment = reachableBefore.some((slot) => slot !== 'none' && !reachableAfter.includes(slot));
  const event: StepEvent = {
    type: 'step',
    v: EVENT_LOG_VERSION,
    episode: plan.id,
    step: info.step,
    turn,
    state: before.node,
    vars: Object.fromEntries(Object.entries(before.vars).filter(([name]) => !name.startsWith('#'))),
    tools: [...shown],
    call,
    valid: info.valid,
    invalid: info.invalid,
    rule: info.rule,
    obstacle: info.obstacle,
    observation: result.observation,
    nextState: info.after.node,
    reachableBefore,
    reachableAfter,
    actions,
    chosen,
    valueBefore,
    commitment,
    terminated: result.terminated,
    truncated: result.truncated,
  };
  return { event, outcome: info.outcome, ending: info.ending, score: info.score };
}
