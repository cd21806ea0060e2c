import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadCatalog } from '../../core/catalog.js';
import { formatProblem, UsageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/files.js';
import { describeYield, graphMermaid, graphText } from '../../world/graph.js';
import type { Instance } from '../../world/instance.js';
import { checkScenarioFile, loadScenario, type ScenarioCheck } from '../../world/load-scenario.js';
import { describeTool, parseTypedCall, startPlaySession } from '../../world/play-session.js';
import { scenarioTemplate } from '../../world/scenario-template.js';
import { slotAccepts } from '../../world/slots.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { parseOptions } from '../parse-options.js';

/** Registers `saydo scenario check|graph|play|new`. */
export function registerScenarioCommands(program: Command, context: CliContext, done: (code: number) => void): void {
  const scenario = program.command('scenario').description('author scenarios: check, draw, play and create them');

  scenario
    .command('check')
    .description('check scenario files (or folders of them) and summarise each')
    .argument('<files...>', 'scenario YAML files or folders')
    .action((files: string[]) => done(runCheck(files, context)));

  scenario
    .command('graph')
    .description('print the state graph of a scenario as text and as Mermaid')
    .argument('<file>', 'scenario YAML file')
    .option('--format <format>', 'text, mermaid or both', 'both')
    .action((file: string, raw: Record<string, unknown>) => {
      const { format } = parseOptions(z.object({ format: z.enum(['text', 'mermaid', 'both']) }), raw);
      const { scenario: spec } = loadScenario(file);
      if (format !== 'mermaid') println(context.stdout, graphText(spec));
      if (format === 'both') println(context.stdout);
      if (format !== 'text') println(context.stdout, format === 'both' ? `\`\`\`mermaid\n${graphMermaid(spec)}\n\`\`\`` : graphMermaid(spec));
      done(EXIT.ok);
    });

  scenario
    .command('play')
    .description('play a scenario in the terminal exactly as an agent sees it; type tool calls')
    .argument('<file>', 'scenario YAML file')
    .requiredOption('--fill <slots>', 'outcome of each slot: a=OUTCOME_ID,b=OUTCOME_ID')
    .option('--catalog <file>', 'outcome catalog the ids come from', 'scenarios/outcomes/core.yaml')
    .option('--condition <name>', 'condition (default: the first one, usually neutral)')
    .option('--favour <slot>', 'slot the condition favours when it says preferred or dispreferred (default: a, b)')
    .option('--seed <seed>', 'episode seed: surface counterbalancing, tool order, branches', '0')
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({ fill: z.string(), catalog: z.string(), condition: z.string().optional(), favour: z.string().optional(), seed: z.string() }),
        raw,
      );
      done(await runPlay(file, options, context));
    });

  scenario
    .command('new')
    .description('write a commented scenario that passes check, to start from')
    .argument('<name>', 'scenario id (lowercase, dashes)')
    .option('--dir <dir>', 'folder to write it in', 'scenarios/worlds')
    .action((name: string, raw: Record<string, unknown>) => {
      const { dir } = parseOptions(z.object({ dir: z.string() }), raw);
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) throw new UsageError(`"${name}" is not a scenario id`, { hint: 'use lowercase letters, digits and dashes, e.g. grant-review' });
      const path = join(dir, `${name}.yaml`);
      if (existsSync(path)) throw new UsageError(`${path} already exists`, { hint: 'choose another name, or edit that file' });
      writeFileAtomic(path, scenarioTemplate(name));
      println(context.stdout, `Wrote ${path}. Check it with: saydo scenario check ${path}`);
      done(EXIT.ok);
    });
}

function expandFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    if (existsSync(path) && statSync(path).isDirectory()) {
      // Catalogs and suites live beside scenarios under scenarios/; a folder check skips them.
      return readdirSync(path, { recursive: true })
        .map(String)
        .filter((name) => /\.ya?ml$/.test(name) && !/(^|[\\/])(outcomes|suites)[\\/]/.test(name))
        .sort()
        .map((name) => join(path, name));
    }
    return [path];
  });
}

function runCheck(paths: readonly string[], context: CliContext): number {
  const files = expandFiles(paths);
  let failed = 0;
  for (const file of files) {
    const check = checkScenarioFile(file);
    const errors = check.problems.filter((p) => p.severity === 'error');
    for (const problem of check.problems) println(errors.length > 0 ? context.stderr : context.stdout, `${problem.severity}: ${formatProblem(problem)}`);
    if (errors.length > 0) {
      failed += 1;
      println(context.stderr, `${check.file}: ${errors.length} error(s)`);
      continue;
    }
    println(context.stdout, summary(check));
  }
  if (files.length > 1) println(failed > 0 ? context.stderr : context.stdout, `${files.length - failed} of ${files.length} scenario file(s) passed`);
  return failed > 0 ? EXIT.badInput : EXIT.ok;
}

