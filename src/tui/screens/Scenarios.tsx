import { Text, useInput } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import { formatProblem } from '../../core/errors.js';
import { describeYield, graphText } from '../../world/graph.js';
import { checkScenarioFile, type ScenarioCheck } from '../../world/load-scenario.js';
import { Frame, FRAME_ROWS } from '../components/Frame.js';
import { ScrollText, type TextLine } from '../components/ScrollText.js';
import { Table } from '../components/Table.js';
import { truncate, wrapText } from '../components/text.js';
import { useTerminalSize } from '../components/use-terminal-size.js';
import { checkStatus, listCatalogs, listScenarioFiles } from '../project.js';
import { Play } from './Play.js';

/** Props of the Scenarios screen. */
export interface ScenariosProps {
  /** Project folder: scenarios under scenarios/worlds, catalogs under scenarios/outcomes. */
  root: string;
  /** Open this scenario file at once; going back from it leaves the screen. */
  file?: string;
  onBack(): void;
}

/** What the detail view of a scenario shows: summary, problems (file:line:column) and the state graph. */
export function scenarioLines(check: ScenarioCheck, width: number): TextLine[] {
  const lines: TextLine[] = [];
  const push = (text: string, extra: Omit<TextLine, 'text'> = {}) => {
    for (const part of wrapText(text, width)) lines.push({ text: part, ...extra });
  };
  const loaded = check.loaded;
  if (loaded) {
    const { scenario, exploration } = loaded;
    push(`${scenario.id} (${scenario.domain}): ${scenario.title}`, { bold: true });
    push(`states ${Object.keys(scenario.states).length}, tools ${Object.keys(scenario.tools).length}, slots ${Object.keys(scenario.slots).join(', ')}, conditions ${Object.keys(scenario.conditions).join(', ')}`);
    push(`endings: ${Object.keys(scenario.endings).map((ending) => `${ending} -> ${describeYield(scenario, ending)}`).join('; ')}`);
    push(`longest natural path ${exploration.longestPath} steps, shortest ${exploration.shortestPath}, step limit ${scenario.limits.max_steps}, ${exploration.configurations} configurations`);
  }
  const status = checkStatus(check);
  if (lines.length > 0) lines.push({ text: '' });
  push(`Problems: ${check.problems.length === 0 ? 'none' : status.text}`, { bold: true, tone: status.tone === 'muted' ? 'ok' : status.tone });
  for (const problem of check.problems) {
    const [first = '', ...rest] = formatProblem(problem).split('\n');
    push(`${problem.severity}: ${first}`, { tone: problem.severity === 'error' ? 'error' : 'warn' });
    for (const line of rest) push(line, { tone: 'muted' });
  }
  if (loaded) {
    lines.push({ text: '' });
    push('Graph', { bold: true });
    for (const line of graphText(loaded.scenario).split('\n')) push(line);
  }
  return lines;
}

type View = { mode: 'list' } | { mode: 'detail'; file: string } | { mode: 'play'; file: string };

/**
 * Scenarios: every scenario file with its check status; enter shows a scenario's problems (file:line:column) and its
 * state graph, `p` plays it as an agent would (the CLI's play mode).
 */
export function Scenarios(props: ScenariosProps) {
  const { columns, rows } = useTerminalSize();
  const files = useMemo(() => listScenarioFiles(props.root), [props.root]);
  const catalogs = useMemo(() => listCatalogs(props.root), [props.root]);
  const [checks, setChecks] = useState<ReadonlyMap<string, ScenarioCheck>>(new Map());
  const [view, setView] = useState<View>(props.file ? { mode: 'detail', file: props.file } : { mode: 'list' });
  const [cursor, setCursor] = useState(props.file ? Math.max(0, files.indexOf(props.file)) : 0);

  // Check one file per tick, the opened one first, so the screen shows at once and fills in.
  useEffect(() => {
    const order = props.file ? [props.file, ...files.filter((f) => f !== props.file)] : files;
    let index = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = () => {
      const file = order[index++];
      if (file === undefined) return;
      const check = checkScenarioFile(file);
      setChecks((prev) => new Map(prev).set(file, check));
      timer = setTimeout(next, 0);
    };
    timer = setTimeout(next, 0);
    return () => clearTimeout(timer);
  }, [files, props.file]);

  const height = rows - 1;
  const bodyRows = height - FRAME_ROWS;
  const back = () => {
    if (view.mode === 'play') setView({ mode: 'detail', file: view.file });
    else if (view.mode === 'detail' && !props.file) setView({ mode: 'list' });
    else props.onBack();
  };

  useInput(
    (input, key) => {
      if (input === 'q' || key.escape) back();
      else if (input === 'p' && view.mode === 'detail' && checks.get(view.file)?.loaded) setView({ mode: 'play', file: view.file });
    },
    { isActive: view.mode !== 'play' },
  );

  if (view.mode === 'play') {
    const loaded = checks.get(view.file)?.loaded;
    if (loaded) return <Play scenario={loaded.scenario} file={view.file} catalogs={catalogs} width={columns} height={height} onBack={back} />;
  }
  if (view.mode === 'detail' || view.mode === 'play') {
    const check = checks.get(view.file);
    const lines = check ? scenarioLines(check, columns) : [{ text: 'Checking…' }];
    return (
      <Frame title={`saydo · scenario ${view.file}`} hints={[['↑↓', 'scroll'], ...(check?.loaded ? ([['p', 'play']] as const) : []), ['q', 'back']]} width={columns} height={height}>
        <ScrollText lines={lines} width={columns} height={bodyRows} />
      </Frame>
    );
  }
  const items = files.map((file) => {
    const status = checkStatus(checks.get(file));
    return { key: file, label: file, tone: status.tone, status: status.text, check: checks.get(file) };
  });
  const done = files.filter((f) => checks.has(f)).length;
  return (
    <Frame title="saydo · scenarios" right={done < files.length ? `checking ${done}/${files.length}` : '? help'} hints={[['enter', 'problems and graph'], ['q', 'back']]} width={columns} height={height}>
      <Table
        items={items}
        width={columns}
        height={bodyRows}
        initialIndex={cursor}
        empty="No scenarios under scenarios/worlds."
        onHighlight={(_, index) => setCursor(index)}
        onSelect={(item) => setView({ mode: 'detail', file: item.key })}
        columns={[{ title: 'check', max: 16 }, { title: 'file', max: 44 }, { title: 'title' }]}
        cells={(item) => [item.status, truncate(item.label.replace(/^.*[\\/]/, ''), 44), item.check?.loaded ? item.check.loaded.scenario.title : '']}
      />
    </Frame>
  );
}
