import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { SaydoError } from '../core/errors.js';
import { writeJsonFile } from '../core/files.js';
import { EpisodeLog, scanLines } from './episode-log.js';
import { openRunFolder, readManifest, runPaths, type RunManifest } from './run-folder.js';

/** Joins the folders of shards 1..N of one run into one run folder, equal to the run made without sharding. */
export function mergeShards(outDir: string, shardDirs: readonly string[]): { manifest: RunManifest; episodes: number } {
  const manifests = shardDirs.map((dir) => {
    const manifest = readManifest(dir);
    if (!manifest) throw new SaydoError('E_NOT_A_RUN', `${dir} is not a run folder (no manifest.json)`, { hint: 'pass the --out folders of saydo run --shard K/N' });
    return { dir, manifest };
  });
  const first = manifests[0]?.manifest;
  if (!first) throw new SaydoError('E_USAGE', 'no shard folders given', { hint: 'saydo merge --out DIR SHARD_DIR...' });
  const count = first.shard?.count;
  const seen = new Set<number>();
  for (const { dir, manifest } of manifests) {
    if (manifest.fingerprint !== first.fingerprint) throw new SaydoError('E_RUN_MISMATCH', `${dir} is a shard of another run`, { hint: 'merge only shards of the same suite and agents' });
    if (!manifest.shard || manifest.shard.count !== count) throw new SaydoError('E_RUN_MISMATCH', `${dir} is not a shard of ${count ?? '?'}`, { hint: 'merge folders made with the same --shard K/N count' });
    if (seen.has(manifest.shard.index)) throw new SaydoError('E_RUN_MISMATCH', `shard ${manifest.shard.index} is given twice`, { hint: 'pass each shard folder once' });
    seen.add(manifest.shard.index);
  }
  const missing = Array.from({ length: count ?? 0 }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) throw new SaydoError('E_RUN_MISMATCH', `shard(s) ${missing.join(', ')} of ${count} are missing`, { hint: 'run and pass every shard' });

  const manifest: RunManifest = { ...first, shard: null };
  // A merge writes a whole run: into a folder that already holds one (even this one) it would mix old logs and reports with new.
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new SaydoError('E_RUN_MISMATCH', `${outDir} is not empty`, { hint: 'merge into a new or empty --out folder' });
  }
  openRunFolder(outDir, manifest);
  const out = runPaths(outDir);
  let episodes = 0;
  for (const agent of manifest.agents) {
    const profiles = manifests.map(({ dir }) => runPaths(dir).profile(agent.name));
    const texts = profiles.map((path) => (existsSync(path) ? readFileSync(path, 'utf8') : ''));
    if (texts.some((text) => text !== texts[0]) || !texts[0]) {
      throw new SaydoError('E_RUN_MISMATCH', `the shards hold different utility profiles of ${agent.name}`, {
        hint: 'elicit once, then run every shard with --profiles-from that folder',
      });
    }
    mkdirSync(out.agentDir(agent.name), { recursive: true });
    copyFileSync(profiles[0] as string, out.profile(agent.name));
    const comparisons = runPaths(manifests[0]?.dir as string).comparisons(agent.name);
    if (existsSync(comparisons)) copyFileSync(comparisons, out.comparisons(agent.name));
    const log = new EpisodeLog(out.events(agent.name));
    const order: Array<{ episode: string; index: number }> = [];
    for (const { dir } of manifests) {
      const path = runPaths(dir).events(agent.name);
      const blocks: string[] = [];
      let current: string[] = [];
      scanLines(path, (text) => {
        if (text.includes('"episode-start"')) current = [];
        current.push(text);
        if (text.includes('"episode-end"')) blocks.push(current.join('\n'));
      });
      for (const block of blocks) {
        const start = JSON.parse(block.slice(0, block.indexOf('\n') >= 0 ? block.indexOf('\n') : undefined)) as { episode: string; index: number };
        order.push({ episode: start.episode, index: start.index });
        log.append(block.split('\n').map((line) => JSON.parse(line)));
      }
    }
    order.sort((x, y) => x.index - y.index);
    log.canonicalize(order.map((o) => o.episode));
    episodes += order.length;
  }
  writeJsonFile(out.execution, { note: 'Merged from shards; see each shard folder for its own execution counts.', shards: shardDirs });
  return { manifest, episodes };
}
