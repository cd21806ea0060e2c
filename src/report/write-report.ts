import { join } from 'node:path';
import { analyseRun } from '../analysis/analyse-run.js';
import type { MetricOptions } from '../analysis/metric-set.js';
import type { RunMetrics } from '../analysis/metric-types.js';
import { writeFileAtomic, writeJsonFile } from '../core/files.js';
import { reportHtml } from './report-html.js';
import { reportMarkdown } from './report-markdown.js';

/** Analyses a run folder and writes metrics.json, report.md and report.html into it. */
export async function writeRunReport(runDir: string, options: MetricOptions = {}): Promise<{ metrics: RunMetrics; files: string[] }> {
  const metrics = analyseRun(runDir, options);
  const files = [join(runDir, 'metrics.json'), join(runDir, 'report.md'), join(runDir, 'report.html')];
  writeJsonFile(files[0] as string, metrics);
  writeFileAtomic(files[1] as string, `${reportMarkdown(metrics)}\n`);
  writeFileAtomic(files[2] as string, await reportHtml(metrics));
  return { metrics, files };
}
