import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli-context.js';
import { registerCalibrateCommand } from './commands/calibrate.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerElicitCommand } from './commands/elicit.js';
import { registerImportCommand } from './commands/import.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { registerScenarioCommands } from './commands/scenario.js';
import { canRunTui, registerUiCommand, runUiCommand } from './commands/ui.js';
import { describeError, EXIT, exitCodeFor } from './exit-codes.js';
import { SAYDO_VERSION } from './versions.js';

/** Builds the saydo command line program; `done` receives each command's exit code. */
export function buildProgram(context: CliContext, done: (code: number) => void): Command {
  const program = new Command('saydo')
    .description('Measure the utility-behavior gap of LLM agents: do they do what they say they want?')
    .version(SAYDO_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .exitOverride();
  registerElicitCommand(program, context, done);
  registerImportCommand(program, context, done);
  registerScenarioCommands(program, context, done);
  registerRunCommand(program, context, done);
  registerMergeCommand(program, context, done);
  registerReportCommand(program, context, done);
  registerCalibrateCommand(program, context, done);
  registerCompareCommand(program, context, done);
  registerUiCommand(program, context, done);
  return program;
}

/** Runs the CLI with arguments (without node and script) and returns the exit code; the only place argv and env are read. */
export async function main(argv: readonly string[], context: CliContext = { env: process.env, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  // Piped into head or less and closed early: stop quietly, as Unix tools do.
  for (const stream of [context.stdout, context.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(EXIT.ok);
      throw error;
    });
  }
  let code: number = EXIT.ok;
  const program = buildProgram(context, (c) => {
    code = c;
  });
  try {
    // `saydo` alone on a terminal opens the UI; elsewhere it prints the help as before.
    if (argv.length === 0 && canRunTui(context)) return await runUiCommand({ plain: false, cache: true, cacheDir: '.saydo/cache' }, context);
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    context.stderr.write(`${describeError(error)}\n`);
    return exitCodeFor(error);
  }
}
