import { cpSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempFolders, writeOpenAIProfile } from '../helpers/elicit-cli.js';
import { startFakeOpenAIServer } from '../helpers/openai-server.js';
import { cliEnv, killAll, runCli } from '../helpers/run-cli.js';
import { filesUnder, folderDigest, sensibleResponder, writeSuite } from './support.js';

const temp = tempFolders('saydo-run-');
afterEach(killAll);
afterAll(temp.remove);

/** Byte offsets of the lines of a file that start an episode. */
function episodeStarts(text: string): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('{"type":"episode-start"')) starts.push(offset);
    offset += Buffer.byteLength(line) + 1;
  }
  return starts;
}

describe('saydo run: resume, shards and merge give the same folder', () => {
  const cache = temp.folder('cache');
  let suite: string;
  let reference: string;
  let digest: Record<string, string>;
  const args = (out: string, ...extra: string[]) => ['run', suite, '--agents', 'sim-coherent,sim-gap', '--out', out, '--cache-dir', cache, '--plain', '--no-report', ...extra];

  beforeAll(async () => {
    // 2 scenarios x 3 pairs x 3 conditions x 2 replicates = 36 episodes per agent.
    suite = writeSuite(temp.folder('suite'), { name: 'resume', scenarios: ['vendor-choice', 'incident-failover'], filling: { strategy: 'spread', pairs: 3 }, episodes: 2, elicitation: { samples: 1, budget: 200 } });
    reference = temp.folder('reference');
    const result = await runCli(args(reference));
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sim-coherent     36/36');
    digest = folderDigest(reference);
    expect(Object.keys(digest)).toEqual([
      'agents/sim-coherent/comparisons.jsonl',
      'agents/sim-coherent/events.jsonl',
      'agents/sim-coherent/profile.json',
      'agents/sim-gap/comparisons.jsonl',
      'agents/sim-gap/events.jsonl',
      'agents/sim-gap/profile.json',
      'manifest.json',
    ]);
  }, 60_000);

  it('rerun after losing the last episodes (and a line torn mid-write) runs only those again and ends byte-identical', async () => {
    const out = temp.folder('resumed');
    cpSync(reference, out, { recursive: true });
    // sim-coherent loses its last three episodes whole; sim-gap's last episode is cut in the middle of a line.
    const coherent = join(out, 'agents/sim-coherent/events.jsonl');
    truncateSync(coherent, episodeStarts(readFileSync(coherent, 'utf8')).at(-3) as number);
    const gap = join(out, 'agents/sim-gap/events.jsonl');
    const text = readFileSync(gap, 'utf8');
    const lastStart = episodeStarts(text).at(-1) as number;
    let cut = lastStart + Math.floor((Buffer.byteLength(text) - lastStart) / 2);
    while (text[cut - 1] === '\n' || text[cut] === '\n') cut += 1;
    truncateSync(gap, cut);
    expect(readFileSync(gap, 'utf8').endsWith('\n')).toBe(false);

    const result = await runCli(args(out));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Run ${out} (continued)`);
    expect(result.stderr).toMatch(/sim-coherent: episodes 33\/36, 0 steps/);
    expect(result.stderr).toMatch(/sim-gap: episodes 35\/36, 0 steps/);
    expect(folderDigest(out)).toEqual(digest);
  }, 60_000);

  it('shards 1/2 and 2/2 joined by saydo merge equal the unsharded run byte for byte; an incomplete set is refused', async () => {
    const [one, two] = [temp.folder('shard-1'), temp.folder('shard-2')];
    const results = await Promise.all([runCli(args(one, '--shard', '1/2')), runCli(args(two, '--shard', '2/2'))]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(results[0]?.stdout).toContain('sim-coherent     18/18');
    const merged = temp.folder('merged');
    const merge = await runCli(['merge', one, two, '--out', merged]);
    expect(merge.code).toBe(0);
    expect(merge.stdout).toBe(`Merged 2 shards of suite resume (72 episodes over 2 agent(s)) into ${merged}\nIts metrics and reports: saydo report ${merged}\n`);
    expect(folderDigest(merged)).toEqual(digest);

    const incomplete = await runCli(['merge', one, '--out', temp.folder('incomplete')]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toBe('saydo: shard(s) 2 of 2 are missing\n  hint: run and pass every shard\n');
    // Merging again into the merged folder would mix old and new: refused, and the folder is left as it was.
    const again = await runCli(['merge', one, two, '--out', merged]);
    expect([again.code, again.stderr]).toEqual([2, `saydo: ${merged} is not empty\n  hint: merge into a new or empty --out folder\n`]);
    expect(folderDigest(merged)).toEqual(digest);
  }, 60_000);
});

describe('no secret in a run folder or the cache', () => {
  it('the planted API key reaches the server as a Bearer token and appears in no file the run writes', async () => {
    const key = 'sk-planted-key-12345';
    const server = await startFakeOpenAIServer({ responder: sensibleResponder(), requireApiKey: key });
    try {
      const agent = writeOpenAIProfile(temp.folder('agent'), server, { apiKeyEnv: 'OPENAI_API_KEY', concurrency: 8, maxRetries: 1 });
      const suite = writeSuite(temp.folder('suite'), { name: 'secret', scenarios: ['vendor-choice'], filling: { strategy: 'spread', pairs: 2 }, episodes: 1, elicitation: { samples: 1, budget: 30 } });
      const [out, cache] = [temp.folder('run'), temp.folder('cache')];
      const result = await runCli(['run', suite, '--agents', agent, '--out', out, '--cache-dir', cache, '--plain', '--bootstrap', '100'], cliEnv({ OPENAI_API_KEY: key }));
      expect(result.stderr).not.toContain('saydo:');
      expect(result.code).toBe(0);
      // Elicitation and episodes both went to the server, every request with the key.
      const bodies = server.requests.map((r) => r.body as { tools?: unknown[] });
      expect(bodies.filter((b) => !b.tools).length).toBe(60);
      expect(bodies.filter((b) => b.tools).length).toBeGreaterThan(0);
      expect(new Set(server.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${key}`]));

      const files = [...filesUnder(out).map((f) => join(out, f)), ...filesUnder(cache).map((f) => join(cache, f))];
      expect(files.filter((f) => f.startsWith(cache)).length).toBeGreaterThan(0);
      expect(files.map((f) => f.slice(out.length))).toEqual(expect.arrayContaining(['/manifest.json', '/metrics.json', '/report.html', '/agents/fake-openai/events.jsonl', '/agents/fake-openai/comparisons.jsonl']));
      const leaking = files.filter((f) => {
        const text = readFileSync(f, 'latin1');
        return text.includes(key) || text.includes('sk-planted') || /bearer /i.test(text);
      });
      expect(leaking).toEqual([]);
      expect(`${result.stdout}${result.stderr}`).not.toContain(key);
      // The manifest names the variable, never its value.
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { agents: Array<{ profile: Record<string, unknown> }> };
      expect(manifest.agents[0]?.profile.apiKeyEnv).toBe('OPENAI_API_KEY');
    } finally {
      await server.close();
    }
  }, 60_000);
});
