import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyseRun } from '../../src/analysis/analyse-run.js';
import { Results } from '../../src/tui/screens/Results.js';
import { frameOf, KEY, press, renderAt, resize, waitForFrame, waitForText } from './helpers.js';
import { makeTinyRun } from './run-fixture.js';

const READY = '2 agents · from the event logs';

let run: Awaited<ReturnType<typeof makeTinyRun>>;

beforeAll(async () => {
  run = await makeTinyRun();
});

afterAll(() => run.remove());

function renderResults() {
  const onBack = vi.fn();
  const onOpenTrajectories = vi.fn();
  const rendered = renderAt(<Results runDir={run.runDir} onBack={onBack} onOpenTrajectories={onOpenTrajectories} />);
  return { rendered, onBack, onOpenTrajectories };
}

describe('Results', () => {
  it('computes the metrics when there is no metrics.json and shows headline, table and charts at 80x24', async () => {
    const { rendered } = renderResults();
    expect(frameOf(rendered)).toContain('loading results…');
    expect(await waitForText(rendered, READY, 20_000)).toMatchInlineSnapshot(`
      "saydo · Results · tiny · 2 agents · from the event logs                   ? help
        agent           G [95% CI]         consist/ceil  attain  regret  controls
      › sim-coherent    1.87 [0.66, 2.74]  0.25/0.75     0.25    0.75    separated (F…
        sim-positional  2.72 [1.00, 2.72]  0.00/0.75     0.00    1.00    POSITION BIA…
      sim-coherent · pooled, preference conditions · 4 episodes
      controls: separated (Firth)
        scenario       n  G [95% CI]         consist  attain  regret
      › pooled         4  1.87 [0.66, 2.74]  0.25     0.25    0.75
        vendor-choice  4  1.87 [0.66, 2.74]  0.25     0.25    0.75
      by z: o chose a (n 4) . Phi(z) said      step alignment: * kept V | 95% CI
      1.0 |                          ........  1.0 |     *    *        *   *    *
          |                      ....              | |   |    |   |    |   |    |
          |                    ..                  | |   |    |   |    |   |    |   |
          |                   .                    | |   |    |   |    |   |    |   |
          |                 ..                     | |   |    |   |    |   |    |   |
      0.5 |              o..                   0.5 | *   |    |   *    |   |    |   |
          |              .                         | |   |    |   |    |   |    |   |
          |            ..                          | |   |        |             |   |
          |        ....                            | |            |                 |
      0.0 |........           o                0.0 |                                *
          +----------------------------------      +----------------------------------
          -3     -1.5       0      1.5      3        2                 6            9
      ←/→ agent · s/S scenario · c/C condition · t trajectories · q back"
    `);
    rendered.unmount();
  });

  it('switches agent, scenario and condition, and opens Trajectories filtered to the selection', async () => {
    const { rendered, onBack, onOpenTrajectories } = renderResults();
    await waitForText(rendered, READY, 20_000);
    await press(rendered, KEY.right);
    await waitForText(rendered, '› sim-positional');
    await press(rendered, 'c');
    expect(await waitForText(rendered, 'condition exhort')).toMatchInlineSnapshot(`
      "saydo · Results · tiny · 2 agents · from the event logs                   ? help
        agent           G [95% CI]         consist/ceil  attain  regret  controls
        sim-coherent    1.87 [0.66, 2.74]  0.25/0.75     0.25    0.75    separated (F…
      › sim-positional  2.72 [1.00, 2.72]  0.00/0.75     0.00    1.00    POSITION BIA…
      sim-positional · condition exhort, all scenarios · 2 episodes
      controls: ok
        condition   n  G [95% CI]         consist  attain  regret
        pooled      4  2.72 [1.00, 2.72]  0.00     0.00    1.00
      › exhort      2  -                  0.00     0.00    1.00
        instructed  2  -                  0.00     0.00    1.00
        neutral     2  -                  0.00     0.00    1.00
      by z: under 3 commitments, not fitted    step alignment: * kept V | 95% CI
      1.0 |                         .........  1.0 |
          |                     ....               | |                              |
          |                   ..                   | |                              |
          |                 ..                     | |                              |
      0.5 |               ..                   0.5 | |                              |
          |             ..                         | |                              |
          |         ....                           | |                              |
      0.0 |.........                           0.0 | *                              *
          +----------------------------------      +----------------------------------
          -3     -1.5       0      1.5      3        2                              3
      ←/→ agent · s/S scenario · c/C condition · t trajectories · q back"
    `);
    await press(rendered, 't');
    expect(onOpenTrajectories).toHaveBeenCalledWith({ agent: 'sim-positional', condition: 'exhort' });
    await press(rendered, 's');
    await waitForText(rendered, 'scenario vendor-choice');
    await press(rendered, 'S', KEY.left);
    await waitForText(rendered, 'sim-coherent · pooled');
    await press(rendered, 't', 'q');
    expect(onOpenTrajectories).toHaveBeenLastCalledWith({ agent: 'sim-coherent' });
    expect(onBack).toHaveBeenCalledTimes(1);
    rendered.unmount();
  });

  it('lays itself out again when the terminal is resized', async () => {
    const { rendered } = renderResults();
    await waitForText(rendered, READY, 20_000);
    resize(rendered, { columns: 120, rows: 16 });
    expect(await waitForFrame(rendered, (frame) => frame.includes('consistency / ceiling'))).toMatchInlineSnapshot(`
      "saydo · Results · tiny · 2 agents · from the event logs                                                           ? help
        agent           G [95% CI]         consistency / ceiling     attainment         regret             controls
      › sim-coherent    1.87 [0.66, 2.74]  0.25 [0.05, 0.70] / 0.75  0.25 [0.05, 0.70]  0.75 [0.25, 1.00]  separated (Firth)
        sim-positional  2.72 [1.00, 2.72]  0.00 [0.00, 0.49] / 0.75  0.00 [0.00, 0.49]  1.00 [1.00, 1.00]  POSITION BIAS 1.00…
      sim-coherent · pooled, preference conditions · 4 episodes
      controls: separated (Firth)
        scenario       n  G [95% CI]         consist  attain  regret
      › pooled         4  1.87 [0.66, 2.74]  0.25     0.25    0.75
        vendor-choice  4  1.87 [0.66, 2.74]  0.25     0.25    0.75
      (the charts need a taller terminal)




      ←/→ agent · s/S scenario · c/C condition · t trajectories · q back"
    `);
    rendered.unmount();
  });

  it('computes on a worker thread: while it computes, the screen says so and q goes back', async () => {
    // A new time on a log makes the metrics computed by the first test out of date.
    const log = join(run.runDir, 'agents', 'sim-coherent', 'events.jsonl');
    utimesSync(log, new Date(), new Date());
    const { rendered, onBack } = renderResults();
    const computing = await waitForText(rendered, 'computing the metrics');
    expect(computing.split('\n')[0]).toContain('saydo · Results');
    await press(rendered, 'q');
    expect(onBack).toHaveBeenCalledTimes(1);
    expect(frameOf(rendered)).toContain('computing the metrics');
    rendered.unmount();
  });

  it('reads metrics.json when it is newer than the event logs, and recomputes when it is older', async () => {
    const path = join(run.runDir, 'metrics.json');
    writeFileSync(path, JSON.stringify(analyseRun(run.runDir, { replicates: 100 })));
    const fresh = renderResults();
    expect((await waitForText(fresh.rendered, 'from metrics.json')).split('\n')[0]).toMatchInlineSnapshot(`"saydo · Results · tiny · 2 agents · from metrics.json                     ? help"`);
    fresh.rendered.unmount();
    utimesSync(path, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const stale = renderResults();
    expect((await waitForText(stale.rendered, READY, 20_000)).split('\n')[0]).toMatchInlineSnapshot(`"saydo · Results · tiny · 2 agents · from the event logs                   ? help"`);
    stale.rendered.unmount();
    rmSync(path);
  });
});
