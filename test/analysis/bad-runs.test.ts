import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/analysis/analyse-run.js';
import { loadRun } from '../../src/analysis/load-run.js';
import { SaydoError } from '../../src/core/errors.js';

// Hand-damaged copies of one real run (test/fixtures/runs/README.md): 8 episodes per agent when whole.
const RUNS = 'test/fixtures/runs';
const dir = mkdtempSync(join(tmpdir(), 'saydo-bad-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const episodes = (run: string) => Object.fromEntries(loadRun(`${RUNS}/${run}`).agents.map((a) => [a.name, a.episodes.length]));

describe('loadRun on damaged run folders', () => {
  it('a whole run: every episode, nothing skipped', () => {
    expect(loadRun(`${RUNS}/complete`).skipped).toEqual([]);
    expect(episodes('complete')).toEqual({ 'sim-coherent': 8, 'sim-gap': 8 });
  });

  it('a partial run: the episode without an end is left out and listed', () => {
    expect(loadRun(`${RUNS}/partial`).skipped).toEqual([{ agent: 'sim-coherent', line: 45, reason: 'episode two-doors/3/neutral/1: no episode-end (interrupted)' }]);
    expect(episodes('partial')).toEqual({ 'sim-coherent': 7, 'sim-gap': 8 });
  });

  it('a line of another log version: the line and its episode are left out, and both are listed with the reason', () => {
    expect(loadRun(`${RUNS}/old-version`).skipped).toEqual([
      { agent: 'sim-gap', line: 5, reason: 'episode two-doors/0/neutral/1: has unreadable lines; left out' },
      { agent: 'sim-gap', line: 7, reason: 'event log version 0 is not read by this saydo (it reads version 1)' },
    ]);
    expect(episodes('old-version')).toEqual({ 'sim-coherent': 8, 'sim-gap': 7 });
  });

  it('a corrupt line: the line and its episode are left out and listed; the episodes around it are kept', () => {
    expect(loadRun(`${RUNS}/corrupt`).skipped).toEqual([
      { agent: 'sim-coherent', line: 15, reason: 'episode two-doors/1/neutral/0: has unreadable lines; left out' },
      { agent: 'sim-coherent', line: 16, reason: 'not JSON (corrupt or torn line)' },
    ]);
    const kept = loadRun(`${RUNS}/corrupt`).agents[0]?.episodes.map((e) => e.episode);
    expect(kept).toEqual(['two-doors/0/neutral/0', 'two-doors/0/neutral/1', 'two-doors/1/neutral/1', 'two-doors/2/neutral/0', 'two-doors/2/neutral/1', 'two-doors/3/neutral/0', 'two-doors/3/neutral/1']);
  });

  it('all three at once: every problem listed, the rest analysed', () => {
    const metrics = analyseRun(`${RUNS}/damaged`, { replicates: 200 });
    expect(metrics.skipped.map((s) => `${s.agent}:${s.line}`)).toEqual(['sim-coherent:15', 'sim-coherent:16', 'sim-coherent:45', 'sim-gap:5', 'sim-gap:7']);
    expect(metrics.agents.map((a) => [a.agent, a.pooled.episodes, a.pooled.calibration?.n])).toEqual([
      ['sim-coherent', 6, 6],
      ['sim-gap', 7, 7],
    ]);
  });

  it('lines that are JSON but not events, and events out of place, are listed too', () => {
    const run = join(dir, 'odd-lines');
    cpSync(`${RUNS}/complete`, run, { recursive: true });
    const log = join(run, 'agents/sim-gap/events.jsonl');
    writeFileSync(log, '{"type":"episode-end","v":1,"episode":"nowhere","status":"ended"}\n{"type":"surprise","v":1}\n{"type":"step","v":1,"episode":"x"}\n', { flag: 'a' });
    expect(loadRun(run).skipped).toEqual([
      { agent: 'sim-gap', line: 41, reason: 'invalid episode-end event: ending Invalid input: expected string, received undefined' },
      { agent: 'sim-gap', line: 42, reason: 'unknown event type "surprise"' },
      { agent: 'sim-gap', line: 43, reason: 'invalid step event: step Invalid input: expected number, received undefined' },
    ]);
  });

  it('a step line of the wrong shape inside an episode is reported with the schema\'s reason, not read past', () => {
    const run = join(dir, 'bad-step');
    cpSync(`${RUNS}/complete`, run, { recursive: true });
    const log = join(run, 'agents/sim-gap/events.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.startsWith('{"type":"step"'));
    lines[at] = (lines[at] as string).replace('"valid":true', '"valid":"yes"');
    writeFileSync(log, lines.join('\n'));
    expect(loadRun(run).skipped).toEqual([
      { agent: 'sim-gap', line: 1, reason: 'episode two-doors/0/neutral/0: has unreadable lines; left out' },
      { agent: 'sim-gap', line: at + 1, reason: 'invalid step event: valid Invalid input: expected boolean, received string' },
    ]);
  });

  it('a profile.json that is not JSON is listed, and the run is still analysed', () => {
    const run = join(dir, 'bad-profile');
    cpSync(`${RUNS}/complete`, run, { recursive: true });
    writeFileSync(join(run, 'agents/sim-gap/profile.json'), '{"type": "utility-pro');
    const metrics = analyseRun(run, { replicates: 200 });
    expect(metrics.skipped).toEqual([{ agent: 'sim-gap', line: 0, reason: expect.stringMatching(/^profile\.json is not JSON \(.+\); stated utilities are left out$/) }]);
    expect(metrics.agents.map((a) => [a.agent, a.pooled.episodes, a.stated === null])).toEqual([
      ['sim-coherent', 8, false],
      ['sim-gap', 8, true],
    ]);
  });

  it('a folder that is not a run is an error that says what to pass', () => {
    for (const folder of [`${RUNS}/not-a-run`, `${RUNS}/bad-manifest`, join(dir, 'does-not-exist')]) {
      let error: unknown;
      try {
        loadRun(folder);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SaydoError);
      expect((error as SaydoError).code).toBe('E_NOT_A_RUN');
      expect((error as SaydoError).describe()).toBe(`${folder} is not a saydo run folder (no readable manifest.json)\n  hint: pass the --out folder of saydo run (default runs/<suite name>)`);
    }
  });
});