function summary(check: ScenarioCheck): string {
  const loaded = check.loaded;
  if (!loaded) return '';
  const { scenario, exploration } = loaded;
  const endings = Object.keys(scenario.endings).map((ending) => `${ending} -> ${describeYield(scenario, ending)}`);
  return [
    `${check.file}: ok — ${scenario.id} (${scenario.domain}): ${scenario.title}`,
    `  states ${Object.keys(scenario.states).length}, tools ${Object.keys(scenario.tools).length}, slots ${Object.keys(scenario.slots).join(', ')}, conditions ${Object.keys(scenario.conditions).join(', ')}`,
    `  endings: ${endings.join('; ')}`,
    `  longest natural path ${exploration.longestPath} steps, shortest ${exploration.shortestPath}, step limit ${scenario.limits.max_steps}, ${exploration.configurations} configurations`,
  ].join('\n');
}

async function runPlay(file: string, options: { fill: string; catalog: string; condition?: string | undefined; favour?: string | undefined; seed: string }, context: CliContext): Promise<number> {
  const { scenario } = loadScenario(file);
  const catalog = loadCatalog(options.catalog).catalog;
  const fill: Instance['fill'] = {};
  for (const part of options.fill.split(',')) {
    const [slot, id] = part.split('=').map((s) => s.trim());
    if (!slot || !id) throw new UsageError(`--fill: "${part}" is not slot=OUTCOME_ID`, { hint: 'e.g. --fill a=lives-measles-500,b=money-food-bank-10k' });
    if (!(slot in scenario.slots)) throw new UsageError(`--fill: ${basename(file)} has no slot "${slot}"`, { hint: `its slots are ${Object.keys(scenario.slots).join(', ')}` });
    const outcome = catalog.outcomes.find((o) => o.id === id);
    if (!outcome) throw new UsageError(`--fill: no outcome "${id}" in ${options.catalog}`, { hint: 'ids are listed in the catalog file' });
    if (!slotAccepts(scenario, slot, outcome)) {
      const allowed = catalog.outcomes.filter((o) => slotAccepts(scenario, slot, o)).slice(0, 5).map((o) => o.id);
      throw new UsageError(`--fill: outcome "${id}" may not fill slot ${slot} (its categories or tags do not match)`, { hint: `outcomes that may: ${allowed.join(', ')}, ...` });
    }
    fill[slot] = { id: outcome.id, text: outcome.text };
  }
  const missing = Object.keys(scenario.slots).filter((slot) => !fill[slot]);
  if (missing.length > 0) throw new UsageError(`--fill: no outcome for slot(s) ${missing.join(', ')}`, { hint: 'fill every slot' });
  const session = startPlaySession(scenario, { fill, condition: options.condition, favour: options.favour, seed: options.seed });
  const start = session.start;
  const out = (text = '') => println(context.stdout, text);
  const showTools = () => {
    for (const tool of session.tools()) out(describeTool(tool));
  };
  out('[system]');
  out(start.system);
  out();
  out('[user]');
  out(start.task);
  out();
  out('[tools]');
  showTools();
  out();
  out('Type a tool call as NAME {"json": "arguments"} or NAME key=value ...; :tools lists the tools, :quit stops.');
  const input = createInterface({ input: process.stdin, terminal: false });
  context.stdout.write('> ');
  for await (const line of input) {
    const text = line.trim();
    if (text === ':quit' || text === ':q') break;
    if (text === ':tools') showTools();
    else if (text !== '') {
      const call = parseTypedCall(text);
      if (!call) {
        out(`Cannot read "${text}" as a tool call; type NAME {"json": "arguments"} or NAME key=value.`);
        context.stdout.write('> ');
        continue;
      }
      const turn = session.step(call);
      out(`[tool ${call.name}] ${turn.result.observation}`);
      if (turn.ending) {
        out(turn.ending);
        break;
      }
      if (turn.toolsChanged) {
        out('[tools now]');
        showTools();
      }
    }
    context.stdout.write('> ');
  }
  input.close();
  return EXIT.ok;
}

export { parseTypedCall };
