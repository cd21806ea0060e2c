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

/** The graph of configurations reachable in a world, expanded lazily and shared by every value table over it. */
export class ConfigGraph {
  private readonly nodes: Node[] = [];
  private readonly ids = new Map<string, number>();
  private readonly reach: Array<Int32Array | undefined> = [];
  /** Slots and "none", as bit positions of reachability masks. */
  readonly outcomes: readonly string[];

  constructor(readonly world: World) {
    this.outcomes = [...world.slots, 'none'];
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
