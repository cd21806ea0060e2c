import type { ActionClass } from './dynamics.js';
import { ConfigGraph } from './values.js';
import type { Config, World } from './world.js';

/** A configuration from which no ending can be reached within the steps left. */
export interface DeadEnd {
  config: Config;
  depth: number;
}

/** What exploring every configuration reachable within the step limit found. */
export interface Exploration {
  configurations: number;
  /** Configurations within the limit that cannot reach any ending in the steps left. */
  deadEnds: DeadEnd[];
  /** Whether exploration stopped at the cap before seeing everything. */
  capped: boolean;
  /** Most steps on a path to an ending that never revisits a configuration. */
  longestPath: number;
  /** Fewest steps to an ending. */
  shortestPath: number;
  /** States some configuration with a step left is in, in the scenario's order. */
  statesReached: string[];
  /** Endings some episode reaches, in the scenario's order. */
  endingsReached: string[];
  /** Slots a reached ending yields with a probability above 0, in the scenario's order. */
  slotsYielded: string[];
}

const callable = new WeakMap<ActionClass, boolean>();

/** Whether an agent can make the calls of an action class: a `when` value the tool's arguments do not accept matches no valid call. */
function canCall(world: World, action: ActionClass): boolean {
  let ok = callable.get(action);
  if (ok === undefined) {
    ok = world.tools.get(action.tool)?.schema.safeParse(action.args).success ?? false;
    callable.set(action, ok);
  }
  return ok;
}

/**
 * Explores the configuration graph breadth-first from the initial configuration, up to the step limit, then finds the
 * dead ends by the fewest steps from each configuration to an ending (a reverse breadth-first search over the explored
 * edges). Configurations reached only at the step limit are where an episode is truncated, not dead ends. Work and
 * memory stay within the cap: when it is hit, the dead ends and the longest path are not searched.
 */
export function exploreWorld(world: World, cap = 100_000): Exploration {
  const graph = new ConfigGraph(world);
  const start = graph.idOf(world.initial);
  const depth = new Map<number, number>([[start, 0]]);
  const order = [start];
  const predecessors = new Map<number, number[]>();
  const endings: number[] = [];
  let capped = false;
  let shortest = Number.POSITIVE_INFINITY;
  const states = new Set<string>();
  const reached = new Set<string>();
  const yielded = new Set<string>();
  for (let head = 0; head < order.length; head++) {
    const id = order[head] as number;
    const d = depth.get(id) as number;
    const node = graph.node(id);
    if (node.ending) {
      shortest = Math.min(shortest, d);
      endings.push(id);
      reached.add(node.config.node);
      for (const { slot, p } of node.ending) if (p > 0 && slot !== 'none') yielded.add(slot);
      continue;
    }
    if (d >= world.maxSteps) continue;
    states.add(node.config.node);
    for (const action of node.actions ?? []) {
      if (!canCall(world, action.class)) continue;
      for (const outcome of action.outcomes) {
        if (outcome.p <= 0) continue;
        if (!depth.has(outcome.to)) {
          if (depth.size >= cap) {
            capped = true;
            continue;
          }
          depth.set(outcome.to, d + 1);
          order.push(outcome.to);
        }
        const into = predecessors.get(outcome.to);
        if (into) into.push(id);
        else predecessors.set(outcome.to, [id]);
      }
    }
  }
  const inOrder = (names: Iterable<string>, seen: ReadonlySet<string>) => [...names].filter((name) => seen.has(name));
  const found = { statesReached: inOrder(world.states.keys(), states), endingsReached: inOrder(world.endings.keys(), reached), slotsYielded: inOrder(world.slots, yielded) };
  if (capped) return { configurations: depth.size, deadEnds: [], capped, longestPath: 0, shortestPath: shortest, ...found };
  const toEnd = new Map<number, number>(endings.map((id) => [id, 0]));
  const frontier = [...endings];
  for (let head = 0; head < frontier.length; head++) {
    const id = frontier[head] as number;
    for (const previous of predecessors.get(id) ?? []) {
      if (toEnd.has(previous)) continue;
      toEnd.set(previous, (toEnd.get(id) as number) + 1);
      frontier.push(previous);
    }
  }
  const deadEnds: DeadEnd[] = [];
  for (const id of order) {
    const d = depth.get(id) as number;
    const rest = toEnd.get(id);
    if (d < world.maxSteps && !graph.node(id).ending && (rest === undefined || d + rest > world.maxSteps)) deadEnds.push({ config: graph.node(id).config, depth: d });
  }
  return { configurations: depth.size, deadEnds, capped, longestPath: longestSimplePath(graph, start, world.maxSteps), shortestPath: shortest, ...found };
}

/** Longest path to an ending that never revisits a configuration (depth-first, bounded by the step limit). */
function longestSimplePath(graph: ConfigGraph, start: number, limit: number): number {
  let best = 0;
  let budget = 200_000;
  const onPath = new Set<number>();
  const visit = (id: number, length: number) => {
    if (budget-- <= 0) return;
    const node = graph.node(id);
    if (node.ending) {
      best = Math.max(best, length);
      return;
    }
    if (length >= limit) return;
    onPath.add(id);
    for (const action of node.actions ?? []) {
      if (!canCall(graph.world, action.class)) continue;
      for (const outcome of action.outcomes) if (!onPath.has(outcome.to)) visit(outcome.to, length + 1);
    }
    onPath.delete(id);
  };
  visit(start, 0);
  return best;
}
