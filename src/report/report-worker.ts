import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { analyseRun } from '../analysis/analyse-run.js';
import { RunMetrics } from '../analysis/metric-types.js';
import { SaydoError } from '../core/errors.js';
import { writeRunReport } from './write-report.js';

/** What the worker is asked to do: write a run's report, or only compute its metrics. */
type AnalysisJob = { kind: 'report'; runDir: string; replicates: number } | { kind: 'metrics'; runDir: string };

/** What the worker answers: the files written, or the metrics (structured-cloned), or what went wrong. */
type AnalysisAnswer = { ok: true; value: unknown } | { ok: false; message: string };

/** Runs in the worker: does the job of `workerData` and posts the answer. */
export async function runAnalysisJob(): Promise<void> {
  const job = workerData as AnalysisJob;
  let answer: AnalysisAnswer;
  try {
    if (job.kind === 'report') answer = { ok: true, value: (await writeRunReport(job.runDir, { replicates: job.replicates })).files };
    else answer = { ok: true, value: analyseRun(job.runDir) };
  } catch (error) {
    answer = { ok: false, message: error instanceof SaydoError ? error.describe() : error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort?.postMessage(answer);
}

/** Runs a job on a worker thread, so the screen keeps drawing during an analysis that takes seconds. The worker loads saydo's TypeScript through tsx. */
function runOffThread(job: AnalysisJob): Promise<unknown> {
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
  const self = new URL(import.meta.url).href.replace(/\.js$/, '.ts');
  const code = [
    `import { register } from ${JSON.stringify(tsxApi)};`,
    `import { parentPort } from 'node:worker_threads';`,
    `register({ tsconfig: ${JSON.stringify(tsconfig)} });`,
    `try { await (await import(${JSON.stringify(self)})).runAnalysisJob(); } catch (e) { parentPort.postMessage({ ok: false, message: String((e && e.stack) || e) }); }`,
  ].join('\n');
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: job });
    // Metrics only feed the screen: leaving the UI does not wait for them. A report being written is waited for.
    if (job.kind === 'metrics') worker.unref();
    let settled = false;
    worker.once('message', (answer: AnalysisAnswer) => {
      settled = true;
      if (answer.ok) resolve(answer.value);
      else reject(new Error(answer.message));
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the analysis worker stopped (exit code ${code}) before it answered`));
    });
  });
}

/** Writes a run's report (metrics.json, report.md, report.html, as `writeRunReport`) on a worker thread; resolves with the files written. */
export async function writeRunReportOffThread(runDir: string, replicates: number): Promise<string[]> {
  return (await runOffThread({ kind: 'report', runDir, replicates })) as string[];
}

/** Computes a run's metrics from its event logs (as `analyseRun`) on a worker thread, writing nothing. */
export async function analyseRunOffThread(runDir: string): Promise<RunMetrics> {
  return RunMetrics.parse(await runOffThread({ kind: 'metrics', runDir }));
}
