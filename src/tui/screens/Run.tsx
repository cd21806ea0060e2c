import { Box, Text, useInput } from 'ink';
import { memo, useState, useSyncExternalStore } from 'react';
import { Frame, FRAME_ROWS } from '../components/Frame.js';
import type { KeyHint } from '../components/KeyHints.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { fit, formatCount, formatDuration, formatRate, truncate, wrapText } from '../components/text.js';
import { useListCursor } from '../components/use-list-cursor.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { phaseRate, type AgentView, type PhaseView, type RunSnapshot, type RunStatus, type RunStore } from '../run-store.js';
import { useTheme } from '../theme.js';

/** What the Run screen needs of a run: its store and a way to cancel it (a RunSession). */
export interface RunControl {
  readonly store: RunStore;
  cancel(): void;
}

/** Props of the Run screen. */
export interface RunProps {
  session: RunControl;
  onBack(): void;
  onOpenResults(runDir: string): void;
}

const ROWS_PER_AGENT = 3;
const LABEL_WIDTH = 13;
/** Room kept right of the bars for count, rate, ETA and steps. */
const TAIL_WIDTH = 50;

/** Whether the run can still be cancelled. */
function isLive(status: RunStatus): boolean {
  return status === 'starting' || status === 'running';
}

/** Whether the run has stopped for good. */
function isOver(status: RunStatus): boolean {
  return status === 'done' || status === 'cancelled' || status === 'failed';
}

/** A rule across the screen with a label in it. */
function rule(label: string, width: number): string {
  const text = `── ${label} `;
  return [...text].length >= width ? [...text].slice(0, width).join('') : text + '─'.repeat(width - [...text].length);
}

