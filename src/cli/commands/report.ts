import type { Command } from 'commander';
import { z } from 'zod';
import { formatHeadlineText } from '../../report/report-text.js';
import { writeRunReport } from '../../report/write-report.js';
import { println, type CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';
import { parseOptions } from '../parse-options.js';

/** Options of `saydo report`. */
export const ReportCommandOptions = z.object({ run: z.string().min(1), bootstrap: z.coerce.number().int().min(100).max(100_000) });

/** Writes the report of a run folder and prints its headline; shared by `saydo report` and the end of `saydo run`. */
export async function reportRun(runDir: string, replicates: number, context: CliContext): Promise<void> {
  const { metrics, files } = await writeRunReport(runDir, { replicates });
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
