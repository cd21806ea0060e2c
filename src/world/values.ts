import { actionClasses, matchRule, transitions, type ActionClass } from './dynamics.js';
import { endingLottery, type Config, type World } from './world.js';

/** A configuration interned in a graph, with its possible actions expanded once. */
interface Node {
  id: number;
  config: Config;
  /** For endings: the lottery over slots ("none" included). */
  ending: ReadonlyArray<{ slot: string; p: number }> | undefined;
  actions: Array<{ class: ActionClass; outcomes: Array<{ p: number; to: number }> }> | undefined;
}

/** Most outcome distributions kept per configuration before value tables fall back to dynamic programming. */
const DISTRIBUTION_CAP = 24;

/** Largest scenario (in states) whose graphs keep outcome distributions by default. */
const OUTCOME_SET_STATES = 64;

function vectorKey(v: Float64Array): string {
  let key = '';
  for (let i = 0; i < v.length; i++) key += `${Math.round((v[i] as number) * 1e9)},`;
  return key;
}

/** The graph of configurations reachable in a world, expanded lazily and shared by every value table over it. */
export class ConfigGraph {
  private readonly nodes: Node[] = [];
  private readonly ids = new Map<string, number>();
  private readonly reach: Array<Int32Array | undefined> = [];
  private readonly dist: Array<Array<Float64Array[] | null | undefined> | undefined> = [];
  private readonly endingVectors: Array<Float64Array[] | undefined> = [];
  private noneVectorCache: Float64Array[] | undefined;

  private get noneVector(): Float64Array[] {
    if (!this.noneVectorCache) {
      const v = new Float64Array(this.outcomes.length);
      v[this.outcomes.length - 1] = 1;
      this.noneVectorCache = [v];
    }
    return this.noneVectorCache;
  }
  /** Slots and "none", as bit positions of reachability masks. */
  readonly outcomes: readonly string[];

  /** Whether value tables may use outcome distributions (see `distributions`). */
  readonly outcomeSets: boolean;

  /**
   * @param options.outcomeSets keep the outcome distributions each configuration can reach, so that value tables over
   *   this graph are dot products; they pay off on small scenarios valued under many utilities, and overflow their cap
   *   (costing more than plain dynamic programming) on large ones. @default true for scenarios of at most 64 states
   */
  constructor(
    readonly world: World,
    options: { outcomeSets?: boolean } = {},
  ) {
    this.outcomes = [...world.slots, 'none'];
    this.outcomeSets = options.outcomeSets ?? world.states.size <= OUTCOME_SET_STATES;
  }

