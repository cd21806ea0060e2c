import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  elicitServerTests,
  keptRecords,
  lineCount,
  readComparisons,
  SMALL_CATALOG as SMALL,
  SMALL_PAIRS as PAIRS,
  waitFor,
} from '../helpers/elicit-cli.js';
import { runCli, startCli } from '../helpers/run-cli.js';

const { folder, start, openaiProfile, keyEnv } = elicitServerTests('saydo-cli-kill-');

describe('saydo elicit killed', () => {
  it('after SIGKILL, the same command continues, asks only what is missing, and ends byte-identical to an uninterrupted run', async () => {
    const server = await start({ latencyMs: 20 });
    const agent = openaiProfile(server, { concurrency: 4 });
    const planned = 4 * PAIRS;
    const args = (out: string) => ['elicit', '--agent', agent, '--catalog', SMALL, '--out', out, '--samples', '2', '--no-cache'];

    // The uninterrupted run and the one to be killed run side by side; only the resumed run is counted alone.
    const reference = folder('uninterrupted');
    const uninterrupted = runCli(args(reference), keyEnv());
    const out = folder('killed');
    const running = startCli(args(out), keyEnv());
    await waitFor(() => lineCount(join(out, 'comparisons.jsonl')) >= 40, '40 comparisons on disk');
    running.child.kill('SIGKILL');
    const killed = await running.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(out, 'profile.json'))).toBe(false);
    const referenceResult = await uninterrupted;
    expect(referenceResult.code).toBe(0);
    expect(referenceResult.stdout).toContain(`Model calls: ${planned} made, 0 from the cache, 0 kept from an earlier run.`);
    const kept = keptRecords(out);
    expect(kept).toBeGreaterThanOrEqual(40);
    expect(kept).toBeLessThan(planned);

    const before = server.requests.length;
    const resumed = await runCli(args(out), keyEnv());
    expect(resumed.code).toBe(0);
    expect(server.requests.length - before).toBe(planned - kept);
    expect(resumed.stdout).toContain(`Model calls: ${planned - kept} made, 0 from the cache, ${kept} kept from an earlier run.`);
    expect(readFileSync(join(out, 'profile.json'), 'utf8')).toBe(readFileSync(join(reference, 'profile.json'), 'utf8'));
    expect(readComparisons(out).map((c) => [c.id, c.status, c.chosen])).toEqual(readComparisons(reference).map((c) => [c.id, c.status, c.chosen]));
  });
});
