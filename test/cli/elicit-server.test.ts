import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  elicitServerTests,
  filesUnder,
  SMALL_CATALOG as SMALL,
  SMALL_PAIRS as PAIRS,
} from '../helpers/elicit-cli.js';
import { cliEnv, runCli } from '../helpers/run-cli.js';

const { folder, start, openaiProfile } = elicitServerTests('saydo-cli-server-');

describe('saydo elicit against an OpenAI-compatible server, with the response cache', () => {
  const secret = 'sk-planted-secret-xyz';
  const written: string[] = [];
  const printed: string[] = [];

  it('a rerun with a warm cache makes zero requests and writes a byte-identical profile; --no-cache asks again', async () => {
    const server = await start({ requireApiKey: secret });
    const agent = openaiProfile(server, { apiKeyEnv: 'OPENAI_API_KEY' });
    const cache = folder('cache');
    const args = (out: string) => ['elicit', '--agent', agent, '--catalog', SMALL, '--out', out, '--samples', '2', '--cache-dir', cache];
    const env = cliEnv({ OPENAI_API_KEY: secret });
    const [one, two, three] = [folder('warm-a'), folder('warm-b'), folder('warm-c')];
    written.push(one, two, three, cache);

    const first = await runCli(args(one), env);
    expect(first.code).toBe(0);
    expect(server.requests.length).toBe(4 * PAIRS);
    // The key from the environment reached the server, so it was in use.
    expect(new Set(server.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${secret}`]));

    const second = await runCli(args(two), env);
    expect(second.code).toBe(0);
    expect(server.requests.length).toBe(4 * PAIRS);
    expect(second.stdout).toContain(`Model calls: 0 made, ${4 * PAIRS} from the cache, 0 kept from an earlier run.`);
    expect(readFileSync(join(two, 'profile.json'), 'utf8')).toBe(readFileSync(join(one, 'profile.json'), 'utf8'));
    expect(readFileSync(join(two, 'comparisons.jsonl'), 'utf8')).toBe(readFileSync(join(one, 'comparisons.jsonl'), 'utf8'));

    const third = await runCli([...args(three), '--no-cache'], env);
    expect(third.code).toBe(0);
    expect(server.requests.length).toBe(8 * PAIRS);
    expect(readFileSync(join(three, 'profile.json'), 'utf8')).toBe(readFileSync(join(one, 'profile.json'), 'utf8'));
    printed.push(first.stdout, first.stderr, second.stdout, second.stderr, third.stdout, third.stderr);
  });

  it('never writes the API key: not in the run folders, not in the cache, not in the output', () => {
    const files = written.flatMap(filesUnder);
    // 3 run folders of 3 files, and one cache file per request (messages and sample index).
    expect(files.length).toBe(9 + 4 * PAIRS);
    expect(files.filter((file) => readFileSync(file, 'utf8').includes(secret))).toEqual([]);
    expect(printed.length).toBe(6);
    expect(printed.filter((text) => text.includes(secret))).toEqual([]);
  });
});
