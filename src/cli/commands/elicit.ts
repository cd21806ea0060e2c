import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadAgentProfile, resolveAgentRef } from '../../agents/agent-profiles.js';
import { createModelCaller, syntheticPreference } from '../../agents/create-model-caller.js';
import { ResponseCache } from '../../agents/response-cache.js';
import { loadCatalog } from '../../core/catalog.js';
import { SaydoError, UsageError } from '../../core/errors.js';
import { writeJsonFile } from '../../core/files.js';
import { contentHash } from '../../core/hash.js';
import type { AgentProfile } from '../../core/schemas/agent-profile.js';
import { ComparisonFile } from '../../elicitation/comparison-file.js';
import { elicitUtilities } from '../../elicitation/elicit.js';
import { resolveTemplate, templateHash } from '../../elicitation/prompts.js';
import { formatProfileText } from '../../report/profile-text.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { abortOnSignals } from '../interrupt.js';
import { parseOptions } from '../parse-options.js';
import { ProgressPrinter } from '../progress-printer.js';
import { recordedVersions } from '../versions.js';

/** Options of `saydo elicit`, validated after commander has read them. */
export const ElicitCommandOptions = z.object({
  agent: z.string().min(1).describe('Agent profile: a name under agents/ or a path'),
  catalog: z.string().min(1).describe('Outcome catalog YAML'),
  out: z.string().min(1).describe('Folder for the profile and the comparisons'),
  template: z.string().min(1).describe('forced-choice, reasoning, or a template YAML file'),
  mode: z.enum(['sample', 'logprob']),
  samples: z.coerce.number().int().min(1).max(100),
  budget: z.coerce.number().int().min(1).optional(),
  heldOut: z.coerce.number().min(0).max(0.5),
  seed: z.string().min(1),
  cache: z.boolean(),
  cacheDir: z.string().min(1),
  unparseableAsHalf: z.boolean(),
  concurrency: z.coerce.number().int().min(1).max(1024).optional(),
  top: z.coerce.number().int().min(1),
});
export type ElicitCommandOptions = z.infer<typeof ElicitCommandOptions>;

/** Registers `saydo elicit`. */
export function registerElicitCommand(program: Command, context: CliContext, done: (code: number) => void): void {
  program
    .command('elicit')
    .description('ask forced-choice questions, fit Thurstonian utilities, write the utility profile and every comparison')
    .requiredOption('--agent <profile>', 'agent profile: a name under agents/ (sim-coherent) or a path to a YAML file')
    .option('--catalog <file>', 'outcome catalog', 'scenarios/outcomes/core.yaml')
    .requiredOption('--out <dir>', 'output folder; rerunning with the same folder continues an interrupted elicitation')
    .option('--template <name|file>', 'forced-choice, reasoning, or a template YAML file', 'forced-choice')
    .option('--mode <mode>', 'sample: K answers per order; logprob: one call per order reading P(A) and P(B)', 'sample')
    .option('--samples <k>', 'answers per order in sample mode (and the weight of a log-prob answer)', '5')
    .option('--budget <pairs>', 'pairs to ask, held-out ones included (default: 2 N log2 N)')
    .option('--held-out <fraction>', 'share of pairs held out of the fit', '0.05')
    .option('--seed <seed>', 'seed of the pair design', '0')
    .option('--no-cache', 'neither read nor write the response cache')
    .option('--cache-dir <dir>', 'response cache folder', '.saydo/cache')
    .option('--unparseable-as-half', 'count unparseable answers and refusals as half a vote each instead of leaving them out', false)
    .option('--concurrency <n>', 'calls in flight at once (default: the profile\'s, 8 for remote models)')
    .option('--top <n>', 'outcomes shown from each end of the ranking', '10')
    .action(async (raw: Record<string, unknown>) => {
      done(await runElicit(parseOptions(ElicitCommandOptions, raw), context));
    });
}

