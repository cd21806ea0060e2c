import { useInput } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunMetrics } from '../../analysis/metric-types.js';
import { groupKeys, resultsLines, resultsTitle, type ResultsSelection } from '../charts/results-view.js';
import { Lines, type StyledLine } from '../charts/screen-kit.js';
import { Frame, FRAME_ROWS } from '../components/Frame.js';
import type { KeyHint } from '../components/KeyHints.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { computeMetrics, readFreshMetrics } from '../run-data.js';
import type { TrajectoryFilter } from './Trajectories.js';

type Load = { phase: 'loading' } | { phase: 'computing' } | { phase: 'ready'; metrics: RunMetrics; source: string } | { phase: 'failed'; message: string };

const HINTS: readonly KeyHint[] = [
  ['←/→', 'agent'],
  ['s/S', 'scenario'],
  ['c/C', 'condition'],
  ['t', 'trajectories'],
  ['q', 'back'],
];

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The metrics of a run: the headline per agent, a table per scenario (or condition) for the selected agent, behaviour
 * against stated choice probability and step alignment as terminal charts. Reads metrics.json when it is newer than
 * the event logs, else computes the metrics.
 */
export function Results(props: { runDir: string; onBack(): void; onOpenTrajectories(filter?: TrajectoryFilter): void }) {
  const { columns, rows } = useTerminalSize();
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [selection, setSelection] = useState<ResultsSelection>({ agent: 0, by: 'scenario', key: null });

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      try {
        const fresh = readFreshMetrics(props.runDir);
        if (live) setLoad(fresh ? { phase: 'ready', metrics: fresh, source: 'metrics.json' } : { phase: 'computing' });
      } catch (error) {
        if (live) setLoad({ phase: 'failed', message: messageOf(error) });
      }
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [props.runDir]);

  useEffect(() => {
    if (load.phase !== 'computing') return;
    let live = true;
    // On a worker thread: the screen keeps drawing and answering keys (q goes back) while a large run is analysed.
    computeMetrics(props.runDir).then(
      (metrics) => {
        if (live) setLoad({ phase: 'ready', metrics, source: 'the event logs' });
      },
      (error: unknown) => {
        if (live) setLoad({ phase: 'failed', message: messageOf(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [load.phase, props.runDir]);

  const metrics = load.phase === 'ready' ? load.metrics : undefined;
  // Ink re-subscribes the key handler after each commit; a key read before that must still see the latest data.
  const latest = useRef({ metrics, selection, props });
  latest.current = { metrics, selection, props };

  useInput((input, key) => {
    const { metrics: shown, selection: current, props: now } = latest.current;
    if (input === 'q' || key.escape) return now.onBack();
    if (!shown || shown.agents.length === 0) return;
    const count = shown.agents.length;
    if (key.rightArrow || (key.tab && !key.shift)) setSelection((prev) => ({ agent: (prev.agent + 1) % count, by: prev.by, key: null }));
    else if (key.leftArrow || (key.tab && key.shift)) setSelection((prev) => ({ agent: (prev.agent + count - 1) % count, by: prev.by, key: null }));
    else if (input === 's' || input === 'S' || input === 'c' || input === 'C') {
      const by = input.toLowerCase() === 's' ? 'scenario' : 'condition';
      setSelection((prev) => {
        const keys = groupKeys(shown.agents[prev.agent], by);
        const at = prev.by === by ? keys.indexOf(prev.key) : 0;
        const step = input === input.toLowerCase() ? 1 : keys.length - 1;
        return { agent: prev.agent, by, key: keys[(at + step) % keys.length] ?? null };
      });
    } else if (input === 't') {
      const agent = shown.agents[current.agent];
      if (!agent) return;
      const filter: TrajectoryFilter = { agent: agent.agent };
      if (current.key !== null) filter[current.by] = current.key;
      now.onOpenTrajectories(filter);
    }
  });

  const height = rows - 1;
  const body = useMemo((): StyledLine[] => {
    if (load.phase === 'ready') return load.metrics.agents.length === 0 ? [{ text: 'this run has no agents' }] : resultsLines(load.metrics, selection, { columns, rows: height - FRAME_ROWS });
    if (load.phase === 'loading') return [{ text: 'loading results…' }];
    if (load.phase === 'computing') return [{ text: 'computing the metrics from the event logs (no metrics.json newer than them)…' }];
    return [{ text: `cannot show results: ${load.message}`, tone: 'error' }];
  }, [load, selection, columns, height]);
  const title = load.phase === 'ready' ? resultsTitle(load.metrics, load.source) : `saydo · Results · ${props.runDir}`;
  return (
    <Frame title={title} hints={load.phase === 'ready' ? HINTS : [['q', 'back']]} width={columns} height={height}>
      <Lines lines={body} width={columns} />
    </Frame>
  );
}
