import type { CliContext } from './cli-context.js';

/** Turns the first Ctrl-C or SIGTERM into an abort (the job stops and keeps what it did); a second one exits at once. */
export function abortOnSignals(context: CliContext): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let count = 0;
  const onSignal = () => {
    count += 1;
    if (count > 1) process.exit(130);
    context.stderr.write('\nInterrupted: stopping, keeping every finished answer (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
