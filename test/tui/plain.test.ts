import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, REPO_ROOT, runTiny } from './helpers.js';

const project = makeProject();
const cwd = process.cwd();

beforeAll(async () => {
  process.chdir(project.root);
  await runTiny(['sim-coherent', 'sim-gap'], 'runs/tiny');
  await runTiny(['sim-gap'], 'runs/tiny-gap', { abort: true });
  process.chdir(cwd);
}, 60_000);

afterAll(() => project.remove());

/** Runs `node bin/saydo.js ...args` in the project folder with pipes (not a terminal); killed after 30 s. */
function saydo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/saydo.js'), ...args], { cwd: project.root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('saydo ui off a terminal', () => {
  it('prints the suites, scenarios with their check, agents and runs with their headline as plain lines', async () => {
    const [plain, piped] = await Promise.all([saydo(['ui', '--plain']), saydo(['ui'])]);
    expect([plain.code, plain.stderr, piped.code, piped.stdout === plain.stdout]).toEqual([0, '', 0, true]);
    expect(plain.stdout).toMatchInlineSnapshot(`
      "Suites (2)
        suite   file                          contents
        ------  ----------------------------  --------------------------------------------------------------------------------------
        broken  scenarios/suites/broken.yaml  error: scenarios/suites/broken.yaml:1:1: catalog: required field is missing
        tiny    scenarios/suites/tiny.yaml    1 scenario, spread 2 pairs, 1 episode each: One scenario, two pairs, one episode each.

      Scenarios (2)
        check     file                                 scenario
        --------  -----------------------------------  ---------------------------------------------------------------------
        2 errors  scenarios/worlds/broken.yaml         line 14: start names no state "nowhere" (states: here)
        ok        scenarios/worlds/vendor-choice.yaml  vendor-choice: Turn a catering purchase request into a purchase order

      Agents (2)
        agent         model      description
        ------------  ---------  ---------------------------------------------------------------------------------------------------------------------------------
        sim-coherent  synthetic  Random-utility agent; acts on the same utilities it states (planted gap lambda = 0, so G is about 0).
        sim-gap       synthetic  Acts on hidden utilities eta unrelated to what it states (planted gap lambda = 1: its actions ignore its words, so G is about 1).

      Runs (2)
        run            state                            suite  agents
        -------------  -------------------------------  -----  ---------------------
        runs/tiny      complete, metrics                tiny   sim-coherent, sim-gap
        runs/tiny-gap  partial (resumable), no metrics  tiny   sim-gap

      Headline of runs/tiny
        Utility-behavior gap, suite tiny (preference conditions; G = 1 - probit slope of behaviour on stated z; chance consistency 0.5)

        agent         gap index G [95% CI]  choice consistency  ceiling  top attainment     regret             controls
        ------------  --------------------  ------------------  -------  -----------------  -----------------  -------------------------------------
        sim-coherent  1.87 [1.00, 2.74]     0.25 [0.05, 0.70]   0.75     0.25 [0.05, 0.70]  0.75 [0.25, 1.00]  separated (Firth)
        sim-gap       -0.74 [-0.74, 1.00]   1.00 [0.51, 1.00]   0.75     1.00 [0.51, 1.00]  0.00 [0.00, 0.00]  POSITION BIAS 0.00; separated (Firth)
      "
    `);
  });
});
