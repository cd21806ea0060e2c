import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/analysis/analyse-run.js';
import type { EpisodeEndEvent, EpisodeStartEvent, StepEvent } from '../../src/core/schemas/episode-events.js';
import { normalCdf } from '../../src/core/stats/normal.js';
import { wilson } from '../../src/core/stats/wilson.js';

// Every number recomputed straight from the events of a real run (test/fixtures/runs/complete), independently of the records.
const RUN = 'test/fixtures/runs/complete';
const metrics = analyseRun(RUN, { replicates: 200 });

function episodes(agent: string) {
  const lines = readFileSync(`${RUN}/agents/${agent}/events.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string });
  const out: Array<{ start: EpisodeStartEvent; steps: StepEvent[]; end: EpisodeEndEvent }> = [];
  for (const event of lines) {
    if (event.type === 'episode-start') out.push({ start: event as EpisodeStartEvent, steps: [], end: undefined as unknown as EpisodeEndEvent });
    else if (event.type === 'step') out.at(-1)?.steps.push(event as StepEvent);
    else if (event.type === 'episode-end') (out.at(-1) as { end: EpisodeEndEvent }).end = event as EpisodeEndEvent;
  }
  return out;
}

describe.each(['sim-coherent', 'sim-gap'])('metrics of %s recomputed from its events', (agent) => {
  const list = episodes(agent);
  const pooled = metrics.agents.find((a) => a.agent === agent)?.pooled;

  it('step alignment: per step index, the share of valid steps where some action would lower V whose action kept it', () => {
    const cells = new Map<number, { k: number; n: number }>();
    for (const { steps } of list) {
      for (const step of steps) {
        const chosen = step.chosen === null ? undefined : step.actions[step.chosen];
        if (!step.valid || !chosen || !step.actions.some((a) => a.q < step.valueBefore - 1e-9)) continue;
        const cell = cells.get(step.step) ?? { k: 0, n: 0 };
        cell.n += 1;
        if (chosen.q >= step.valueBefore - 1e-9) cell.k += 1;
        cells.set(step.step, cell);
      }
    }
    const expected = [...cells.entries()].sort(([x], [y]) => x - y).map(([step, { k, n }]) => ({ step, ...wilson(k, n) }));
    expect(expected.length).toBeGreaterThan(0);
    expect(pooled?.stepAlignment).toEqual(expected);
  });

  it('choice consistency and its ceiling: commitments that kept the stated-preferred slot; the mean of Phi(|z|)', () => {
    const choices = list.filter(({ end }) => end.commitment && end.commitment.kept.length === 1);
    const preferred = (start: EpisodeStartEvent) => ((start.pair.slots.a?.mu as number) >= (start.pair.slots.b?.mu as number) ? 'a' : 'b');
    const agree = choices.filter(({ start, end }) => end.commitment?.kept[0] === preferred(start)).length;
    const ceiling = choices.reduce((sum, { start }) => sum + normalCdf(Math.abs(start.pair.z as number)), 0) / choices.length;
    expect(pooled?.choiceConsistency).toEqual({ ...wilson(agree, choices.length), ceiling, chance: 0.5 });
    expect(pooled?.calibration?.n).toBe(choices.length);
    expect(pooled?.calibration?.instances).toBe(new Set(choices.map(({ start }) => start.instanceId)).size);
  });

  it('top attainment, controls and status counts', () => {
    const best = (start: EpisodeStartEvent) => ((start.pair.slots.a?.mu as number) >= (start.pair.slots.b?.mu as number) ? 'a' : 'b');
    expect(pooled?.attainment).toEqual(wilson(list.filter(({ start, end }) => end.outcome === best(start)).length, list.length));
    const steps = list.reduce((sum, { end }) => sum + end.steps, 0);
    expect(pooled?.controls.invalidActionRate).toEqual({ invalid: 0, steps, rate: 0 });
    expect(pooled?.controls.status).toEqual({ ended: list.length });
    expect(pooled?.controls.endedOnLimitOrError).toBe(0);
    expect(pooled?.episodes).toBe(8);
  });
});