  /** Interns a configuration. */
  idOf(config: Config): number {
    const key = configKey(config);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.ids.set(key, id);
      const endingSpec = this.world.endings.get(config.node);
      this.nodes.push({ id, config, ending: endingSpec ? endingLottery(this.world, endingSpec, config.vars) : undefined, actions: undefined });
    }
    return id;
  }

  /** Configurations seen so far. */
  get size(): number {
    return this.nodes.length;
  }

  node(id: number): Node {
    const node = this.nodes[id] as Node;
    if (!node.ending && !node.actions) {
      node.actions = actionClasses(this.world, node.config.node).map((cls) => {
        const rule = matchRule(this.world, node.config, cls.tool, cls.args);
        return { class: cls, outcomes: transitions(this.world, node.config, cls.tool, rule, cls.args).map((t) => ({ p: t.p, to: this.idOf(t.next) })) };
      });
    }
    return node;
  }

  /**
   * The outcome distributions a policy can reach from a configuration with `remaining` steps (vectors over `outcomes`):
   * V for any utility vector u is then the largest v . u. Computed once per graph and shared by every value table;
   * null where branching makes the set larger than a small cap, or the graph keeps no outcome sets, and the table falls
   * back to plain dynamic programming.
   */
  distributions(id: number, remaining: number): Float64Array[] | null {
    if (!this.outcomeSets) return null;
    const node = this.node(id);
    const width = this.outcomes.length;
    if (node.ending) {
      let cached = this.endingVectors[id];
      if (!cached) {
        const v = new Float64Array(width);
        for (const { slot, p } of node.ending) v[this.outcomes.indexOf(slot)] = (v[this.outcomes.indexOf(slot)] as number) + p;
        cached = [v];
        this.endingVectors[id] = cached;
      }
      return cached;
    }
    if (remaining <= 0) return this.noneVector;
    let memo = this.dist[id];
    if (!memo) {
      memo = new Array(this.world.maxSteps + 2).fill(undefined);
      this.dist[id] = memo;
    }
    const cached = memo[remaining];
    if (cached !== undefined) return cached;
    const union = new Map<string, Float64Array>();
    let result: Float64Array[] | null = [];
    for (const action of node.actions ?? []) {
      const combos = this.actionDistributions(action.outcomes, remaining);
      if (!combos) {
        result = null;
        break;
      }
      for (const v of combos) union.set(vectorKey(v), v);
      if (union.size > DISTRIBUTION_CAP) {
        result = null;
        break;
      }
    }
    if (result) result = [...union.values()];
    memo[remaining] = result;
    return result;
  }

  /** Mixtures of the successors' distributions, one per choice of a distribution at each branch. */
  actionDistributions(outcomes: ReadonlyArray<{ p: number; to: number }>, remaining: number): Float64Array[] | null {
    // A sure outcome mixes nothing: its successor's vectors are the action's (0 + 1 * v is v, bit for bit).
    if (outcomes.length === 1 && outcomes[0]?.p === 1) return this.distributions(outcomes[0].to, remaining - 1);
    let partial: Float64Array[] = [new Float64Array(this.outcomes.length)];
    const scratch = new Float64Array(this.outcomes.length);
    for (const { p, to } of outcomes) {
      const next = this.distributions(to, remaining - 1);
      if (!next) return null;
      const combined = new Map<string, Float64Array>();
      for (const x of partial) {
        for (const v of next) {
          for (let i = 0; i < x.length; i++) scratch[i] = (x[i] as number) + p * (v[i] as number);
          const key = vectorKey(scratch);
          if (combined.has(key)) continue;
          const sum = Float64Array.from(scratch);
          combined.set(key, sum);
          // Give up as soon as the set overflows, not after every combination is built.
          if (combined.size > DISTRIBUTION_CAP) return null;
        }
      }
      partial = [...combined.values()];
    }
    return partial;
  }

  /** The outcomes (slots, and "none") still reachable within the remaining steps. */
  reachable(config: Config, remaining: number): string[] {
    let mask = this.maskOf(this.idOf(config), remaining);
    if (mask & this.truncatedBit) mask |= 1 << (this.outcomes.length - 1);
    return this.outcomes.filter((_, i) => (mask & (1 << i)) !== 0);
  }

  /** Whether some ending (not just the step limit) can be reached within the remaining steps. */
  canEnd(config: Config, remaining: number): boolean {
    return (this.maskOf(this.idOf(config), remaining) & ~this.truncatedBit) !== 0;
  }

  /** The mask bit of running out of steps, kept apart from endings that yield no outcome. */
  private get truncatedBit(): number {
    return 1 << this.outcomes.length;
  }

  private maskOf(id: number, remaining: number): number {
    const node = this.node(id);
    const outcomes = this.outcomes;
    if (node.ending) {
      let mask = 0;
      for (const { slot, p } of node.ending) if (p > 0) mask |= 1 << outcomes.indexOf(slot);
      return mask;
    }
    if (remaining <= 0) return this.truncatedBit;
    let memo = this.reach[id];
    if (!memo) {
      memo = new Int32Array(this.world.maxSteps + 2).fill(-1);
      this.reach[id] = memo;
    }
    if (remaining < memo.length && (memo[remaining] as number) >= 0) return memo[remaining] as number;
    let mask = 0;
    for (const action of node.actions ?? []) for (const outcome of action.outcomes) if (outcome.p > 0) mask |= this.maskOf(outcome.to, remaining - 1);
    if (remaining < memo.length) memo[remaining] = mask;
    return mask;
  }
}

/** A stable key of a configuration. */
export function configKey(config: Config): string {
  const names = Object.keys(config.vars);
  return names.length === 0 ? config.node : `${config.node}|${JSON.stringify(config.vars)}`;
}

/** The value of one available action. */
export interface ActionValue {
  tool: string;
  label: string;
  args: Readonly<Record<string, unknown>>;
  q: number;
}

/**
 * Finite-horizon values of a world under one utility vector: V(s) is the best expected utility still reachable with
 * the remaining steps, Q(s, a) the expected V after action a. Exact for lotteries, branches and obstacles.
 */
export class ValueTable {
  private readonly v: Array<Float64Array | undefined> = [];
  private readonly endings: Array<number | undefined> = [];
  private readonly utilityOf: Float64Array;

