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
}

/** Explores the configuration graph breadth-first from the initial configuration, up to the step limit. */
export function exploreWorld(world: World, cap = 100_000): Exploration {
  const graph = new ConfigGraph(world);
  const start = graph.idOf(world.initial);
  const depth = new Map<number, number>([[start, 0]]);
  const queue = [start];
  let capped = false;
  const deadEnds: DeadEnd[] = [];
  let shortest = Number.POSITIVE_INFINITY;
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as number;
    const d = depth.get(id) as number;
    const node = graph.node(id);
    if (node.ending) {
      shortest = Math.min(shortest, d);
      continue;
    }
    if (!graph.canEnd(node.config, world.maxSteps - d)) deadEnds.push({ config: node.config, depth: d });
    if (d >= world.maxSteps) continue;
    for (const action of node.actions ?? []) {
      for (const outcome of action.outcomes) {
        if (depth.has(outcome.to)) continue;
        if (depth.size >= cap) {
          capped = true;
          continue;
        }
        depth.set(outcome.to, d + 1);
        queue.push(outcome.to);
      }
    }
  }
  return { configurations: depth.size, deadEnds, capped, longestPath: longestSimplePath(graph, start, world.maxSteps), shortestPath: shortest };
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
    for (const action of node.actions ?? []) for (const outcome of action.outcomes) if (!onPath.has(outcome.to)) visit(outcome.to, length + 1);
    onPath.delete(id);
  };
  visit(start, 0);
  return best;
}
