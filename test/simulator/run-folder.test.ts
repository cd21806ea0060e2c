import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/simulator/load-suite.js';
import { runSuite } from '../../src/simulator/run-suite.js';
import { filesUnder, folderDigest, syntheticRunAgent, TWO_DOORS_SUITE } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'saydo-run-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A process id above Linux's pid_max: the process that left these files is certainly gone.
const DEAD = 99_999_999;
const run = (runDir: string) => runSuite({ suite: loadSuite(TWO_DOORS_SUITE), agents: [syntheticRunAgent('sim-coherent')], runDir, versions: {} });

describe('run folders after a kill', () => {
  it('temporary files of atomic writes cut short by a kill are removed when the run continues', async () => {
    const runDir = join(dir, 'litter');
    await run(runDir);
    const digest = folderDigest(runDir);
    const litter = [`manifest.json.${DEAD}.tmp`, `metrics.json.${DEAD}.tmp`, `agents/sim-coherent/events.jsonl.${DEAD}.tmp`, `agents/sim-coherent/comparisons.jsonl.${DEAD}.tmp`];
    for (const file of litter) writeFileSync(join(runDir, file), '{"half": ');
    // A live process's temporary file (this one's) is not touched.
    const live = `report.md.${process.pid}.tmp`;
    writeFileSync(join(runDir, live), '# half');
    const result = await run(runDir);
    expect(result.resumed).toBe(true);
    expect(filesUnder(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([live]);
    rmSync(join(runDir, live));
    expect(folderDigest(runDir)).toEqual(digest);
  });

  it('a folder killed before its manifest was in place is started, not refused', async () => {
    const runDir = join(dir, 'early');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, `manifest.json.${DEAD}.tmp`), '{"type": "run-man');
    const result = await run(runDir);
    expect(result.resumed).toBe(false);
    expect(result.agents[0]?.summary.episodes).toBe(2);
    expect(readdirSync(runDir).sort()).toEqual(['agents', 'execution.json', 'manifest.json']);
  });

  it('a folder with other files is still refused', async () => {
    const runDir = join(dir, 'occupied');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'notes.txt'), 'mine');
    await expect(run(runDir)).rejects.toThrow(`${runDir} exists and is not a run folder`);
    expect(existsSync(join(runDir, 'manifest.json'))).toBe(false);
  });
});
