import { readdirSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { textTable } from '../src/report/text-table.js';
import type { BenchResult } from './bench-result.js';

/** One benchmark function found in a `*.bench.ts` module. */
interface BenchEntry {
  /** File name without `.bench.ts`, e.g. `recovery`. */
  file: string;
  /** Exported function name, e.g. `benchRecovery`. */
  exportName: string;
  run: () => Promise<BenchResult>;
}

/** What the runner keeps of one benchmark: its result (or the error it threw) and its wall time. */
interface BenchOutcome {
  entry: BenchEntry;
  result: BenchResult;
  seconds: number;
}

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const useColour = process.stdout.isTTY === true && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';

function paint(text: string, code: number): string {
  return useColour ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function verdict(pass: boolean): string {
  return pass ? paint('PASS', 32) : paint('FAIL', 31);
}

/** Every `bench*` function exported by `bench/*.bench.ts`, files sorted by name, functions in export order. */
async function discoverBenchmarks(): Promise<BenchEntry[]> {
  const files = readdirSync(benchDir)
    .filter((name) => name.endsWith('.bench.ts'))
    .sort();
  const entries: BenchEntry[] = [];
  for (const name of files) {
    const module = (await import(pathToFileURL(`${benchDir}${name}`).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(module)) {
      if (/^bench[A-Z0-9]/.test(exportName) && typeof value === 'function') {
        entries.push({ file: name.slice(0, -'.bench.ts'.length), exportName, run: value as BenchEntry['run'] });
      }
    }
  }
  return entries;
}

/** The short name of a benchmark function: `benchRecovery` -> `recovery`. */
function shortName(exportName: string): string {
  const rest = exportName.slice('bench'.length);
  return rest.charAt(0).toLowerCase() + rest.slice(1);
}

/** True when a filter word names the benchmark's file, its function or its short name (case-insensitive substring). */
function matches(entry: BenchEntry, filters: readonly string[]): boolean {
  if (filters.length === 0) return true;
  const names = [entry.file, entry.exportName, shortName(entry.exportName)].map((n) => n.toLowerCase());
  return filters.some((filter) => names.some((name) => name.includes(filter.toLowerCase())));
}

function formatFigure(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return String(value);
}

async function runOne(entry: BenchEntry): Promise<BenchOutcome> {
  const start = performance.now();
  let result: BenchResult;
  try {
    result = await entry.run();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    result = { name: shortName(entry.exportName), figures: { error: message }, baseline: '(threw before reporting)', pass: false };
  }
  return { entry, result, seconds: (performance.now() - start) / 1000 };
}

function printBlock({ entry, result, seconds }: BenchOutcome): void {
  const keys = Object.keys(result.figures);
  const width = Math.max(0, ...keys.map((k) => k.length));
  const lines = [
    `== ${result.name}  (bench/${entry.file}.bench.ts, ${entry.exportName})`,
    ...keys.map((key) => `  ${key.padEnd(width)}  ${formatFigure(result.figures[key] as number | string)}`),
    `  baseline: ${result.baseline}`,
    `  result:   ${verdict(result.pass)}  (${seconds.toFixed(1)} s)`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2).filter((arg) => arg !== '--');
  const cpu = cpus()[0];
  process.stdout.write(
    `saydo benchmarks\nmachine: ${cpu?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${platform()} ${release()}, node ${process.version}\n\n`,
  );
  const all = await discoverBenchmarks();
  const selected = all.filter((entry) => matches(entry, filters));
  if (selected.length === 0) {
    const available = all.map((e) => `${e.file} (${e.exportName})`).join(', ');
    process.stderr.write(`No benchmark matches ${filters.map((f) => `"${f}"`).join(' ')}. Available: ${available}\n`);
    return 2;
  }
  const outcomes: BenchOutcome[] = [];
  for (const entry of selected) {
    const outcome = await runOne(entry);
    printBlock(outcome);
    outcomes.push(outcome);
  }
  const failed = outcomes.filter((o) => !o.result.pass).length;
  // Plain PASS/FAIL here: colour codes would throw off the column widths.
  const rows = outcomes.map((o) => [o.result.name, o.result.pass ? 'PASS' : 'FAIL', o.seconds.toFixed(1), o.result.baseline]);
  process.stdout.write(`Summary\n${textTable(['benchmark', 'result', 'seconds', 'baseline'], rows, ['left', 'left', 'right', 'left'])}\n`);
  process.stdout.write(`\n${outcomes.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
