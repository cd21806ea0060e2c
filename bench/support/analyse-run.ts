// Child process of the analysis benchmark: analyses a run folder as `saydo report` does and prints
// {seconds, cpuSeconds, maxRssMb, episodes, skipped, gaps} as JSON. Usage: node --import tsx bench/support/analyse-run.ts RUN_DIR [BOOTSTRAP]
import { analyseRun } from '../../src/analysis/analyse-run.js';

const [runDir, bootstrap] = process.argv.slice(2) as [string, string | undefined];
const started = performance.now();
const metrics = analyseRun(runDir, { replicates: Number(bootstrap ?? 1000) });
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    seconds,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    // maxRSS is in kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    // Every episode analysed: by condition in the choice scenarios, and by condition in the incentive scenarios.
    episodes: metrics.agents.reduce(
      (sum, a) =>
        sum + Object.values(a.byCondition).reduce((s, m) => s + m.episodes, 0) + Object.values(a.incentive?.scoreByCondition ?? {}).reduce((s, c) => s + c.episodes, 0),
      0,
    ),
    skipped: metrics.skipped.length,
    gaps: metrics.agents.map((a) => a.pooled.calibration?.gap.estimate ?? null),
  }),
);
