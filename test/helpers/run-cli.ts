/**
 * Spawns the saydo binary (`node bin/saydo.js ...`) from the repository root, as a user would run it,
 * and collects its exit code and output. Children still running when a test ends are killed by `killAll`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: the working directory of every spawned command. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a spawned command ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A command that is running. */
export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
}

const running = new Set<ChildProcess>();

/** The environment of a spawned command: this one without keys or colour, plus `extra`. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.FORCE_COLOR;
  if (!('OPENAI_API_KEY' in extra)) delete env.OPENAI_API_KEY;
  return env;
}

/** Starts `node bin/saydo.js ...args` in the repository root. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): RunningCli {
  const child = spawn(process.execPath, ['bin/saydo.js', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs `node bin/saydo.js ...args` to the end. */
export function runCli(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).done;
}

/** Kills every command still running (for afterEach). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
