import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadAgentProfile, resolveAgentRef } from '../../agents/agent-profiles.js';
import { createModelCaller } from '../../agents/create-model-caller.js';
import { ResponseCache } from '../../agents/response-cache.js';
import { UsageError } from '../../core/errors.js';
import { loadSuite } from '../../simulator/load-suite.js';
import { runAgentOf, runSuite, type RunAgent } from '../../simulator/run-suite.js';
import { formatRunSummary } from '../../report/run-summary-text.js';
import { reportFinishedRun } from './report.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { abortOnSignals } from '../interrupt.js';
import { parseOptions } from '../parse-options.js';
import { RunProgressPrinter } from '../run-progress-printer.js';
import { recordedVersions } from '../versions.js';

/** Options of `saydo run`. */
export const RunCommandOptions = z.object({
  suite: z.string().min(1),
  agents: z.string().min(1).describe('Comma-separated agent names or profile paths'),
  out: z.string().min(1).optional(),
  shard: z
    .string()
    .regex(/^\d+\/\d+$/, 'a shard is K/N, e.g. 2/4')
    .optional(),
  profilesFrom: z.string().optional(),
  concurrency: z.coerce.number().int().min(1).max(1024).optional(),
  cache: z.boolean(),
  cacheDir: z.string().min(1),
  retryBaseMs: z.coerce.number().int().min(0).optional(),
  plain: z.boolean(),
  report: z.boolean(),
  bootstrap: z.coerce.number().int().min(100).max(100_000),
});
export type RunCommandOptions = z.infer<typeof RunCommandOptions>;

/** Registers `saydo run`. */
export function registerRunCommand(program: Command, context: CliContext, done: (code: number) => void): void {
  program
    .command('run')
    .description('run a suite: elicit each agent\'s utilities, run the episodes built from them, log every step')
    .argument('<suite>', 'suite YAML, e.g. scenarios/suites/demo.yaml')
    .requiredOption('--agents <names>', 'comma-separated agent names under agents/ or profile paths, e.g. sim-coherent,sim-gap')
    .option('--out <dir>', 'run folder (default: runs/<suite name>); rerunning with the same folder continues it')
    .option('--shard <K/N>', 'run only shard K of N (a deterministic share of the episodes); join shards with saydo merge')
    .option('--profiles-from <dir>', 'reuse utility profiles from a run or elicitation folder instead of eliciting')
    .option('--concurrency <n>', 'episodes in flight per agent (default: 1 for synthetic agents, the profile\'s concurrency otherwise)')
    .option('--no-cache', 'neither read nor write the response cache')
    .option('--cache-dir <dir>', 'response cache folder', '.saydo/cache')
    .option('--retry-base-ms <ms>', 'base of the retry back-off (default 500)')
    .option('--plain', 'plain progress lines even on a terminal', false)
    .option('--no-report', 'do not write metrics.json, report.md and report.html at the end')
    .option('--bootstrap <n>', 'bootstrap replicates for the report\'s intervals', '1000')
    .action(async (suite: string, raw: Record<string, unknown>) => {
      done(await runRunCommand(parseOptions(RunCommandOptions, { ...raw, suite }), context));
    });
}

/** Runs `saydo run` and returns its exit code. */
export async function runRunCommand(options: RunCommandOptions, context: CliContext): Promise<number> {
  const suite = loadSuite(options.suite);
  const names = options.agents.split(',').map((s) => s.trim()).filter(Boolean);
  if (new Set(names).size !== names.length) throw new UsageError('--agents lists an agent twice', { hint: 'name each agent once' });
  const loaded = names.map((name) => loadAgentProfile(resolveAgentRef(name)));
  const agentNames = loaded.map((l) => l.profile.name);
  if (new Set(agentNames).size !== agentNames.length) throw new UsageError('two agent profiles share a name', { hint: 'agent names must be unique within a run' });
  const shard = options.shard ? { index: Number(options.shard.split('/')[0]), count: Number(options.shard.split('/')[1]) } : null;
  if (shard && (shard.index < 1 || shard.index > shard.count)) throw new UsageError(`--shard ${options.shard}: K must be between 1 and N`);
  const printer = new RunProgressPrinter(context, { plain: options.plain });
  const cache = options.cache ? new ResponseCache(options.cacheDir) : undefined;
  const agents: RunAgent[] = loaded.map((l) =>
    runAgentOf(
      l,
      createModelCaller(l, {
        env: context.env,
        ...(cache ? { cache } : {}),
        ...(options.concurrency !== undefined && l.profile.provider !== 'synthetic' ? { concurrency: options.concurrency } : {}),
        ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
        onNotice: (notice) => printer.onCallNotice(notice),
      }),
    ),
  );
  const runDir = options.out ?? join('runs', suite.suite.name);
  const interrupt = abortOnSignals(context);
  let result;
  try {
    result = await runSuite({
      suite,
      agents,
      runDir,
      shard,
      ...(options.profilesFrom ? { profilesFrom: options.profilesFrom } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      signal: interrupt.signal,
      reporters: [printer],
      versions: recordedVersions(),
    });
  } finally {
    interrupt.dispose();
    printer.close();
  }
  println(context.stdout, formatRunSummary(result));
  if (!result.interrupted && options.report) {
    println(context.stdout);
    await reportFinishedRun(runDir, options.bootstrap, context);
  }
  if (result.interrupted) {
    println(context.stderr, `Interrupted. Every finished episode is kept in ${runDir}; run the same command again to continue.`);
    return EXIT.interrupted;
  }
  const unanswered = result.agents.filter((a) => a.elicitationUnanswered).map((a) => a.name);
  if (unanswered.length > 0) {
    println(context.stderr, `No elicitation comparison of ${unanswered.join(', ')} was answered, so there is no profile and no episode for it; its answers and failures are in agents/<agent>/comparisons.jsonl. Fix the cause and run the same command again.`);
  }
  const errors = result.agents.reduce((sum, a) => sum + (a.summary.status.error ?? 0) + a.elicitationFailed, 0);
  if (errors > 0) {
    println(context.stderr, `${errors} episode(s) or comparison(s) ended on a failed model call; they are recorded. Run the same command again to retry them.`);
  }
  if (errors > 0 || unanswered.length > 0) return EXIT.failures;
  return EXIT.ok;
}
