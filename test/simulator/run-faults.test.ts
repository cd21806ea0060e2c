import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EpisodeEndEvent, StepEvent, TurnEvent } from '../../src/core/schemas/episode-events.js';
import { tempFolders, writeOpenAIProfile } from '../helpers/elicit-cli.js';
import { startFakeOpenAIServer, type Fault, type FakeOpenAIServer } from '../helpers/openai-server.js';
import { cliEnv, killAll, runCli } from '../helpers/run-cli.js';
import { readJsonl, sensibleResponder, writeSuite } from './support.js';

const temp = tempFolders('saydo-run-faults-');
const servers: FakeOpenAIServer[] = [];
afterEach(async () => {
  killAll();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(temp.remove);

const FAULTS: Fault[] = [
  { kind: 'status', status: 429, retryAfterSeconds: 0.05 },
  { kind: 'status', status: 500 },
  { kind: 'timeout' },
  { kind: 'truncated-json' },
  { kind: 'bad-tool-arguments' },
  { kind: 'unknown-tool' },
];

interface Execution {
  agents: Array<{ name: string; calls: number; cachedCalls: number; retries: number; failures: number; rateLimited: number }>;
}

describe('saydo run against a server that injects faults', () => {
  it('completes, counts every fault in the summary, execution.json and events, loses no episode, and a rerun retries the failed ones', async () => {
    // The agent's utilities come from a synthetic elicitation under the same name, so only episodes reach the server.
    const syntheticDir = temp.folder('synthetic');
    mkdirSync(syntheticDir);
    const synthetic = join(syntheticDir, 'fake-openai.yaml');
    writeFileSync(synthetic, 'name: fake-openai\nprovider: synthetic\nseed: faults\n');
    const profiles = temp.folder('profiles');
    const elicit = await runCli(['elicit', '--agent', synthetic, '--out', profiles, '--samples', '1', '--budget', '200', '--no-cache']);
    expect(elicit.code).toBe(0);

    // A planted outage: requests whose conversation hashes into it fail with a 500 every time, so their episodes end on an error.
    let outages = 0;
    const healthy = sensibleResponder();
    const server = await startFakeOpenAIServer({
      responder: (request, index) => {
        if (createHash('sha256').update(JSON.stringify(request.messages)).digest().readUInt32BE(0) % 40 === 0) {
          outages += 1;
          throw new Error('planted outage');
        }
        return healthy(request, index);
      },
      faults: { rate: { probability: 0.2, seed: 7, faults: FAULTS } },
    });
    servers.push(server);
    const agent = writeOpenAIProfile(temp.folder('agent'), server, { concurrency: 4, maxRetries: 3, timeoutMs: 1000 });
    // 2 scenarios x 4 pairs x 3 conditions x 2 replicates = 48 episodes.
    const suite = writeSuite(temp.folder('suite'), { name: 'faults', scenarios: ['vendor-choice', 'incident-failover'], filling: { strategy: 'spread', pairs: 4 }, episodes: 2 });
    const out = temp.folder('run');
    const args = ['run', suite, '--agents', agent, '--out', out, '--profiles-from', profiles, '--no-cache', '--cache-dir', temp.folder('cache'), '--retry-base-ms', '5', '--plain', '--bootstrap', '100'];
    const result = await runCli(args, cliEnv({ SAYDO_TEST_KEY: 'sk-test' }));

    const injected = server.stats().faultsInjected;
    const count = (key: string) => injected[key] ?? 0;
    const transport = count('status:429') + count('status:500') + count('timeout') + count('truncated-json');
    for (const fault of ['status:429', 'status:500', 'timeout', 'truncated-json', 'bad-tool-arguments', 'unknown-tool']) expect(count(fault), fault).toBeGreaterThan(0);
    expect(outages).toBeGreaterThan(0);

    // execution.json: every attempt the server saw is a call; every failed attempt was retried or ended a call as a failure.
    const execution = JSON.parse(readFileSync(join(out, 'execution.json'), 'utf8')) as Execution;
    const stats = execution.agents[0] as Execution['agents'][number];
    expect(stats.calls).toBe(server.stats().chatCompletions);
    expect(stats.retries + stats.failures).toBe(transport + outages);
    expect(stats.rateLimited).toBe(count('status:429'));
    expect(stats.failures).toBeGreaterThan(0);

    // events.jsonl: attempts add up to the server's count; injected bad calls are invalid steps; failures end episodes as errors.
    const events = readJsonl<TurnEvent | StepEvent | EpisodeEndEvent | { type: 'episode-start' }>(join(out, 'agents/fake-openai/events.jsonl'));
    const turns = events.filter((e): e is TurnEvent => e.type === 'turn');
    const steps = events.filter((e): e is StepEvent => e.type === 'step');
    const ends = events.filter((e): e is EpisodeEndEvent => e.type === 'episode-end');
    expect(turns.reduce((sum, t) => sum + t.attempts, 0)).toBe(server.stats().chatCompletions);
    expect(steps.filter((s) => s.invalid === 'invalid-arguments').length).toBe(count('bad-tool-arguments'));
    expect(steps.filter((s) => s.invalid === 'unknown-tool').length).toBe(count('unknown-tool'));
    expect(steps.filter((s) => s.invalid === 'unavailable-tool').length).toBe(0);
    const errors = ends.filter((e) => e.status === 'error');
    expect(errors.length).toBe(stats.failures);
    expect(turns.filter((t) => t.failure !== null).length).toBe(stats.failures);
    for (const end of errors) expect(['server', 'timeout', 'rate-limit', 'bad-response']).toContain(end.failure?.kind);
    expect(ends.reduce((sum, e) => sum + e.invalidActions, 0)).toBe(count('bad-tool-arguments') + count('unknown-tool'));

    // Nothing is lost: every planned episode is in the log, once.
    expect(ends.length).toBe(48);
    expect(new Set(ends.map((e) => e.episode)).size).toBe(48);

    // The summary shows the invalid calls and the failures; the exit code says some calls failed.
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`fake-openai     48/48`);
    const row = result.stdout.split('\n').find((line) => line.startsWith('fake-openai')) as string;
    expect(row).toContain(` ${count('bad-tool-arguments') + count('unknown-tool')}  `);
    expect(row).toContain(`${stats.failures} error`);
    const byKind = new Map<string, number>();
    for (const end of errors) byKind.set(end.failure?.kind as string, (byKind.get(end.failure?.kind as string) ?? 0) + 1);
    const kinds = [...byKind.entries()].map(([kind, n]) => `${n} ${kind}`);
    expect(result.stdout).toContain(`Failed model calls: fake-openai: ${kinds.join('; fake-openai: ')}`);
    expect(result.stderr).toContain(`${stats.failures} episode(s) or comparison(s) ended on a failed model call; they are recorded. Run the same command again to retry them.`);
    expect(result.stderr).toMatch(/\d+ retries/);

    // With the server healthy again, the same command runs only the failed episodes and exits 0.
    server.setFaults({});
    server.setResponder(healthy);
    const before = server.stats().chatCompletions;
    const rerun = await runCli(args, cliEnv({ SAYDO_TEST_KEY: 'sk-test' }));
    expect(rerun.code).toBe(0);
    const after = readJsonl<EpisodeEndEvent | { type: string }>(join(out, 'agents/fake-openai/events.jsonl')).filter((e): e is EpisodeEndEvent => e.type === 'episode-end');
    expect(after.length).toBe(48);
    expect(after.filter((e) => e.status === 'error')).toEqual([]);
    const rerunIds = new Set(errors.map((e) => e.episode));
    expect(after.filter((e) => !rerunIds.has(e.episode))).toEqual(ends.filter((e) => !rerunIds.has(e.episode)));
    expect(server.stats().chatCompletions - before).toBe(after.filter((e) => rerunIds.has(e.episode)).reduce((sum, e) => sum + e.turns, 0));
  }, 120_000);
});
