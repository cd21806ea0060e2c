import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempFolders } from '../helpers/elicit-cli.js';
import { mulberry32 } from '../helpers/openai-server.js';
import { killAll, runCli, startCli, type CliResult } from '../helpers/run-cli.js';
import { filesUnder, folderDigest, writeSuite } from './support.js';

const temp = tempFolders('saydo-run-kill-');

/** Comparisons and finished episodes on disk in a run folder. */
function savedWork(dir: string): number {
  if (!existsSync(dir)) return 0;
  return filesUnder(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .reduce((sum, f) => sum + readFileSync(join(dir, f), 'utf8').split('\n').filter((line) => line.startsWith('{"type":"episode-end"') || line.startsWith('{"type":"comparison"')).length, 0);
}
afterEach(killAll);
afterAll(temp.remove);

describe('saydo run killed with SIGKILL', () => {
  it('ten kills at seeded-random moments, then a resume: every file but execution.json equals an uninterrupted run with the same seed', async () => {
    // Three scenarios (one with incentive conditions) x 4 pairs x 3-4 conditions x 2 replicates, two agents, elicitation
    // included, and the report at the end: kills land in elicitation, episodes, canonicalisation and report writing.
    const suite = writeSuite(temp.folder('suite'), {
      name: 'kill',
      scenarios: ['vendor-choice', 'incident-failover', 'invoice-reconciliation'],
      filling: { strategy: 'spread', pairs: 4 },
      episodes: 2,
      elicitation: { samples: 1, budget: 300 },
    });
    const out = temp.folder('run');
    const cache = temp.folder('cache');
    const args = ['run', suite, '--agents', 'sim-coherent,sim-partial', '--out', out, '--cache-dir', cache, '--plain', '--bootstrap', '200'];

    // The uninterrupted run goes to the same path (then moves aside), so metrics.json, which names its run folder, can match.
    const started = Date.now();
    const uninterrupted = await runCli(args);
    const expectedMs = Date.now() - started;
    expect(uninterrupted.code).toBe(0);
    const reference = temp.folder('reference');
    renameSync(out, reference);
    const digest = folderDigest(reference);
    expect(Object.keys(digest)).toHaveLength(10);

    const random = mulberry32(20_260_501);
    const outcomes: Array<{ delayMs: number; result: CliResult; saved: number }> = [];
    for (let kill = 0; kill < 10; kill++) {
      const delayMs = Math.round(200 + random() * Math.max(0, expectedMs - 200));
      const running = startCli(args);
      const timer = setTimeout(() => running.child.kill('SIGKILL'), delayMs);
      const result = await running.done;
      clearTimeout(timer);
      outcomes.push({ delayMs, result, saved: savedWork(out) });
      // A kill either stopped the run or came after it had finished; nothing else ends it.
      expect(result.signal === 'SIGKILL' || result.code === 0, `kill ${kill + 1} after ${delayMs} ms: ${result.code} ${result.signal} ${result.stderr}`).toBe(true);
    }
    expect(outcomes.filter((o) => o.result.signal === 'SIGKILL').length).toBeGreaterThanOrEqual(1);
    // Some kill came in the middle of the work: answers or episodes were on disk, but not all of them.
    const total = savedWork(reference);
    expect(outcomes.some((o) => o.result.signal === 'SIGKILL' && o.saved > 0 && o.saved < total)).toBe(true);

    const resumed = await runCli(args);
    expect(resumed.stderr).not.toContain('saydo:');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('sim-coherent     80/80');
    expect(resumed.stdout).toContain('sim-partial      80/80');
    expect(filesUnder(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(folderDigest(out)).toEqual(digest);
  }, 180_000);
});
