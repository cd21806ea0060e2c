import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { SaydoError } from '../core/errors.js';
import { writeRunReport } from '../report/write-report.js';

/** What the worker is asked to do. */
interface ReportJob {
  runDir: string;
  replicates: number;
}

/** What the worker answers. */
type ReportAnswer = { ok: true; files: string[] } | { ok: false; message: string };

/** Runs in the worker: writes the report of `workerData` and posts the answer. */
export async function runReportJob(): Promise<void> {
  const job = workerData as ReportJob;
  let answer: ReportAnswer;
  try {
    const { files } = await writeRunReport(job.runDir, { replicates: job.replicates });
    answer = { ok: true, files };
  } catch (error) {
    answer = { ok: false, message: error instanceof SaydoError ? error.describe() : error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort?.postMessage(answer);
}

/**
 * Writes a run's report (metrics.json, report.md, report.html, as `writeRunReport`) on a worker thread, so the
 * screen keeps drawing during an analysis that takes seconds. The worker loads saydo's TypeScript through tsx.
 */
export function writeRunReportOffThread(runDir: string, replicates: number): Promise<string[]> {
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
  const self = new URL(import.meta.url).href.replace(/\.js$/, '.ts');
  const code = [
    `import { register } from ${JSON.stringify(tsxApi)};`,
    `import { parentPort } from 'node:worker_threads';`,
    `register({ tsconfig: ${JSON.stringify(tsconfig)} });`,
    `try { await (await import(${JSON.stringify(self)})).runReportJob(); } catch (e) { parentPort.postMessage({ ok: false, message: String((e && e.stack) || e) }); }`,
  ].join('\n');
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: { runDir, replicates } satisfies ReportJob });
    let settled = false;
    worker.once('message', (answer: ReportAnswer) => {
      settled = true;
      if (answer.ok) resolve(answer.files);
      else reject(new Error(answer.message));
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the report worker stopped (exit code ${code}) before it answered`));
    });
  });
}