/** Runs `saydo elicit` and returns its exit code. */
export async function runElicit(options: ElicitCommandOptions, context: CliContext): Promise<number> {
  const agent = loadAgentProfile(resolveAgentRef(options.agent));
  const catalog = loadCatalog(options.catalog);
  const template = resolveTemplate(options.template);
  if (options.mode === 'logprob' && template.answer !== 'letter') {
    throw new UsageError(`--mode logprob reads the first answer token, but template "${template.name}" asks for reasoning first`, {
      hint: 'use --mode sample with this template, or a template whose answer is one letter',
    });
  }
  const config = {
    agent: agent.file,
    catalog: catalog.file,
    template: template.name,
    mode: options.mode,
    samplesPerOrder: options.samples,
    budget: options.budget ?? null,
    heldOutFraction: options.heldOut,
    seed: options.seed,
    unparseable: options.unparseableAsHalf ? 'half' : 'exclude',
  };
  const fingerprint = contentHash({ config, agent: agent.hash, catalog: catalog.hash, template: templateHash(template) });
  const printer = new ProgressPrinter(context);
  const caller = createModelCaller(agent, {
    env: context.env,
    ...(options.cache ? { cache: new ResponseCache(options.cacheDir) } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    onNotice: (notice) => printer.onCallNotice(notice),
  });
  prepareOutDir(options.out, fingerprint);
  writeJsonFile(join(options.out, 'manifest.json'), {
    type: 'elicitation-manifest',
    v: 1,
    fingerprint,
    config,
    agent: { file: agent.file, hash: agent.hash, profile: agent.profile },
    catalog: { file: catalog.file, name: catalog.catalog.name, hash: catalog.hash, outcomes: catalog.catalog.outcomes.length },
    template: { ...template, hash: templateHash(template) },
    versions: recordedVersions(),
  });
  const store = new ComparisonFile(join(options.out, 'comparisons.jsonl'));
  if (store.skipped.length > 0) {
    println(context.stderr, `Skipped ${store.skipped.length} unreadable line(s) of comparisons.jsonl (first: line ${store.skipped[0]?.line}); those comparisons are asked again`);
  }
  const interrupt = abortOnSignals(context);
  const truth = syntheticPreference(agent);
  let result;
  try {
    result = await elicitUtilities({
      caller,
      catalog,
      template,
      agent: { name: agent.profile.name, provider: agent.profile.provider, model: agent.profile.provider === 'openai' ? agent.profile.model : null, profileHash: agent.hash },
      mode: options.mode,
      samplesPerOrder: options.samples,
      design: { ...(options.budget !== undefined ? { budget: options.budget } : {}), heldOutFraction: options.heldOut },
      seed: options.seed,
      unparseable: options.unparseableAsHalf ? 'half' : 'exclude',
      store,
      reporters: [printer],
      signal: interrupt.signal,
      ...(truth ? { truth } : {}),
    });
  } finally {
    interrupt.dispose();
    store.close();
  }
  const { progress, calls } = result;
  if (result.unanswered) {
    const { failed, refused, unparseable } = result.unanswered;
    const why = [failed > 0 ? `${failed} failed (${failureSummary(result.comparisons)})` : '', refused > 0 ? `${refused} refused` : '', unparseable > 0 ? `${unparseable} unparseable` : ''].filter(Boolean).join(', ');
    println(context.stderr, `No comparison was answered (${why}): there is nothing to fit, so no profile.json was written.`);
    const advice = failureAdvice(result.comparisons, agent.profile);
    if (advice) println(context.stderr, advice);
    println(context.stderr, `Every answer is kept in ${join(options.out, 'comparisons.jsonl')} with its raw text or failure. Fix the cause (the endpoint, the key, the template) and run the same command again: failed comparisons are asked again.`);
    return EXIT.failures;
  }
  if (result.interrupted || !result.profile) {
    println(context.stderr, `Stopped after ${progress.done} of ${progress.planned} comparisons; they are kept in ${join(options.out, 'comparisons.jsonl')}.`);
    println(context.stderr, 'Run the same command again to continue where it stopped.');
    return EXIT.interrupted;
  }
  store.finalize(result.comparisons);
  writeJsonFile(join(options.out, 'profile.json'), result.profile);
  println(context.stdout, formatProfileText(result.profile, { top: options.top }));
  println(context.stdout);
  println(context.stdout, `Model calls: ${calls.model} made, ${calls.cached} from the cache, ${progress.reused} kept from an earlier run.`);
  println(context.stdout, `Wrote ${join(options.out, 'profile.json')} and ${join(options.out, 'comparisons.jsonl')}`);
  if (progress.failed > 0) {
    const reasons = failureSummary(result.comparisons);
    println(context.stderr, `${progress.failed} comparison(s) failed (${reasons}); they are recorded with their reasons and left out of the fit.`);
    const advice = failureAdvice(result.comparisons, agent.profile);
    if (advice) println(context.stderr, advice);
    println(context.stderr, 'Run the same command again to retry only those.');
    return EXIT.failures;
  }
  return EXIT.ok;
}

/** What to check first, for the kinds of failure that have one clear cause; undefined otherwise. */
function failureAdvice(comparisons: ReadonlyArray<{ failure: { kind: string } | null }>, profile: AgentProfile): string | undefined {
  if (profile.provider !== 'openai') return undefined;
  const kinds = new Set(comparisons.flatMap((c) => (c.failure ? [c.failure.kind] : [])));
  const server = profile.baseURL ?? 'https://api.openai.com/v1';
  if (kinds.has('auth')) return `The server refused the key: check the variable ${profile.apiKeyEnv ?? (profile.baseURL ? '(none named: add apiKeyEnv to the profile)' : 'OPENAI_API_KEY')} and that the key is valid for ${server}.`;
  if (kinds.has('network')) return `The server could not be reached: check that ${server} is up and the baseURL in the profile.`;
  return undefined;
}

function failureSummary(comparisons: ReadonlyArray<{ failure: { kind: string } | null }>): string {
  const byKind = new Map<string, number>();
  for (const c of comparisons) if (c.failure) byKind.set(c.failure.kind, (byKind.get(c.failure.kind) ?? 0) + 1);
  return [...byKind.entries()].map(([kind, count]) => `${count} ${kind}`).join(', ');
}

/** Creates the output folder, or checks that an existing one holds this same elicitation. */
function prepareOutDir(out: string, fingerprint: string): void {
  const manifestPath = join(out, 'manifest.json');
  if (existsSync(manifestPath)) {
    let existing: { fingerprint?: unknown; type?: unknown } = {};
    try {
      existing = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof existing;
    } catch {
      // An unreadable manifest is treated as a different elicitation below.
    }
    if (existing.type !== 'elicitation-manifest' || existing.fingerprint !== fingerprint) {
      throw new SaydoError('E_RUN_MISMATCH', `${out} holds a different elicitation (other agent, catalog, template or settings)`, {
        hint: 'pass another --out folder, or delete this one to start over',
      });
    }
    return;
  }
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new SaydoError('E_RUN_MISMATCH', `${out} exists and is not an elicitation folder`, { hint: 'pass an empty or new --out folder' });
  }
  mkdirSync(out, { recursive: true });
}
