import type { Command } from 'commander';
import { z } from 'zod';
import { projectPlainText } from '../../tui/plain.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { parseOptions } from '../parse-options.js';
import { recordedVersions } from '../versions.js';

/** Options of `saydo ui`. */
export const UiCommandOptions = z.object({
  plain: z.boolean(),
  cacheDir: z.string().min(1),
  cache: z.boolean(),
});
export type UiCommandOptions = z.infer<typeof UiCommandOptions>;

/** Whether the terminal UI can run: input and output are both a terminal. */
export function canRunTui(context: CliContext): boolean {
  return context.stdout.isTTY === true && process.stdin.isTTY === true;
}

/** Registers `saydo ui`. */
export function registerUiCommand(program: Command, context: CliContext, done: (code: number) => void): void {
  program
    .command('ui')
    .description('the terminal UI: suites, scenarios, agents and runs; start, watch and read runs (plain lines off a terminal)')
    .option('--plain', 'print the suites, scenarios, agents and runs as plain lines instead', false)
    .option('--no-cache', 'runs started here neither read nor write the response cache')
    .option('--cache-dir <dir>', 'response cache folder of runs started here', '.saydo/cache')
    .action(async (raw: Record<string, unknown>) => {
      done(await runUiCommand(parseOptions(UiCommandOptions, raw), context));
    });
}

/** Variables by which Ink decides, once as it loads, that it runs in CI and must draw only the last frame. */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/**
 * Loads Ink and React (only when the UI really starts) as for an interactive terminal. Both ends are terminals here,
 * so a `CI` variable left in the environment (a CI shell, a tmux started from one) must not turn the UI into a blank
 * screen that draws only when it exits; the variables are hidden while Ink loads and put back at once.
 */
async function importTuiInteractive(): Promise<typeof import('../../tui/start-tui.js')> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const [name] of saved) delete process.env[name];
  try {
    return await import('../../tui/start-tui.js');
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/** Runs `saydo ui` (also `saydo` with no arguments on a terminal) and returns its exit code. */
export async function runUiCommand(options: UiCommandOptions, context: CliContext): Promise<number> {
  if (options.plain || !canRunTui(context)) {
    println(context.stdout, projectPlainText('.'));
    return EXIT.ok;
  }
  const { startTui } = await importTuiInteractive();
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  // Ctrl-C reaches the UI as a key (raw mode); a signal sent from outside closes it the same careful way.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  try {
    return await startTui({
      root: '.',
      services: { env: context.env, versions: recordedVersions(), cacheDir: options.cache ? options.cacheDir : null },
      noColor: context.env.NO_COLOR !== undefined && context.env.NO_COLOR !== '',
      stdin: process.stdin,
      stdout: context.stdout as NodeJS.WriteStream,
      stderr: context.stderr as NodeJS.WriteStream,
      signal: stop.signal,
    });
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}
