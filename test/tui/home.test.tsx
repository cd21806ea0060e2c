import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreparedRun } from '../../src/tui/run-session.js';
import { Home } from '../../src/tui/screens/Home.js';
import { KEY, makeProject, press, renderAt, runTiny, waitForText } from './helpers.js';

const project = makeProject();
const cwd = process.cwd();

beforeAll(async () => {
  process.chdir(project.root);
  await runTiny(['sim-coherent', 'sim-gap'], 'runs/tiny');
  await runTiny(['sim-gap'], 'runs/tiny-gap', { abort: true });
}, 60_000);

afterAll(() => {
  process.chdir(cwd);
  project.remove();
});

function renderHome() {
  const calls = { started: [] as Array<{ agents: string[]; runDir: string }>, opened: [] as string[], scenarios: [] as Array<string | undefined>, quit: 0 };
  const ui = renderAt(
    <Home
      root="."
      versions={{ saydo: 'test' }}
      onStartRun={(prepared: PreparedRun, runDir) => calls.started.push({ agents: prepared.agents.map((a) => a.profile.name), runDir })}
      onOpenRun={(dir) => calls.opened.push(dir)}
      onOpenScenarios={(file) => calls.scenarios.push(file)}
      onQuit={() => (calls.quit += 1)}
    />,
  );
  return { ui, calls };
}

describe('Home', () => {
  it('lists the suites, with their errors, and switches lists with tab and 1-4', async () => {
    const { ui, calls } = renderHome();
    expect(await waitForText(ui, 'required field is missing')).toMatchInlineSnapshot(`
      "saydo · Home                                                              ? help
      [1 suites 2]  2 agents 2   3 runs 2   4 scenarios 2
      ────────────────────────────────────────────────────────────────────────────────
        suite   contents
      › broken  error: scenarios/suites/broken.yaml:1:1: catalog: required field is m…
        tiny    1 scenario, spread 2 pairs, 1 episode each

      scenarios/suites/broken.yaml:1:1: catalog: required field is missing














      enter new run · tab next list · s scenarios · q quit"
    `);
    await press(ui, KEY.tab);
    expect(await waitForText(ui, '[2 agents 2]')).toMatchInlineSnapshot(`
      "saydo · Home                                                              ? help
       1 suites 2  [2 agents 2]  3 runs 2   4 scenarios 2
      ────────────────────────────────────────────────────────────────────────────────
            agent         model      description
      › [ ] sim-coherent  synthetic  Random-utility agent; acts on the same utilities…
        [ ] sim-gap       synthetic  Acts on hidden utilities eta unrelated to what i…

      agents/sim-coherent.yaml: Random-utility agent; acts on the same utilities it
      states (planted gap lambda = 0, so G is about 0).













      space mark for the next run · tab next list · q quit"
    `);
    await press(ui, '4');
    expect(await waitForText(ui, '[4 scenarios 2]')).toMatchInlineSnapshot(`
      "saydo · Home                                                              ? help
       1 suites 2   2 agents 2   3 runs 2  [4 scenarios 2]
      ────────────────────────────────────────────────────────────────────────────────
      › scenarios/worlds/broken.yaml
        scenarios/worlds/vendor-choice.yaml

      scenarios/worlds/broken.yaml: enter checks it, draws its graph and lets you play
      it.














      enter check, graph, play · tab next list · q quit"
    `);
    await press(ui, KEY.down, KEY.enter, 's', 'q');
    expect(calls).toEqual({ started: [], opened: [], scenarios: ['scenarios/worlds/vendor-choice.yaml', undefined], quit: 1 });
    ui.unmount();
  });

  it('lists earlier runs with their state; enter opens one, r resumes a partial one', async () => {
    const { ui, calls } = renderHome();
    await waitForText(ui, 'tiny');
    await press(ui, '3');
    expect(await waitForText(ui, 'partial (resumable)')).toMatchInlineSnapshot(`
      "saydo · Home                                                              ? help
       1 suites 2   2 agents 2  [3 runs 2]  4 scenarios 2
      ────────────────────────────────────────────────────────────────────────────────
        run       state                            suite · agents
      › tiny      complete, metrics                tiny · sim-coherent, sim-gap
        tiny-gap  partial (resumable), no metrics  tiny · sim-gap

      runs/tiny: suite scenarios/suites/tiny.yaml, 2 agent(s)
      Enter opens the results.













      enter results · r resume · tab next list · q quit"
    `);
    await press(ui, 'r');
    expect(await waitForText(ui, 'is complete')).toContain('runs/tiny is complete; enter opens its results.');
    await press(ui, KEY.enter, KEY.down, 'r');
    expect(calls).toEqual({ started: [{ agents: ['sim-gap'], runDir: 'runs/tiny-gap' }], opened: ['runs/tiny'], scenarios: [], quit: 0 });
    ui.unmount();
  });

  it('starts a run: agents marked, then a folder; proposes runs/<suite>-2 when runs/<suite> holds another run', async () => {
    const { ui, calls } = renderHome();
    await waitForText(ui, 'tiny');
    await press(ui, KEY.enter);
    expect(await waitForText(ui, 'required field is missing')).toContain('catalog: required field is missing');
    await press(ui, KEY.down, KEY.enter);
    await waitForText(ui, 'Which agents?');
    await press(ui, KEY.enter);
    expect(await waitForText(ui, 'Choose at least one agent')).toMatchInlineSnapshot(`
      "saydo · Home · new run of tiny                                            ? help
      Which agents? (0 marked)
            agent         model      description
      › [ ] sim-coherent  synthetic  Random-utility agent; acts on the same utilities…
        [ ] sim-gap       synthetic  Acts on hidden utilities eta unrelated to what i…
      Choose at least one agent: space marks it.
















      space mark · a all · enter continue · esc back"
    `);
    await press(ui, KEY.space);
    await press(ui, KEY.enter);
    expect(await waitForText(ui, 'Run folder:')).toMatchInlineSnapshot(`
      "saydo · Home · new run of tiny                                            ? help
      Suite tiny: 1 scenario(s), catalog core
      Agents: sim-coherent

      runs/tiny holds a different run, so a new folder is proposed.
      Run folder: runs/tiny-2
















      enter start · esc back"
    `);
    await press(ui, KEY.enter);
    expect(calls.started).toEqual([{ agents: ['sim-coherent'], runDir: 'runs/tiny-2' }]);
    ui.unmount();
  });

  it('continues a run when runs/<suite> holds the same suite and agents, and refuses a folder of another run', async () => {
    const { ui, calls } = renderHome();
    await waitForText(ui, 'tiny');
    await press(ui, KEY.down, KEY.enter);
    await waitForText(ui, 'Which agents?');
    await press(ui, 'a', KEY.enter);
    expect(await waitForText(ui, 'holds this same run')).toContain('runs/tiny holds this same run: it continues where it stopped.');
    await press(ui, KEY.escape);
    await waitForText(ui, 'Which agents?');
    await press(ui, KEY.down, KEY.space, KEY.enter);
    await waitForText(ui, 'runs/tiny-2');
    for (let i = 0; i < 2; i += 1) await press(ui, '\x7f');
    await press(ui, KEY.enter);
    expect(await waitForText(ui, 'holds a different run:')).toContain('runs/tiny holds a different run: choose another folder.');
    expect(calls.started).toEqual([]);
    ui.unmount();
  });
});
