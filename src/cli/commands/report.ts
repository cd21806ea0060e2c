import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { RunMetrics } from '../../analysis/metric-types.js';
import { formatHeadlineText } from '../../report/report-text.js';
import { writeRunReportOffThread } from '../../report/report-worker.js';
import { writeRunReport } from '../../report/write-report.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { parseOptions } from '../parse-options.js';

/** Options of `saydo report`. */
export const ReportCommandOptions = z.object({ run: z.string().min(1), bootstrap: z.coerce.number().int().min(100).max(100_000) });

/** Writes the report of a run folder and prints its headline (`saydo report`). */
export async function reportRun(runDir: string, replicates: number, context: CliContext): Promise<void> {
  const { metrics, files } = await writeRunReport(runDir, { replicates });
  printReport(metrics, files, context);
}

/**
 * The same at the end of `saydo run`, with the analysis on a worker thread: the run is complete on disk, so a Ctrl-C
 * now stops only the report, at once, and says how to write it later (a synchronous analysis would hold the signal).
 */
export async function reportFinishedRun(runDir: string, replicates: number, context: CliContext): Promise<void> {
  const stop = () => {
    println(context.stderr, `\nInterrupted while writing the report. The run in ${runDir} is complete; write its report with: saydo report ${runDir}`);
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const files = await writeRunReportOffThread(runDir, replicates);
    printReport(RunMetrics.parse(JSON.parse(readFileSync(join(runDir, 'metrics.json'), 'utf8'))), files, context);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function printReport(metrics: RunMetrics, files: readonly string[], context: CliContext): void {
  println(context.stdout, formatHeadlineText(metrics));
  println(context.stdout);
  println(context.stdout, `Wrote ${files.join(', ')}`);
}

/** Registers `saydo report`. */
export function registerReportCommand(program: Command, context: CliContext, done: (code: number) => void): void {
  program
    .command('report')
    .description('compute the metrics of a run folder: metrics.json, report.md, report.html, and the headline')
    .argument('<run>', 'run folder (the --out of saydo run)')
    .option('--bootstrap <n>', 'bootstrap replicates for intervals', '1000')
    .action(async (run: string, raw: Record<string, unknown>) => {
      const options = parseOptions(ReportCommandOptions, { ...raw, run });
      await reportRun(options.run, options.bootstrap, context);
      done(EXIT.ok);
    });
}
