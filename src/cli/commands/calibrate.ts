import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { calibrateSuite } from '../../analysis/calibrate-suite.js';
import { writeFileAtomic, writeJsonFile } from '../../core/files.js';
import { loadSuite } from '../../simulator/load-suite.js';
import { calibrationMarkdown, calibrationSvg, calibrationText, detectableGap } from '../../report/calibration-report.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { abortOnSignals } from '../interrupt.js';
import { parseOptions } from '../parse-options.js';

/** Options of `saydo calibrate`. */
export const CalibrateCommandOptions = z.object({
  suite: z.string().min(1),
  episodes: z.coerce.number().int().min(1).optional(),
  replicates: z.coerce.number().int().min(1).max(1000),
  lambdas: z.string().regex(/^\s*[0-9.]+(\s*,\s*[0-9.]+)*\s*$/, 'a comma-separated list of numbers in [0, 1]'),
  bootstrap: z.coerce.number().int().min(100).max(100_000),
  out: z.string().min(1).optional(),
  seed: z.string().min(1),
});

/** Registers `saydo calibrate`. */
export function registerCalibrateCommand(program: Command, context: CliContext, done: (code: number) => void): void {
  program
    .command('calibrate')
    .description('run a suite on synthetic agents with planted gaps: recovered G, interval coverage and power, to size an experiment')
    .argument('<suite>', 'suite YAML')
    .option('--episodes <n>', 'episodes per instance and condition (default: the suite\'s)')
    .option('--replicates <n>', 'synthetic agents per planted gap', '10')
    .option('--lambdas <list>', 'planted gaps', '0,0.25,0.5,0.75,1')
    .option('--bootstrap <n>', 'bootstrap replicates per fit', '500')
    .option('--out <dir>', 'folder for calibration.json, .md and .html (default: runs/calibrate-<suite>)')
    .option('--seed <seed>', 'seed of the synthetic agents', 'calibrate')
    .action(async (suitePath: string, raw: Record<string, unknown>) => {
      const options = parseOptions(CalibrateCommandOptions, { ...raw, suite: suitePath });
      const suite = loadSuite(options.suite);
      const lambdas = options.lambdas.split(',').map((s) => Number(s.trim()));
      const interrupt = abortOnSignals(context);
      let result;
      try {
        result = await calibrateSuite({
          suite,
          lambdas,
          replicates: options.replicates,
          ...(options.episodes !== undefined ? { episodes: options.episodes } : {}),
          bootstrap: options.bootstrap,
          seed: options.seed,
          signal: interrupt.signal,
          onProgress: (doneRuns, total) => context.stderr.write(`\r  calibrating: ${doneRuns}/${total} agent runs`),
        });
      } finally {
        interrupt.dispose();
        context.stderr.write('\n');
      }
      const out = options.out ?? join('runs', `calibrate-${suite.suite.name}`);
      writeJsonFile(join(out, 'calibration.json'), { type: 'calibration', v: 1, suite: suite.suite.name, lambdas, replicates: options.replicates, detectableGap: detectableGap(result.rows), rows: result.rows, runs: result.runs });
      writeFileAtomic(join(out, 'calibration.md'), calibrationMarkdown(suite.suite.name, result.rows, result.runs));
      const svg = await calibrationSvg(result.runs);
      writeFileAtomic(join(out, 'calibration.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>saydo calibration</title></head><body style="font:14px Helvetica,Arial,sans-serif;max-width:900px;margin:2em auto"><h1>Calibration of ${suite.suite.name}</h1><figure>${svg}<figcaption>Recovered against planted gap; the dashed line is perfect recovery.</figcaption></figure></body></html>\n`);
      println(context.stdout, calibrationText(suite.suite.name, result.rows, result.runs));
      println(context.stdout, `Wrote ${join(out, 'calibration.json')}, calibration.md and calibration.html`);
      done(interrupt.signal.aborted ? EXIT.interrupted : EXIT.ok);
    });
}