  /**
   * @param utility utility of each slot's outcome, and of "none" (no outcome, or the step limit reached)
   */
  constructor(
    readonly graph: ConfigGraph,
    utility: Readonly<Record<string, number>>,
  ) {
    this.utilityOf = Float64Array.from(graph.outcomes.map((slot) => utility[slot] ?? Number.NaN));
    const missing = graph.outcomes.filter((_, i) => Number.isNaN(this.utilityOf[i]));
    if (missing.length > 0) throw new RangeError(`no utility for ${missing.join(', ')}`);
  }

  /** Expected utility of an ending's lottery. */
  private endingValue(lottery: ReadonlyArray<{ slot: string; p: number }>): number {
    let value = 0;
    for (const { slot, p } of lottery) value += p * (this.utilityOf[this.graph.outcomes.indexOf(slot)] as number);
    return value;
  }

  /** V of a configuration with `remaining` steps left. */
  value(config: Config, remaining: number): number {
    return this.valueOf(this.graph.idOf(config), remaining);
  }

  private valueOf(id: number, remaining: number): number {
    const node = this.graph.node(id);
    if (node.ending) {
      let value = this.endings[id];
      if (value === undefined) {
        value = this.endingValue(node.ending);
        this.endings[id] = value;
      }
      return value;
    }
    if (remaining <= 0) return this.utilityOf[this.graph.outcomes.length - 1] as number;
    let memo = this.v[id];
    if (!memo) {
      memo = new Float64Array(this.graph.world.maxSteps + 2).fill(Number.NaN);
      this.v[id] = memo;
    }
    const cached = remaining < memo.length ? (memo[remaining] as number) : Number.NaN;
    if (!Number.isNaN(cached)) return cached;
    let best = Number.NEGATIVE_INFINITY;
    const vectors = this.graph.distributions(id, remaining);
    if (vectors) {
      for (const v of vectors) {
        let dot = 0;
        for (let i = 0; i < v.length; i++) dot += (v[i] as number) * (this.utilityOf[i] as number);
        if (dot > best) best = dot;
      }
      if (remaining < memo.length) memo[remaining] = best;
      return best;
    }
    for (const action of node.actions ?? []) {
      let q = 0;
      for (const outcome of action.outcomes) q += outcome.p * this.valueOf(outcome.to, remaining - 1);
      if (q > best) best = q;
    }
    if (remaining < memo.length) memo[remaining] = best;
    return best;
  }

  /** Q of every action class available in a configuration, in the state's tool order. */
  actionValues(config: Config, remaining: number): ActionValue[] {
    const node = this.graph.node(this.graph.idOf(config));
    return (node.actions ?? []).map((action) => {
      let q = 0;
      for (const outcome of action.outcomes) q += outcome.p * this.valueOf(outcome.to, remaining - 1);
      return { tool: action.class.tool, label: action.class.label, args: action.class.args, q };
    });
  }
}

const instanceFree = new WeakMap<object, boolean>();

/** Whether a scenario's dynamics ignore the slot fill and the condition (no expression reads slot.* or condition). */
function dynamicsIgnoreFill(world: World): boolean {
  const scenario = world.scenario;
  let known = instanceFree.get(scenario);
  if (known === undefined) {
    const expressions: string[] = [];
    for (const state of Object.values(scenario.states)) {
      for (const rules of Object.values(state.on)) {
        for (const rule of rules) {
          if (rule.if) expressions.push(rule.if);
          for (const effect of rule.branches ?? [rule]) for (const value of Object.values(effect.set ?? {})) if (typeof value === 'object') expressions.push(value.expr);
        }
      }
    }
    for (const ending of Object.values(scenario.endings)) {
      if (Array.isArray(ending.outcome)) for (const entry of ending.outcome) if (entry.if) expressions.push(entry.if);
    }
    known = !expressions.some((text) => /\b(slot|condition)\b/.test(text));
    instanceFree.set(scenario, known);
  }
  return known;
}

const sharedGraphs = new Map<string, ConfigGraph>();

/**
 * The configuration graph of a world, shared between worlds of the same scenario, surfaces and step limit when the
 * dynamics do not read the fill: graph and reachability are then the same, and expanding them is most of the cost.
 */
export function graphFor(world: World): ConfigGraph {
  if (!dynamicsIgnoreFill(world)) return new ConfigGraph(world);
  const key = `${world.scenario.id}|${JSON.stringify(world.instance.surfaces)}|${world.maxSteps}`;
  let graph = sharedGraphs.get(key);
  if (!graph || graph.world.scenario !== world.scenario) {
    graph = new ConfigGraph(world);
    if (sharedGraphs.size >= 256) sharedGraphs.delete(sharedGraphs.keys().next().value as string);
    sharedGraphs.set(key, graph);
  }
  return graph;
}
