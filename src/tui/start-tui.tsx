import { render } from 'ink';
import { App } from './App.js';
import type { RunServices, RunSession } from './run-session.js';

/** Where the terminal UI runs and what it may use. */
export interface TuiOptions {
  /** Project folder. @default '.' */
  root?: string;
  services: RunServices;
  noColor: boolean;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Aborting it closes the UI (SIGTERM, say); a running run is cancelled and kept. */
  signal?: AbortSignal;
}

const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';

/**
 * Runs the terminal UI until the user quits, on the terminal's alternate screen (so the shell's screen comes back
 * as it was), and stops any run still going (finished work is kept). Resolves with the exit code.
 */
export async function startTui(options: TuiOptions): Promise<number> {
  const sessions = new Set<RunSession>();
  options.stdout.write(ENTER_ALTERNATE_SCREEN);
  const instance = render(<App root={options.root ?? '.'} services={options.services} noColor={options.noColor} onRunStarted={(session) => sessions.add(session)} />, {
    stdin: options.stdin,
    stdout: options.stdout,
    stderr: options.stderr,
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: 20,
  });
  const onAbort = () => instance.unmount();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let cancelled = false;
  try {
    await instance.waitUntilExit();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    options.stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
  for (const session of sessions) {
    if (!session.live) continue;
    cancelled = true;
    options.stderr.write(`Stopping the run in ${session.runDir}; finished work is kept (resume it from saydo ui or saydo run).\n`);
    session.cancel();
    await session.finished;
  }
  return cancelled ? 130 : 0;
}
