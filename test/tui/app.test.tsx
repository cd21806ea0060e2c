import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import chalk from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, Help } from '../../src/tui/App.js';
import { frameOf, KEY, makeProject, press, renderAt, resize, runTiny, waitForText } from './helpers.js';

const project = makeProject();
const cwd = process.cwd();
const services = { env: {}, versions: { saydo: 'test' }, cacheDir: null, bootstrap: 100 };

beforeAll(async () => {
  process.chdir(project.root);
  await runTiny(['sim-coherent', 'sim-gap'], 'runs/tiny');
}, 60_000);

afterAll(() => {
  process.chdir(cwd);
  project.remove();
});

/** Any SGR colour: foreground, background, bright, 256 and true colour. */
const COLOUR = /\x1b\[(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]/;

describe('App', () => {
  it('opens a help overlay on ? over any screen, and closes it with esc; q on a screen goes back', async () => {
    const ui = renderAt(<App services={services} noColor />);
    await waitForText(ui, '1 episode each');
    await press(ui, '?');
    expect(await waitForText(ui, 'help · home')).toMatchInlineSnapshot(`
      "saydo · help · home
      This screen
        tab / ← → / 1-4       switch list: suites, agents, runs, scenarios
        ↑ ↓ / j k, PgUp PgDn  move in the list
        enter on a suite      new run: mark agents (space, a all), enter, folder
        space on an agent     mark it for the next run
        enter on a run        open its results
        r on a run            resume a partial run (finished work is kept)
        s                     scenarios: check, graph, play
        q / esc               quit

      Everywhere
        ?                     this help (any of ? q esc enter closes it)
        ctrl-c                cancel a running run; otherwise quit
      Set NO_COLOR=1 for no colour.







      ? / q / esc close"
    `);
    await press(ui, KEY.escape);
    await waitForText(ui, 'enter new run');
    await press(ui, 's');
    await waitForText(ui, 'saydo · scenarios');
    await press(ui, '?');
    expect(await waitForText(ui, 'help · scenarios')).toContain('p                     play the open scenario');
    await press(ui, 'q');
    await waitForText(ui, 'saydo · scenarios');
    await press(ui, 'q');
    expect(await waitForText(ui, 'enter new run')).toContain('[1 suites 2]');
    ui.unmount();
  });

  it('the help of Results and Trajectories lists their keys and what their markers mean, within 80x24', async () => {
    const frames = ['results', 'trajectories'].map((screen) => {
      const ui = renderAt(<Help screen={screen as 'results' | 'trajectories'} width={80} height={23} />);
      const frame = frameOf(ui);
      ui.unmount();
      return frame.split('\n').slice(0, 12).join('\n');
    });
    expect(frames).toMatchInlineSnapshot(`
      [
        "saydo · help · results
      This screen
        ← → / tab             previous / next agent
        s / S                 next / previous scenario: the table and charts follow
        c / C                 next / previous condition
        t                     trajectories of the agent, scenario or condition shown
        separated (Firth)     z separates the choices: read G's sign, not its size
        q / esc               back

      Everywhere
        ?                     this help (any of ? q esc enter closes it)
        ctrl-c                cancel a running run; otherwise quit",
        "saydo · help · trajectories
      This screen
        ↑ ↓ PgUp PgDn, enter  move in the list; open an episode
        f / F                 next / previous filter (agent … against preference)
        ← →, x                change the focused filter; clear every filter
        pref, chose, out      stated-preferred slot; slot kept at commitment; outcome
        !                     the choice went against the stated preference
        ← → / n p, c          in an episode: step; jump to the commitment
        > and *               the action taken; the stated-optimal action
        q / esc               back to the list, then back

      Everywhere",
      ]
    `);
  });

  it('types ? into a text field instead of opening the help', async () => {
    const ui = renderAt(<App services={services} noColor />);
    await waitForText(ui, '1 episode each');
    await press(ui, KEY.down, KEY.enter);
    await waitForText(ui, 'Which agents?');
    await press(ui, KEY.space, KEY.enter);
    await waitForText(ui, 'Run folder:');
    await press(ui, '?', 'q');
    expect(await waitForText(ui, 'runs/tiny-2?q')).not.toContain('help ·');
    ui.unmount();
  });

  it('cancels a running run on ctrl-c, keeps what is done, and offers to resume it from Home', async () => {
    writeFileSync('scenarios/suites/slow.yaml', readFileSync('scenarios/suites/tiny.yaml', 'utf8').replace('name: tiny', 'name: slow').replace('samples: 1', 'samples: 40'));
    const ui = renderAt(<App services={services} noColor />);
    await waitForText(ui, '1 episode each');
    await press(ui, KEY.down, KEY.enter);
    await waitForText(ui, 'Which agents?');
    await press(ui, KEY.space, KEY.enter);
    await waitForText(ui, 'Run folder: runs/slow');
    await press(ui, KEY.enter);
    await waitForText(ui, 'comparisons ');
    await press(ui, KEY.ctrlC);
    expect(await waitForText(ui, 'Cancelled.', 30_000)).toContain('Cancelled. Finished work is kept in runs/slow; resume it from Home (runs, r).');
    await press(ui, 'q', '3');
    expect(await waitForText(ui, 'slow ')).toContain('slow  partial (resumable), no metrics');
    ui.unmount();
    rmSync('scenarios/suites/slow.yaml');
    rmSync('runs/slow', { recursive: true });
  }, 60_000);

  it('lays itself out again when the terminal is resized', async () => {
    const ui = renderAt(<App services={services} noColor />, { columns: 100, rows: 16 });
    await waitForText(ui, '1 episode each');
    await press(ui, '3');
    expect(await waitForText(ui, 'complete, metrics')).toMatchInlineSnapshot(`
      "saydo · Home                                                                                  ? help
       1 suites 2   2 agents 2  [3 runs 1]  4 scenarios 2
      ────────────────────────────────────────────────────────────────────────────────────────────────────
        run   state              suite · agents
      › tiny  complete, metrics  tiny · sim-coherent, sim-gap

      runs/tiny: suite scenarios/suites/tiny.yaml, 2 agent(s)
      Enter opens the results.






      enter results · r resume · tab next list · q quit"
    `);
    resize(ui, { columns: 60, rows: 12 });
    expect(await waitForText(ui, 'enter results')).toMatchInlineSnapshot(`
      "saydo · Home                                          ? help
       1 suites 2   2 agents 2  [3 runs 1]  4 scenarios 2
      ────────────────────────────────────────────────────────────
        run   state              suite · agents
      › tiny  complete, metrics  tiny · sim-coherent, sim-gap

      runs/tiny: suite scenarios/suites/tiny.yaml, 2 agent(s)
      Enter opens the results.


      enter results · r resume · tab next list · q quit"
    `);
    ui.unmount();
  });
});

describe('NO_COLOR', () => {
  const level = chalk.level;
  beforeAll(() => {
    chalk.level = 3;
  });
  afterAll(() => {
    chalk.level = level;
  });

  /** Walks Home, a new run to its end, Results, Trajectories, the help and Scenarios, and returns every frame drawn. */
  async function walk(noColor: boolean): Promise<string[]> {
    const ui = renderAt(<App services={services} noColor={noColor} />);
    await waitForText(ui, '1 episode each');
    await press(ui, KEY.tab, KEY.space, '1', KEY.down, KEY.enter);
    await waitForText(ui, 'Which agents?');
    await press(ui, KEY.enter);
    await waitForText(ui, 'Run folder:');
    await press(ui, KEY.enter);
    await waitForText(ui, 'Enter opens the results', 60_000);
    await press(ui, KEY.enter);
    await waitForText(ui, 'Results', 30_000);
    await press(ui, 't');
    await waitForText(ui, 'Trajectories', 30_000);
    await press(ui, '?', KEY.escape, 'q', 'q', 'q', 's');
    await waitForText(ui, 'vendor-choice.yaml');
    await press(ui, KEY.down, KEY.enter);
    await waitForText(ui, 'Graph');
    const frames = [...ui.frames];
    ui.unmount();
    return frames;
  }

  it('writes colour codes only when colour is on', async () => {
    const coloured = await walk(false);
    const plain = await walk(true);
    expect(coloured.some((frame) => COLOUR.test(frame))).toBe(true);
    expect(plain.filter((frame) => COLOUR.test(frame))).toEqual([]);
    expect(plain.join('\n')).toContain('Trajectories');
  }, 120_000);
});
