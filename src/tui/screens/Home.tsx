import { TextInput } from '@inkjs/ui';
import { Box, Text, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { SaydoError } from '../../core/errors.js';
import { Frame, FRAME_ROWS } from '../components/Frame.js';
import type { KeyHint } from '../components/KeyHints.js';
import { SelectList, type ListItem } from '../components/SelectList.js';
import { Table } from '../components/Table.js';
import { truncate, wrapText } from '../components/text.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { useTextEntry } from '../input-mode.js';
import { describeRunState, isResumable, scanProject, type AgentEntry, type Project, type RunEntry, type SuiteEntry } from '../project.js';
import { folderStatus, prepareRun, proposeRunDir, type FolderStatus, type PreparedRun } from '../run-session.js';
import { useTheme } from '../theme.js';

/** The lists of the Home screen, in tab order. */
export const HOME_TABS = ['suites', 'agents', 'runs', 'scenarios'] as const;
export type HomeTab = (typeof HOME_TABS)[number];

/** Props of the Home screen. */
export interface HomeProps {
  /** Project folder: suites, scenarios, agents and runs are found under it. */
  root: string;
  /** Versions recorded in a manifest (the run fingerprint does not depend on them). */
  versions: Record<string, string>;
  /** Start (or continue) a run of a prepared suite into a folder. */
  onStartRun(prepared: PreparedRun, runDir: string): void;
  /** Open the Results of a run folder. */
  onOpenRun(runDir: string): void;
  /** Open the Scenarios screen, at a scenario file when given. */
  onOpenScenarios(file?: string): void;
  onQuit(): void;
}

type Wizard =
  | { step: 'agents'; suite: SuiteEntry }
  | { step: 'folder'; suite: SuiteEntry; prepared: PreparedRun; proposal: { dir: string; status: FolderStatus; taken: string | null } };

type Row = ListItem & { entry: SuiteEntry | AgentEntry | RunEntry | string };

/** Why an error happened, in one or two lines. */
function describe(error: unknown): string {
  return error instanceof SaydoError ? error.describe() : error instanceof Error ? error.message : String(error);
}

/**
 * Home: the project's suites, agent profiles, earlier runs and scenarios, one list per tab. Enter on a suite starts a
 * run (choose agents, then the folder); enter on a run opens its Results, `r` resumes a partial one.
 */
export function Home(props: HomeProps) {
  const theme = useTheme();
  const { columns, rows } = useTerminalSize();
  const [project, setProject] = useState<Project | null>(null);
  const [tab, setTab] = useState<HomeTab>('suites');
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [wizard, setWizard] = useState<Wizard | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'error' | 'ok' | 'warn' } | null>(null);
  const [highlighted, setHighlighted] = useState<Row | null>(null);
  // Where the cursor was in each list, so switching tabs keeps it.
  const cursors = useRef<Partial<Record<HomeTab, number>>>({});
  const { root } = props;

  // Read the project each time Home is shown: a run may have been added or finished meanwhile.
  useEffect(() => {
    setProject(scanProject(root));
  }, [root]);

  useTextEntry(wizard?.step === 'folder');

  const toggle = useCallback((key: string) => {
    setChecked((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  const startWizard = (suite: SuiteEntry) => {
    if (suite.error) {
      setMessage({ text: suite.error, tone: 'error' });
      return;
    }
    setMessage(null);
    setWizard({ step: 'agents', suite });
  };

  const chooseFolder = (suite: SuiteEntry) => {
    const agents = (project?.agents ?? []).filter((a) => checked.has(a.file));
    if (agents.length === 0) {
      setMessage({ text: 'Choose at least one agent: space marks it.', tone: 'warn' });
      return;
    }
    try {
      const prepared = prepareRun(suite.file, agents.map((a) => a.file), props.versions);
      setMessage(null);
      setWizard({ step: 'folder', suite, prepared, proposal: proposeRunDir(root, prepared.suite.suite.name, prepared.fingerprint) });
    } catch (error) {
      setMessage({ text: describe(error), tone: 'error' });
    }
  };

  const submitFolder = (prepared: PreparedRun, value: string) => {
    const dir = value.trim();
    if (dir === '') return;
    const status = folderStatus(dir, prepared.fingerprint);
    if (status === 'other-run' || status === 'not-a-run') {
      setMessage({ text: `${dir} ${status === 'other-run' ? 'holds a different run' : 'is not a run folder'}: choose another folder.`, tone: 'error' });
      return;
    }
    setWizard(null);
    setMessage(null);
    props.onStartRun(prepared, dir);
  };

  const resume = (run: RunEntry) => {
    if (!isResumable(run)) {
      setMessage({ text: `${run.dir} is complete; enter opens its results.`, tone: 'ok' });
      return;
    }
    if (run.manifest.shard) {
      setMessage({ text: `${run.dir} is shard ${run.manifest.shard.index}/${run.manifest.shard.count}: resume it with saydo run --shard.`, tone: 'warn' });
      return;
    }
    try {
      const prepared = prepareRun(run.manifest.suite.file, run.manifest.agents.map((a) => a.file), props.versions);
      if (prepared.fingerprint !== run.manifest.fingerprint) {
        setMessage({ text: `The suite, its scenarios or the agent profiles changed since ${run.dir} started: it cannot continue as it is.`, tone: 'error' });
        return;
      }
      setMessage(null);
      props.onStartRun(prepared, run.dir);
    } catch (error) {
      setMessage({ text: describe(error), tone: 'error' });
    }
  };

  useInput(
    (input, key) => {
      if (wizard) {
        if (key.escape || (wizard.step === 'agents' && input === 'q')) {
          setMessage(null);
          setWizard(wizard.step === 'folder' ? { step: 'agents', suite: wizard.suite } : null);
        } else if (wizard.step === 'agents' && input === 'a') {
          const all = project?.agents.filter((a) => !a.error).map((a) => a.file) ?? [];
          setChecked(all.every((file) => checked.has(file)) ? new Set() : new Set(all));
        } else if (wizard.step === 'agents' && key.return) {
          chooseFolder(wizard.suite);
        }
        return;
      }
      const shift = (by: number) => setTab((prev) => HOME_TABS[(HOME_TABS.indexOf(prev) + by + HOME_TABS.length) % HOME_TABS.length] ?? 'suites');
      if (input === 'q' || key.escape) props.onQuit();
      else if (key.tab || key.rightArrow || input === 'l') shift(key.shift ? -1 : 1);
      else if (key.leftArrow || input === 'h') shift(-1);
      else if (/^[1-4]$/.test(input)) setTab(HOME_TABS[Number(input) - 1] ?? 'suites');
      else if (input === 's') props.onOpenScenarios();
      else if (input === 'r' && tab === 'runs' && highlighted) {
        resume(highlighted.entry as RunEntry);
        return;
      } else return;
      setMessage(null);
    },
  );

  const rowsOf = useMemo((): Record<HomeTab, Row[]> => {
    if (!project) return { suites: [], agents: [], runs: [], scenarios: [] };
    return {
      suites: project.suites.map((s) => ({ key: s.file, label: s.name, entry: s, ...(s.error ? { tone: 'error' as const } : {}) })),
      agents: project.agents.map((a) => ({ key: a.file, label: a.name, entry: a, ...(a.error ? { tone: 'error' as const } : {}) })),
      runs: project.runs.map((r) => ({ key: r.dir, label: r.name, entry: r, ...(r.state !== 'complete' ? { tone: 'warn' as const } : {}) })),
      scenarios: project.scenarios.map((file) => ({ key: file, label: file, entry: file })),
    };
  }, [project]);

  const height = rows - 1;
  const bodyRows = height - FRAME_ROWS;
  const title = `saydo · ${root === '.' ? 'Home' : `Home · ${root}`}`;

  if (wizard) {
    return (
      <NewRun
        wizard={wizard}
        agents={project?.agents ?? []}
        checked={checked}
        onToggle={toggle}
        onSubmitFolder={submitFolder}
        message={message}
        width={columns}
        height={height}
        title={title}
      />
    );
  }

  const hints: Record<HomeTab, KeyHint[]> = {
    suites: [['enter', 'new run'], ['tab', 'next list'], ['s', 'scenarios'], ['q', 'quit']],
    agents: [['space', 'mark for the next run'], ['tab', 'next list'], ['q', 'quit']],
    runs: [['enter', 'results'], ['r', 'resume'], ['tab', 'next list'], ['q', 'quit']],
    scenarios: [['enter', 'check, graph, play'], ['tab', 'next list'], ['q', 'quit']],
  };
  const counts = project ? { suites: project.suites.length, agents: project.agents.length, runs: project.runs.length, scenarios: project.scenarios.length } : null;
  const detailRows = 3;
  const listRows = Math.max(2, bodyRows - 2 - detailRows - 1);
  const items = rowsOf[tab];
  return (
    <Frame title={title} hints={hints[tab]} width={columns} height={height}>
      <Text wrap="truncate-end">
        {HOME_TABS.map((name, i) => (
          <Text key={name} bold={name === tab} color={name === tab ? theme.accent : theme.muted}>
            {name === tab ? `[${i + 1} ${name}${counts ? ` ${counts[name]}` : ''}]` : ` ${i + 1} ${name}${counts ? ` ${counts[name]}` : ''} `}{' '}
          </Text>
        ))}
      </Text>
      <Text color={theme.muted}>{'─'.repeat(columns)}</Text>
      {!project ? (
        <Text>Reading the project…</Text>
      ) : (
        <HomeList
          key={tab}
          tab={tab}
          items={items}
          width={columns}
          height={listRows}
          checked={checked}
          initialIndex={cursors.current[tab] ?? 0}
          onToggle={toggle}
          onHighlight={(row, index) => {
            cursors.current[tab] = index;
            setHighlighted(row);
          }}
          onSelect={(row) => {
          if (tab === 'suites') startWizard(row.entry as SuiteEntry);
          else if (tab === 'agents') toggle(row.key);
          else if (tab === 'runs') props.onOpenRun((row.entry as RunEntry).dir);
          else props.onOpenScenarios(row.entry as string);
        }} />
      )}
      <Box flexDirection="column" height={detailRows} marginTop={1}>
        {message ? (
          wrapText(message.text, columns).slice(0, detailRows).map((line, i) => (
            <Text key={i} color={theme[message.tone]}>
              {line}
            </Text>
          ))
        ) : (
          <Detail tab={tab} row={highlighted && items.some((r) => r.key === highlighted.key) ? highlighted : null} width={columns} rows={detailRows} checked={checked.size} />
        )}
      </Box>
    </Frame>
  );
}

function HomeList(props: {
  tab: HomeTab;
  items: Row[];
  width: number;
  height: number;
  checked: ReadonlySet<string>;
  initialIndex: number;
  onToggle(key: string): void;
  onHighlight(row: Row, index: number): void;
  onSelect(row: Row): void;
}) {
  const { tab, items } = props;
  const common = { items, width: props.width, height: props.height, initialIndex: props.initialIndex, onHighlight: props.onHighlight, onSelect: props.onSelect };
  if (tab === 'suites') {
    return <Table {...common} empty="No suites under scenarios/suites." columns={[{ title: 'suite', max: 24 }, { title: 'contents' }]} cells={(r) => [r.label, (r.entry as SuiteEntry).error ? `error: ${(r.entry as SuiteEntry).error}` : (r.entry as SuiteEntry).summary]} />;
  }
  if (tab === 'agents') {
    return (
      <Table
        {...common}
        empty="No agent profiles under agents/."
        checked={props.checked}
        onToggle={(row) => props.onToggle(row.key)}
        columns={[{ title: 'agent', max: 22 }, { title: 'model', max: 24 }, { title: 'description' }]}
        cells={(r) => {
          const a = r.entry as AgentEntry;
          return [r.label, a.kind, a.error ? `error: ${a.error}` : a.description];
        }}
      />
    );
  }
  if (tab === 'runs') {
    return (
      <Table
        {...common}
        empty="No runs under runs/ yet: start one from a suite."
        columns={[{ title: 'run', max: 22 }, { title: 'state', max: 42 }, { title: 'suite · agents' }]}
        cells={(r) => {
          const run = r.entry as RunEntry;
          return [r.label, describeRunState(run), `${run.manifest.suite.name} · ${run.manifest.agents.map((a) => a.name).join(', ')}`];
        }}
      />
    );
  }
  return <SelectList {...common} empty="No scenarios under scenarios/worlds." />;
}

function Detail(props: { tab: HomeTab; row: Row | null; width: number; rows: number; checked: number }) {
  const theme = useTheme();
  const lines: string[] = [];
  const { row } = props;
  if (row && props.tab === 'suites') {
    const suite = row.entry as SuiteEntry;
    if (suite.error) lines.push(suite.error);
    else lines.push(`${suite.file}${suite.description ? `: ${suite.description}` : ''}`);
    if (!suite.error) lines.push(props.checked > 0 ? `${props.checked} agent(s) marked for the next run.` : 'Enter starts a run of this suite; you choose the agents next.');
  } else if (row && props.tab === 'agents') {
    const agent = row.entry as AgentEntry;
    lines.push(`${agent.file}${agent.description ? `: ${agent.description}` : ''}`);
    if (agent.error) lines.push(agent.error);
  } else if (row && props.tab === 'runs') {
    const run = row.entry as RunEntry;
    lines.push(`${run.dir}: suite ${run.manifest.suite.file}, ${run.manifest.agents.length} agent(s)`);
    lines.push(run.state === 'complete' ? (run.metrics ? 'Enter opens the results.' : 'Complete; enter opens it (the report is computed there).') : 'r continues it: finished work is kept, the rest is run (failed calls are retried).');
  } else if (row && props.tab === 'scenarios') {
    lines.push(`${row.entry as string}: enter checks it, draws its graph and lets you play it.`);
  }
  return (
    <>
      {lines
        .flatMap((line) => wrapText(line, props.width))
        .slice(0, props.rows)
        .map((line, i) => (
          <Text key={i} color={theme.muted}>
            {truncate(line, props.width)}
          </Text>
        ))}
    </>
  );
}

function NewRun(props: {
  wizard: Wizard;
  agents: AgentEntry[];
  checked: ReadonlySet<string>;
  onToggle(key: string): void;
  onSubmitFolder(prepared: PreparedRun, value: string): void;
  message: { text: string; tone: 'error' | 'ok' | 'warn' } | null;
  width: number;
  height: number;
  title: string;
}) {
  const theme = useTheme();
  const { wizard, width } = props;
  const bodyRows = props.height - FRAME_ROWS;
  const messageLines = props.message ? wrapText(props.message.text, width).slice(0, 3) : [];
  if (wizard.step === 'agents') {
    const items = props.agents.map((a) => ({ key: a.file, label: a.name, entry: a, ...(a.error ? { tone: 'error' as const } : {}) }));
    return (
      <Frame title={`${props.title} · new run of ${wizard.suite.name}`} hints={[['space', 'mark'], ['a', 'all'], ['enter', 'continue'], ['esc', 'back']]} width={width} height={props.height}>
        <Text>Which agents? ({props.checked.size} marked)</Text>
        <Table
          items={items}
          width={width}
          height={Math.max(2, bodyRows - 2 - messageLines.length)}
          checked={props.checked}
          onToggle={(row) => props.onToggle(row.key)}
          columns={[{ title: 'agent', max: 22 }, { title: 'model', max: 24 }, { title: 'description' }]}
          cells={(r) => [r.label, r.entry.kind, r.entry.error ? `error: ${r.entry.error}` : r.entry.description]}
        />
        {messageLines.map((line, i) => (
          <Text key={i} color={props.message ? theme[props.message.tone] : undefined}>
            {line}
          </Text>
        ))}
      </Frame>
    );
  }
  const { prepared, proposal } = wizard;
  const note =
    proposal.status === 'same-run'
      ? `${proposal.dir} holds this same run: it continues where it stopped.`
      : proposal.taken
        ? `${proposal.taken} holds a different run, so a new folder is proposed.`
        : 'A new run folder.';
  const agents = prepared.agents.map((a) => a.profile.name).join(', ');
  return (
    <Frame title={`${props.title} · new run of ${wizard.suite.name}`} hints={[['enter', 'start'], ['esc', 'back']]} width={width} height={props.height}>
      <Text wrap="truncate-end">Suite {prepared.suite.suite.name}: {prepared.suite.scenarios.length} scenario(s), catalog {prepared.suite.catalog.catalog.name}</Text>
      <Text wrap="truncate-end">Agents: {agents}</Text>
      <Text> </Text>
      <Text color={theme.muted} wrap="truncate-end">
        {note}
      </Text>
      <Box>
        <Text>Run folder: </Text>
        <TextInput defaultValue={proposal.dir} onSubmit={(value) => props.onSubmitFolder(prepared, value)} />
      </Box>
      <Text> </Text>
      {messageLines.map((line, i) => (
        <Text key={i} color={props.message ? theme[props.message.tone] : undefined}>
          {line}
        </Text>
      ))}
    </Frame>
  );
}