/** Money as `$0.0123` or `$12.30`. */
function dollars(value: number): string {
  return value < 1 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

function statusLine(snapshot: RunSnapshot): { text: string; tone: 'ok' | 'warn' | 'error' | 'accent' } {
  switch (snapshot.status) {
    case 'starting':
      return { text: 'Starting: reading the run folder…', tone: 'accent' };
    case 'running':
      return { text: 'Running. c cancels (finished work is kept; resume it from Home).', tone: 'accent' };
    case 'cancelling':
      return { text: 'Cancelling: waiting for the calls in flight to stop…', tone: 'warn' };
    case 'finishing':
      return { text: 'Finishing: putting the logs in canonical order…', tone: 'accent' };
    case 'reporting':
      return { text: 'Writing the report (metrics.json, report.md, report.html)…', tone: 'accent' };
    case 'done':
      return { text: `Done${snapshot.budgetReached ? ' (the budget was reached)' : ''}. Wrote ${snapshot.reportFiles.map((f) => f.replace(/^.*[\\/]/, '')).join(', ')}. Enter opens the results.`, tone: 'ok' };
    case 'cancelled':
      return { text: `Cancelled. Finished work is kept in ${snapshot.runDir}; resume it from Home (runs, r).`, tone: 'warn' };
    case 'failed':
      return { text: `The run stopped: ${snapshot.fatal ?? 'unknown error'}`, tone: 'error' };
  }
}

/**
 * Run: live progress of a run, per agent and phase (elicitation comparisons, then episodes) with a bar, rate and ETA,
 * the calls in flight, retries and rate-limit waits, tokens and cost so far, and the latest errors. It only reads the
 * run store's snapshots (at most ten a second); `c` cancels and keeps what is done.
 */
export function Run(props: RunProps) {
  const theme = useTheme();
  const { columns, rows } = useTerminalSize();
  const store = props.session.store;
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [note, setNote] = useState<string | null>(null);
  const height = rows - 1;
  const bodyRows = height - FRAME_ROWS;
  const errorRows = snapshot.errorCount > 0 ? Math.min(3, snapshot.errors.length) + 1 : 0;
  const noticeRows = snapshot.notice && !isOver(snapshot.status) ? 1 : 0;
  const status = statusLine(snapshot);
  const statusLines = wrapText(status.text, columns).slice(0, 3);
  const fixedRows = 2 + noticeRows + errorRows + statusLines.length + (note ? 1 : 0);
  const agentSlots = Math.max(1, Math.floor((bodyRows - fixedRows) / ROWS_PER_AGENT));
  const cursor = useListCursor(snapshot.agents.length, agentSlots);

  useInput((input, key) => {
    if (input === 'c' && !key.ctrl) {
      if (isLive(snapshot.status)) props.session.cancel();
    } else if (key.return && snapshot.status === 'done') {
      props.onOpenResults(snapshot.runDir);
    } else if (input === 'q' || key.escape) {
      if (isOver(snapshot.status)) props.onBack();
      else setNote(isLive(snapshot.status) ? 'The run is going: c cancels it first (finished work is kept).' : 'Wait a moment: the run is stopping.');
      return;
    } else {
      return;
    }
    setNote(null);
  });

  const end = snapshot.endedAt ?? snapshot.now;
  const clock = `${snapshot.status} ${formatDuration(end - snapshot.startedAt)}`;
  const t = snapshot.totals;
  const totals = [
    `tokens ${formatCount(t.inputTokens)}/${formatCount(t.outputTokens)} in/out`,
    t.cost !== null ? dollars(t.cost) : null,
    `${t.inFlight} in flight, ${t.queued} queued`,
    `${t.retries} retries`,
    `${t.rateLimited} rate-limit waits`,
    t.failures > 0 ? `${t.failures} failed calls` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const hints: KeyHint[] = isLive(snapshot.status)
    ? [['c', 'cancel'], ['↑↓', 'agents'], ['?', 'help']]
    : snapshot.status === 'done'
      ? [['enter', 'results'], ['q', 'home'], ['?', 'help']]
      : [['q', 'home'], ['?', 'help']];
  const shown = snapshot.agents.slice(cursor.offset, cursor.offset + agentSlots);
  return (
    <Frame title={`saydo · run ${snapshot.suite} → ${snapshot.runDir}`} right={clock} hints={hints} width={columns} height={height}>
      <Text wrap="truncate-end">{truncate(totals, columns)}</Text>
      <Text color={theme.muted}>
        {rule(`${snapshot.agents.length} agent(s)${snapshot.agents.length > agentSlots ? `, ${cursor.offset + 1}-${cursor.offset + shown.length} shown (↑↓)` : ''}`, columns)}
      </Text>
      <Box flexDirection="column" height={agentSlots * ROWS_PER_AGENT}>
        {shown.map((agent) => (
          <AgentRows key={agent.name} agent={agent} now={snapshot.now} width={columns} />
        ))}
      </Box>
      {noticeRows > 0 && snapshot.notice ? (
        <Text color={theme.warn} wrap="truncate-end">
          {truncate(`latest: ${snapshot.notice.agent}: ${snapshot.notice.text}`, columns)}
        </Text>
      ) : null}
      {errorRows > 0 ? (
        <Box flexDirection="column">
          <Text color={theme.error} bold>
            {`errors: ${snapshot.errorCount}${snapshot.errorCount > 3 ? ' (latest 3)' : ''}`}
          </Text>
          {snapshot.errors.slice(-3).map((error, i) => (
            <Text key={i} color={theme.error} wrap="truncate-end">
              {truncate(`  ${error.agent ? `${error.agent}: ` : ''}${error.message}`, columns)}
            </Text>
          ))}
        </Box>
      ) : null}
      {statusLines.map((line, i) => (
        <Text key={i} color={theme[status.tone]} bold={i === 0}>
          {line}
        </Text>
      ))}
      {note ? <Text color={theme.warn}>{truncate(note, columns)}</Text> : null}
    </Frame>
  );
}

/** The three lines of one agent: its calls, then a bar per phase. Re-renders only when its view or the clock changes. */
const AgentRows = memo(function AgentRows(props: { agent: Readonly<AgentView>; now: number; width: number }) {
  const theme = useTheme();
  const { agent, width } = props;
  const calls = agent.calls;
  const facts = [
    agent.phase,
    calls ? `${calls.inFlight} in flight${calls.queued > 0 ? `, ${calls.queued} queued` : ''}` : null,
    calls ? `${calls.retries} retries` : null,
    calls ? `${agent.rateLimitWaits} waits` : null,
    calls ? `${formatCount(calls.inputTokens + calls.outputTokens)} tok` : null,
    agent.cost !== null ? dollars(agent.cost) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const nameWidth = Math.min(24, Math.max(8, [...agent.name].length));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color={agent.phase === 'done' ? theme.ok : theme.accent}>
          {truncate(agent.name, nameWidth)}
        </Text>
        <Text color={theme.muted}>{truncate(`  ${facts}`, Math.max(0, width - nameWidth))}</Text>
      </Text>
      <PhaseRow label="comparisons" phase={agent.elicitation} now={props.now} width={width} waiting={agent.phase === 'waiting' ? 'waiting' : 'reused profile'} />
      <PhaseRow label="episodes" phase={agent.episodes} now={props.now} width={width} steps={agent.episodes?.steps} waiting="after elicitation" />
    </Box>
  );
});

function PhaseRow(props: { label: string; phase: Readonly<PhaseView> | null; now: number; width: number; steps?: number | undefined; waiting: string }) {
  const theme = useTheme();
  const { phase, width } = props;
  const label = fit(`  ${props.label}`, LABEL_WIDTH);
  if (!phase) {
    return (
      <Text color={theme.muted} wrap="truncate-end">
        {truncate(`${label} ${props.waiting}`, width)}
      </Text>
    );
  }
  const { fraction, perSecond, etaMs } = phaseRate(phase, props.now);
  const finished = phase.done >= phase.planned;
  const count = `${phase.done}/${phase.planned}`;
  const tail = [
    fit(count, 11, 'right'),
    fit(formatRate(perSecond), 8, 'right'),
    fit(finished ? 'done' : etaMs !== null ? `ETA ${formatDuration(etaMs)}` : 'ETA -', 9),
    props.steps !== undefined ? `${formatCount(props.steps)} steps` : null,
    phase.reused > 0 ? `${phase.reused} kept` : null,
    phase.failed > 0 ? `${phase.failed} failed` : null,
  ]
    .filter(Boolean)
    .join(' ');
  // The bar has the same width on every row; what follows it is cut to the line.
  const barWidth = Math.max(8, Math.min(40, width - LABEL_WIDTH - 1 - TAIL_WIDTH));
  return (
    <Text wrap="truncate-end">
      <Text>{label} </Text>
      <ProgressBar fraction={fraction} width={barWidth} failed={phase.failed > 0} />
      <Text color={phase.failed > 0 ? theme.error : undefined}>{truncate(` ${tail}`, Math.max(0, width - LABEL_WIDTH - 1 - barWidth))}</Text>
    </Text>
  );
}
