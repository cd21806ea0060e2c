import { useInput } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { EpisodeRecord } from '../../analysis/episode-record.js';
import { filterLines, listColumns, listHeader, listRow } from '../charts/episode-list-view.js';
import { episodeHeader, pageLines } from '../charts/episode-view.js';
import { Lines, type StyledLine } from '../charts/screen-kit.js';
import { initialTrajectoryState, trajectoryReducer, type KeyContext } from '../charts/trajectory-state.js';
import { Frame, FRAME_ROWS } from '../components/Frame.js';
import type { KeyHint } from '../components/KeyHints.js';
import { windowOffset } from '../components/use-list-cursor.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { EpisodeReader, filterValues, loadEpisodeList, matchesFilter, type EpisodeList, type TrajectoryFilter } from '../run-data.js';

export type { TrajectoryFilter } from '../run-data.js';

type ListLoad = { phase: 'loading' } | { phase: 'ready'; list: EpisodeList } | { phase: 'failed'; message: string };

const LIST_HINTS: readonly KeyHint[] = [
  ['↑/↓ PgUp/PgDn', 'move'],
  ['enter', 'open'],
  ['f', 'filter'],
  ['←/→', 'change it'],
  ['x', 'clear'],
  ['q', 'back'],
];
const EPISODE_HINTS: readonly KeyHint[] = [
  ['←/→ n/p', 'step'],
  ['c', 'commitment'],
  ['↑/↓ PgUp/PgDn', 'scroll'],
  ['q', 'list'],
];

const NO_RECORDS: EpisodeRecord[] = [];

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The episodes of a run, filterable, and one episode step by step: prompts, turns, tool calls, observations, and at each
 * step the available actions with their stated Q. The list is virtualised; an episode's events are read by offset.
 * `episodes` hands in records already loaded (tests, or a caller that holds them); otherwise the logs are read once.
 */
export function Trajectories(props: { runDir: string; onBack(): void; initialFilter?: TrajectoryFilter; episodes?: EpisodeList }) {
  const { columns: width, rows } = useTerminalSize();
  const height = rows - 1;
  const bodyRows = height - FRAME_ROWS;
  const [load, setLoad] = useState<ListLoad>(props.episodes ? { phase: 'ready', list: props.episodes } : { phase: 'loading' });
  const [state, dispatch] = useReducer(trajectoryReducer, props.initialFilter, initialTrajectoryState);
  const { filter, focus, open } = state;
  const reader = useMemo(() => new EpisodeReader(props.runDir), [props.runDir]);

  useEffect(() => {
    if (props.episodes) return;
    let live = true;
    // Reading every log takes a moment on a large run; the first frame says so before the read blocks.
    const timer = setTimeout(() => {
      try {
        const list = loadEpisodeList(props.runDir);
        if (live) setLoad({ phase: 'ready', list });
      } catch (error) {
        if (live) setLoad({ phase: 'failed', message: messageOf(error) });
      }
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [props.runDir, props.episodes]);

  const reading = open && !open.detail && !open.error ? open.record : null;
  useEffect(() => {
    if (!reading) return;
    // Only this episode's block is read, by its offset in the agent's log (indexed once per agent).
    const timer = setTimeout(() => {
      try {
        dispatch({ type: 'read', record: reading, detail: reader.read(reading.agent, reading.episode), error: null });
      } catch (error) {
        dispatch({ type: 'read', record: reading, detail: null, error: messageOf(error) });
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [reading, reader]);

  const onBack = useRef(props.onBack);
  onBack.current = props.onBack;
  useEffect(() => {
    if (state.leave > 0) onBack.current();
  }, [state.leave]);

  const records = load.phase === 'ready' ? load.list.records : NO_RECORDS;
  const values = useMemo(() => filterValues(records), [records]);
  const largestPair = useMemo(() => records.reduce((max, record) => Math.max(max, record.pairIndex), 0), [records]);
  const columns = useMemo(() => listColumns(values, filter, width, largestPair), [values, filter, width, largestPair]);
  const shown = useMemo(() => records.filter((record) => matchesFilter(record, filter)), [records, filter]);
  // Two filter lines and the column header; the rest is rows.
  const visible = Math.max(1, bodyRows - 3);
  const at = Math.min(state.cursor, Math.max(0, shown.length - 1));
  const first = windowOffset(at, state.top, visible, shown.length);
  const body = useMemo(() => (open?.detail ? pageLines(open.detail, open.page, width) : []), [open?.detail, open?.page, width]);
  // Three header lines over the page, and a position line when it does not fit.
  const pageRows = body.length <= bodyRows - 3 ? bodyRows - 3 : Math.max(1, bodyRows - 4);

  // Ink re-subscribes the key handler after each commit; a key read before that must still see the latest frame.
  const context = useRef<KeyContext & { ready: boolean }>({ ready: false, shown, visible, values, pageLength: body.length, pageRows });
  context.current = { ready: load.phase === 'ready', shown, visible, values, pageLength: body.length, pageRows };
  useInput((input, key) => {
    if (context.current.ready || input === 'q' || key.escape) dispatch({ type: 'key', input, key, context: context.current });
  });

  let title = 'saydo · Trajectories';
  let hints: readonly KeyHint[] = [['q', 'back']];
  const lines: StyledLine[] = [];
  if (open) {
    title = `saydo · Trajectory · ${open.record.agent} · ${open.record.episode}`;
    hints = EPISODE_HINTS;
    if (open.detail) {
      lines.push(...episodeHeader(open.detail, open.record, open.page, width));
      const from = Math.min(open.scroll, Math.max(0, body.length - pageRows));
      lines.push(...body.slice(from, from + pageRows));
      if (body.length > pageRows) lines.push({ text: `  lines ${from + 1}-${Math.min(body.length, from + pageRows)} of ${body.length}${from + pageRows < body.length ? '  ↓ more' : ''}`, tone: 'muted' });
    } else {
      lines.push(open.error ? { text: `cannot read this episode: ${open.error}`, tone: 'error' } : { text: 'reading the episode…' });
    }
  } else if (load.phase !== 'ready') {
    lines.push(load.phase === 'loading' ? { text: 'loading episodes…' } : { text: `cannot list episodes: ${load.message}`, tone: 'error' });
  } else {
    const skipped = load.list.skipped.length > 0 ? ` · ${load.list.skipped.length} log lines skipped` : '';
    title = `saydo · Trajectories · ${shown.length} of ${records.length} episodes${shown.length > 0 ? ` · row ${at + 1}` : ''}${skipped}`;
    hints = LIST_HINTS;
    lines.push(...filterLines(filter, focus, width));
    lines.push({ text: listHeader(columns, width), tone: 'muted' });
    for (let i = first; i < Math.min(shown.length, first + visible); i += 1) lines.push(listRow(shown[i] as EpisodeRecord, columns, width, i === at));
    if (shown.length === 0) lines.push({ text: '  no episode matches the filter (x clears it)' });
  }
  return (
    <Frame title={title} hints={hints} width={width} height={height}>
      <Lines lines={lines} width={width} />
    </Frame>
  );
}
