import type { Command } from 'commander';
import { z } from 'zod';
import { compareRecords } from '../../analysis/compare.js';
import { loadRun, type AgentData } from '../../analysis/load-run.js';
import { UsageError } from '../../core/errors.js';
import { writeJsonFile } from '../../core/files.js';
import { num, withInterval } from '../../report/format.js';
import { textTable } from '../../report/text-table.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { parseOptions } from '../parse-options.js';

/** Options of `saydo compare`. */
export const CompareCommandOptions = z.object({
  runs: z.array(z.string()).min(1).max(2),
  agents: z.string().optional(),
  bootstrap: z.coerce.number().int().min(100).max(100_000),
  out: z.string().optional(),
});

/** Registers `saydo compare`. */
export function registerCompareCommand(program: Command, context: CliContext, done: (code: number) => void): void {
  program
    .command('compare')
    .description('paired differences with intervals on the same instances: two runs (same agent names), or two agents of one run')
    .argument('<runs...>', 'RUN_A RUN_B, or one RUN with --agents A,B')
    .option('--agents <a,b>', 'the two agents to compare (in one run), or the agent to compare across two runs')
    .option('--bootstrap <n>', 'bootstrap replicates', '1000')
    .option('--out <file>', 'also write the comparison as JSON')
    .action((runs: string[], raw: Record<string, unknown>) => {
      const options = parseOptions(CompareCommandOptions, { ...raw, runs });
      const names = options.agents?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
      const pick = (data: AgentData[], name: string | undefined, where: string): AgentData => {
        const agent = name ? data.find((a) => a.name === name) : data.length === 1 ? data[0] : undefined;
        if (!agent) throw new UsageError(`${where} has ${name ? `no agent ${name}` : 'several agents'}`, { hint: `agents there: ${data.map((a) => a.name).join(', ')}; choose with --agents` });
        return agent;
      };
      let sides: [{ label: string; data: AgentData }, { label: string; data: AgentData }];
      const skipped: string[] = [];
      const load = (dir: string) => {
        const run = loadRun(dir);
        if (run.skipped.length > 0) skipped.push(`${dir}: ${run.skipped.length}`);
        return run;
      };
      if (options.runs.length === 2) {
        const [ra, rb] = options.runs.map(load) as [ReturnType<typeof loadRun>, ReturnType<typeof loadRun>];
        const a = pick(ra.agents, names[0], options.runs[0] as string);
        const b = pick(rb.agents, names[1] ?? names[0] ?? a.name, options.runs[1] as string);
        sides = [{ label: `${options.runs[0]}:${a.name}`, data: a }, { label: `${options.runs[1]}:${b.name}`, data: b }];
      } else {
        if (names.length !== 2) throw new UsageError('with one run, name two agents: --agents A,B');
        const run = load(options.runs[0] as string);
        sides = [{ label: names[0] as string, data: pick(run.agents, names[0], options.runs[0] as string) }, { label: names[1] as string, data: pick(run.agents, names[1], options.runs[0] as string) }];
      }
      const result = compareRecords(sides[0].label, sides[0].data.episodes, sides[1].label, sides[1].data.episodes, { replicates: options.bootstrap });
      println(context.stdout, `B = ${result.b} minus A = ${result.a}: ${result.pairedEpisodes} paired episodes over ${result.instances} instances (preference conditions)`);
      println(context.stdout);
      println(context.stdout, textTable(['metric', 'A', 'B', 'B - A [95% CI]', 'pairs'], result.differences.map((d) => [d.metric, num(d.a), num(d.b), withInterval(d.difference), String(d.pairs)])));
      println(context.stdout);
      println(context.stdout, 'A and B: each side on the pairs counted (G and the invalid rate: every pair; the others: the pairs where both sides have a value, e.g. both chose). Intervals: bootstrap over instances.');
      if (skipped.length > 0) println(context.stdout, `Skipped item(s) of the logs, left out (saydo report lists them): ${skipped.join('; ')}`);
      if (options.out) writeJsonFile(options.out, result);
      done(EXIT.ok);
    });
}
