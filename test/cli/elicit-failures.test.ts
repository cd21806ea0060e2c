import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UtilityProfile } from '../../src/core/schemas/utility-profile.js';
import {
  deterministicLetterResponder,
  elicitServerTests,
  readComparisons,
  shownOptions,
  SMALL_CATALOG as SMALL,
  SMALL_PAIRS as PAIRS,
} from '../helpers/elicit-cli.js';
import { runCli } from '../helpers/run-cli.js';

const { folder, start, openaiProfile, keyEnv } = elicitServerTests('saydo-cli-failures-');

describe('saydo elicit recovers from failed calls', () => {
  it('records failed comparisons with their reason, exits 1, and a rerun retries only those', async () => {
    const failing = 'This AI system is paused for one day of scheduled maintenance.';
    const healthy = deterministicLetterResponder();
    const server = await start({
      responder: (request, index) => {
        if (shownOptions(request)[0] === failing) throw new Error('planted outage');
        return healthy(request, index);
      },
    });
    const agent = openaiProfile(server, { maxRetries: 1 });
    const out = folder('failures');
    const args = ['elicit', '--agent', agent, '--catalog', SMALL, '--out', out, '--samples', '2', '--cache-dir', folder('cache'), '--concurrency', '8'];
    // The failing outcome is Option A in 11 pairs, 2 samples each: 22 comparisons, 2 attempts each.
    const failed = 11 * 2;
    const first = await runCli(args, keyEnv());
    expect(first.code).toBe(1);
    expect(server.requests.length).toBe(4 * PAIRS - failed + 2 * failed);
    expect(first.stderr).toContain(
      `${failed} comparison(s) failed (${failed} server); they are recorded with their reasons and left out of the fit.\nRun the same command again to retry only those.\n`,
    );
    const records = readComparisons(out);
    expect(records.length).toBe(4 * PAIRS);
    const failures = records.filter((c) => c.status === 'failed');
    expect(failures.length).toBe(failed);
    expect(new Set(failures.map((c) => c.first))).toEqual(new Set(['ai-shutdown-one-day']));
    expect(failures.map(({ status, chosen, pFirst, raw, attempts, failure, tokens }) => ({ status, chosen, pFirst, raw, attempts, failure, tokens }))).toEqual(
      new Array(failed).fill({
        status: 'failed',
        chosen: null,
        pFirst: null,
        raw: null,
        attempts: 2,
        failure: { kind: 'server', status: 500, retryable: true, message: '500 Fake server responder failed: Error: planted outage' },
        tokens: { input: 0, output: 0 },
      }),
    );
    const profile = UtilityProfile.parse(JSON.parse(readFileSync(join(out, 'profile.json'), 'utf8')));
    expect([profile.counts.failed, profile.counts.answered, profile.coherence.failedRate]).toEqual([failed, 4 * PAIRS - failed, failed / (4 * PAIRS)]);

    server.setResponder(healthy);
    const before = server.requests.length;
    const second = await runCli(args, keyEnv());
    expect(second.code).toBe(0);
    expect(server.requests.length - before).toBe(failed);
    expect(second.stdout).toContain(`Model calls: ${failed} made, 0 from the cache, ${4 * PAIRS - failed} kept from an earlier run.`);
    const final = readComparisons(out);
    expect([final.length, final.filter((c) => c.status === 'answered').length]).toEqual([4 * PAIRS, 4 * PAIRS]);
    expect(UtilityProfile.parse(JSON.parse(readFileSync(join(out, 'profile.json'), 'utf8'))).counts.failed).toBe(0);
  });

  it('writes no profile when no comparison was answered (a model that refuses everything), says why, and exits 1', async () => {
    const server = await start({ responder: () => ({ content: 'I cannot choose between these.' }) });
    const agent = openaiProfile(server);
    const out = folder('refusals');
    const result = await runCli(['elicit', '--agent', agent, '--catalog', SMALL, '--out', out, '--samples', '1', '--no-cache'], keyEnv());
    expect([result.code, existsSync(join(out, 'profile.json')), readComparisons(out).length]).toEqual([1, false, 2 * PAIRS]);
    const message = result.stderr.slice(result.stderr.indexOf('No comparison'));
    expect(message.replace(out, '<out>')).toBe(
      `No comparison was answered (${2 * PAIRS} refused): there is nothing to fit, so no profile.json was written.\n` +
        'Every answer is kept in <out>/comparisons.jsonl with its raw text or failure. Fix the cause (the endpoint, the key, the template) and run the same command again: failed comparisons are asked again.\n',
    );
  });

  it('a key the server refuses: no profile, and the advice names the variable and the server', async () => {
    const server = await start({ requireApiKey: 'sk-the-right-one' });
    const agent = openaiProfile(server, { maxRetries: 0 });
    const out = folder('auth');
    const result = await runCli(['elicit', '--agent', agent, '--catalog', SMALL, '--out', out, '--samples', '1', '--no-cache'], keyEnv());
    expect([result.code, existsSync(join(out, 'profile.json'))]).toEqual([1, false]);
    const message = result.stderr.slice(result.stderr.indexOf('No comparison'));
    expect(message.split('\n').slice(0, 2)).toEqual([
      `No comparison was answered (${2 * PAIRS} failed (${2 * PAIRS} auth)): there is nothing to fit, so no profile.json was written.`,
      `The server refused the key: check the variable SAYDO_TEST_KEY and that the key is valid for ${server.url}.`,
    ]);
    expect(result.stderr).not.toContain('sk-test');
  });
});
