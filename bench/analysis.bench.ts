import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAgentProfile } from '../src/agents/agent-profiles.js';
import { createModelCaller } from '../src/agents/create-model-caller.js';
import { scanLines } from '../src/simulator/episode-log.js';
import { loadSuite } from '../src/simulator/load-suite.js';
import { runSuite } from '../src/simulator/run-suite.js';
import type { BenchResult } from './bench-result.js';

const SUITE = 'scenarios/suites/demo.yaml';
const AGENTS = ['sim-coherent', 'sim-gap'];
const TARGET_STEPS = 1_000_000;

/** One episode of a real log: its lines, and what renaming needs. */
interface Block {
  lines: string[];
  episode: string;
  instanceId: string;
  index: number;
  replicate: number;
  steps: number;
}

function readBlocks(path: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  scanLines(path, (text) => {
    if (text.startsWith('{"type":"episode-start"')) {
      const start = JSON.parse(text) as { episode: string; instanceId: string; index: number; replicate: number };
      current = { lines: [], episode: start.episode, instanceId: start.instanceId, index: start.index, replicate: start.replicate, steps: 0 };
    }
    if (!current) return;
    current.lines.push(text);
    if (text.startsWith('{"type":"step"')) current.steps += 1;
    if (text.startsWith('{"type":"episode-end"')) {
      blocks.push(current);
      current = undefined;
    }
  });
  return blocks;
}

/**
 * Writes a run folder of at least `target` steps in the real log schema: the manifest and profiles of a small real run,
 * and its episode blocks copied over and over as further replicates (new episode ids, indices and replicate numbers),
 * in canonical order. Returns the steps and episodes written and the size of the logs.
 */
function replicateRun(seed: string, out: string, target: number): { steps: number; episodes: number; bytes: number } {
  mkdirSync(out, { recursive: true });
  copyFileSync(join(seed, 'manifest.json'), join(out, 'manifest.json'));
  const perAgent = AGENTS.map((agent) => ({ agent, blocks: readBlocks(join(seed, 'agents', agent, 'events.jsonl')) }));
  const stepsPerCopy = perAgent.reduce((sum, a) => sum + a.blocks.reduce((s, b) => s + b.steps, 0), 0);
  const copies = Math.ceil(target / stepsPerCopy);
  const replicates = Math.max(...perAgent.flatMap((a) => a.blocks.map((b) => b.replicate))) + 1;
  let bytes = 0;
  for (const { agent, blocks } of perAgent) {
    mkdirSync(join(out, 'agents', agent), { recursive: true });
    copyFileSync(join(seed, 'agents', agent, 'profile.json'), join(out, 'agents', agent, 'profile.json'));
    const path = join(out, 'agents', agent, 'events.jsonl');
    const fd = openSync(path, 'w');
    try {
      for (let copy = 0; copy < copies; copy++) {
        const chunk: string[] = [];
        for (const block of blocks) {
          const replicate = block.replicate + copy * replicates;
          const episode = `${block.instanceId}/${replicate}`;
          const from = `"episode":"${block.episode}"`;
          const to = `"episode":"${episode}"`;
          block.lines.forEach((line, i) => {
            let renamed = line.replace(from, to);
            if (i === 0) renamed = renamed.replace(`"index":${block.index},`, `"index":${block.index + copy * blocks.length},`).replace(`"replicate":${block.replicate},`, `"replicate":${replicate},`);
            chunk.push(renamed);
          });
        }
        writeSync(fd, `${chunk.join('\n')}\n`);
      }
    } finally {
      closeSync(fd);
    }
    bytes += statSync(path).size;
  }
  return { steps: copies * stepsPerCopy, episodes: copies * perAgent.reduce((sum, a) => sum + a.blocks.length, 0), bytes };
}

function childAnalysis(runDir: string): { seconds: number; cpuSeconds: number; maxRssMb: number; episodes: number; skipped: number; gaps: Array<number | null> } {
  const text = execFileSync(process.execPath, ['--import', 'tsx', 'bench/support/analyse-run.ts', runDir, '1000'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(text.trim().split('\n').pop() as string);
}

/** Analysing a run of 1,000,000 steps (written in the real log schema from a small real run): wall time and peak memory of the analysing process. */
export async function benchAnalysis(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'saydo-bench-analysis-'));
  try {
    const loaded = loadSuite(SUITE);
    const seed = join(dir, 'seed');
    await runSuite({
      suite: loaded,
      agents: AGENTS.map((name) => {
        const agent = loadAgentProfile(`agents/${name}.yaml`);
        return { name, file: agent.file, hash: agent.hash, profile: agent.profile, caller: createModelCaller(agent, { env: {} }) };
      }),
      runDir: seed,
      versions: {},
    });
    const big = join(dir, 'big');
    const written = replicateRun(seed, big, TARGET_STEPS);
    const run = childAnalysis(big);
    // Every written episode analysed, none skipped: so every one of the written steps was read.
    const pass = written.steps >= TARGET_STEPS && run.episodes === written.episodes && run.skipped === 0 && run.seconds < 30 && run.maxRssMb < 500;
    return {
      name: 'analysis of a 1,000,000-step run',
      figures: {
        'steps written': written.steps,
        'episodes written': written.episodes,
        'episodes analysed': run.episodes,
        'log MB': Math.round(written.bytes / 2 ** 20),
        'bootstrap replicates': 1000,
        seconds: Number(run.seconds.toFixed(1)),
        'CPU seconds': Number(run.cpuSeconds.toFixed(1)),
        'peak RSS MB': Math.round(run.maxRssMb),
        'G (sim-coherent, sim-gap)': run.gaps.map((g) => (g === null ? '-' : g.toFixed(2))).join(', '),
      },
      baseline: 'analysing a run of 1,000,000 steps streams its logs: under 30 s and under 500 MB (issue 5)',
      pass,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
