import type { ScenarioSpec } from './scenario-schema.js';
import { describeCall } from './world.js';

/** One edge of the state graph as an author reads it. */
export interface GraphEdge {
  from: string;
  to: string;
  label: string;
  /** Probability of this branch, when below 1. */
  p?: number;
  guard?: string;
  obstacle?: string;
  sets?: string[];
}

/** The state graph of a scenario: states, endings and the rules between them. */
export function scenarioEdges(scenario: ScenarioSpec): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const [stateName, state] of Object.entries(scenario.states)) {
    for (const tool of state.tools) {
      const rules = state.on[tool];
      if (!rules) {
        edges.push({ from: stateName, to: stateName, label: `${tool}() (no effect)` });
        continue;
      }
      for (const rule of rules) {
        const label = rule.label ?? describeCall(tool, rule.when);
        const obstacle = rule.obstacle ? (rule.obstacle.times !== undefined ? `fails ${rule.obstacle.times}x first` : `fails with p=${rule.obstacle.probability}`) : undefined;
        const branches = rule.branches ?? [{ p: 1, next: rule.next, set: rule.set }];
        for (const branch of branches) {
          edges.push({
            from: stateName,
            to: branch.next ?? stateName,
            label,
            ...(branch.p < 1 ? { p: branch.p } : {}),
            ...(rule.if ? { guard: rule.if } : {}),
            ...(obstacle ? { obstacle } : {}),
            ...(branch.set ? { sets: Object.keys(branch.set) } : {}),
          });
        }
      }
    }
  }
  return edges;
}

/** What an ending yields, in words. */
export function describeYield(scenario: ScenarioSpec, ending: string): string {
  const outcome = scenario.endings[ending]?.outcome;
  if (outcome === undefined) return '?';
  const one = (y: string | { lottery: Record<string, number> }) =>
    typeof y === 'string' ? y : Object.entries(y.lottery).map(([slot, p]) => `${slot} ${p}`).join(' / ');
  return Array.isArray(outcome) ? outcome.map((e) => (e.if ? `${one(e.yields)} if ${e.if}` : one(e.yields))).join('; else ') : one(outcome);
}

function edgeNote(edge: GraphEdge): string {
  const notes = [edge.p !== undefined ? `p=${edge.p}` : '', edge.guard ? `if ${edge.guard}` : '', edge.obstacle ?? '', edge.sets ? `sets ${edge.sets.join(', ')}` : ''].filter(Boolean);
  return notes.length > 0 ? `  [${notes.join('; ')}]` : '';
}

/** The state graph as indented text. */
export function graphText(scenario: ScenarioSpec): string {
  const edges = scenarioEdges(scenario);
  const lines: string[] = [];
  for (const state of Object.keys(scenario.states)) {
    lines.push(`${state}${state === scenario.start ? ' (start)' : ''}`);
    const out = edges.filter((e) => e.from === state);
    const width = Math.max(0, ...out.map((e) => e.label.length));
    for (const edge of out) {
      const target = edge.to in scenario.endings ? `${edge.to} (ending: ${describeYield(scenario, edge.to)})` : edge.to;
      lines.push(`  ${edge.label.padEnd(width)}  -> ${target}${edgeNote(edge)}`);
    }
  }
  for (const ending of Object.keys(scenario.endings)) lines.push(`${ending}: ending, yields ${describeYield(scenario, ending)}`);
  return lines.join('\n');
}

/** The state graph as a Mermaid flowchart. */
export function graphMermaid(scenario: ScenarioSpec): string {
  const id = (name: string) => `n_${name}`;
  const quote = (text: string) => text.replace(/"/g, '#quot;').replace(/[{}]/g, (c) => (c === '{' ? '#123;' : '#125;'));
  const lines = ['flowchart TD'];
  for (const state of Object.keys(scenario.states)) lines.push(`  ${id(state)}(["${quote(state)}${state === scenario.start ? ' (start)' : ''}"])`);
  for (const ending of Object.keys(scenario.endings)) lines.push(`  ${id(ending)}[["${quote(`${ending}: ${describeYield(scenario, ending)}`)}"]]`);
  for (const edge of scenarioEdges(scenario)) {
    lines.push(`  ${id(edge.from)} -->|"${quote(`${edge.label}${edgeNote(edge)}`)}"| ${id(edge.to)}`);
  }
  return lines.join('\n');
}
