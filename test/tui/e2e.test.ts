/**
 * End to end: the real binary (`node bin/saydo.js ui`) in a tmux terminal of 100x30, driven by keys, through Home,
 * a run of a tiny suite on two synthetic agents, Results and Trajectories, asserting on the captured screen.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, REPO_ROOT } from './helpers.js';

const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux'].find((path) => existsSync(path));
const SOCKET = `saydo-e2e-${process.pid}`;
const SESSION = 'saydo-ui';

function tmux(...args: string[]): string {
  return execFileSync(TMUX as string, ['-L', SOCKET, ...args], { encoding: 'utf8', timeout: 10_000 });
}

/** The visible screen as text (with `escapes`, with its colour and style codes). */
function screen(escapes = false): string {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', SESSION);
}

/** Waits until the screen contains every text (polling every 100 ms, at most `timeoutMs`) and returns it. */
async function waitForScreen(texts: string | string[], timeoutMs = 20_000): Promise<string> {
  const wanted = Array.isArray(texts) ? texts : [texts];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (wanted.every((w) => text.includes(w))) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(wanted)}; the screen was:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends one key (tmux key names: Enter, Down, Escape, or a character). */
function key(name: string): void {
  tmux('send-keys', '-t', SESSION, name);
}

describe.skipIf(!TMUX)('saydo ui in a terminal', () => {
  const project = makeProject();

  beforeAll(() => {
    // CI=true as on a CI machine: the UI must still draw on a terminal (Ink alone would draw only its last frame).
    const command = `node ${JSON.stringify(join(REPO_ROOT, 'bin/saydo.js'))} ui; echo "saydo exited with $?"; sleep 600`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '100', '-y', '30', '-c', project.root, '-e', 'NO_COLOR=1', '-e', 'CI=true', command);
  });

  afterAll(() => {
    let socket = '';
    try {
      socket = tmux('display-message', '-p', '-t', SESSION, '#{socket_path}').trim();
      tmux('kill-session', '-t', SESSION);
    } catch {
      // Already gone.
    }
    try {
      tmux('kill-server');
    } catch {
      // No server left on this socket.
    }
    if (socket) rmSync(socket, { force: true });
    project.remove();
  });

  it('goes from Home through a run to Results and Trajectories, and quits', async () => {
    const home = await waitForScreen(['saydo · Home', '1 episode each'], 60_000);
    expect(home).toContain('[1 suites 2]  2 agents 2   3 runs 0   4 scenarios 2');

    key('Down');
    await waitForScreen('› tiny');
    key('Enter');
    await waitForScreen('Which agents?');
    key('a');
    await waitForScreen('(2 marked)');
    key('Enter');
    await waitForScreen('Run folder: runs/tiny');
    key('Enter');
    await waitForScreen('saydo · run tiny → runs/tiny');
    const run = await waitForScreen('Enter opens the results', 90_000);
    expect(run).toContain('Done. Wrote metrics.json, report.md, report.html.');
    for (const agent of ['sim-coherent', 'sim-gap']) expect(run).toMatch(new RegExp(`${agent}\\s+done`));
    expect(run.match(/episodes +█+ +6\/6/g)?.length).toBe(2);
    expect(screen(true)).not.toMatch(/\x1b\[(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]/);

    key('Enter');
    const results = await waitForScreen(['Results', 'sim-gap', 'vendor-choice'], 60_000);
    expect(results).toContain('sim-coherent');

    key('t');
    const trajectories = await waitForScreen(['Trajectories', 'vendor-choice', 'neutral'], 60_000);
    expect(trajectories).toMatch(/of \d+ episodes/);

    key('q');
    await waitForScreen('trajectories');
    key('q');
    await waitForScreen('Enter opens the results');
    key('q');
    const back = await waitForScreen('3 runs 1');
    expect(back).toContain('saydo · Home');
    key('q');
    await waitForScreen('saydo exited with 0');
  }, 240_000);
});
