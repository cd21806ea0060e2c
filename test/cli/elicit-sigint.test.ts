import { existsSync } from 'node:fs';
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

const { folder, start, openaiProfile, keyEnv } = elicitServerTests('saydo-cli-sigint-');

describe('saydo elicit interrupted by Ctrl-C', () => {
  it('on SIGINT stops with exit code 130, says to rerun, and the rerun completes', async () => {
    const server = await start({ latencyMs: 20 });
    const agent = openaiProfile(server, { concurrency: 4 });
    const out = folder('sigint');
    const args = ['elicit', '--agent', agent, '--catalog', SMALL, '--out', out, '--samples', '2', '--cache-dir', folder('cache')];
    const running = startCli(args, keyEnv());
    await waitFor(() => lineCount(join(out, 'comparisons.jsonl')) >= 30, '30 comparisons on disk');
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('Interrupted: stopping, keeping every finished answer');
    expect(stopped.stderr).toMatch(/Stopped after \d+ of 264 comparisons; they are kept in .*comparisons\.jsonl\.\nRun the same command again to continue where it stopped\.\n$/);
    expect(existsSync(join(out, 'profile.json'))).toBe(false);
    // Every comparison it reports as done is on disk, answered; an aborted call is not recorded at all.
    const kept = keptRecords(out);
    expect(stopped.stderr).toContain(`Stopped after ${kept} of 264 comparisons`);
    expect(readComparisons(out).map((c) => c.status)).toEqual(new Array(kept).fill('answered'));

    const resumed = await runCli(args, keyEnv());
    expect(resumed.code).toBe(0);
    const calls = /Model calls: (\d+) made, (\d+) from the cache, (\d+) kept from an earlier run\./.exec(resumed.stdout);
    expect(calls?.slice(1).map(Number)).toEqual([expect.any(Number), expect.any(Number), kept]);
    expect(Number(calls?.[1]) + Number(calls?.[2])).toBe(4 * PAIRS - kept);
    expect(readComparisons(out).length).toBe(4 * PAIRS);
  });
});
