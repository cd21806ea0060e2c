import { Activity, useCallback, useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import { Frame } from './components/Frame.js';
import { truncate } from './components/text.js';
import { useTerminalSize } from './components/use-terminal-size.js';
import { InputModeContext, type InputMode } from './input-mode.js';
import { RunSession, type PreparedRun, type RunServices } from './run-session.js';
import { Home } from './screens/Home.js';
import { Results } from './screens/Results.js';
import { Run } from './screens/Run.js';
import { Scenarios } from './screens/Scenarios.js';
import { Trajectories, type TrajectoryFilter } from './screens/Trajectories.js';
import { createTheme, ThemeContext, useTheme } from './theme.js';

/** A screen and what it shows. */
export type Route =
  | { screen: 'home' }
  | { screen: 'run'; session: RunSession }
  | { screen: 'results'; runDir: string }
  | { screen: 'trajectories'; runDir: string; filter?: TrajectoryFilter }
  | { screen: 'scenarios'; file?: string };

/** Props of the terminal UI. */
export interface AppProps {
  /** Project folder. @default '.' */
  root?: string;
  /** Environment (API keys), versions and cache of the runs started here: the command line passes them in. */
  services: RunServices;
  /** Turn colour off (NO_COLOR). */
  noColor: boolean;
  /** Screens to open over Home at start (tests). */
  initialRoutes?: Route[];
  /** Told of every run started, so the caller can stop it when the UI exits. */
  onRunStarted?(session: RunSession): void;
}

/** Keys of each screen, for the help overlay. */
const SCREEN_KEYS: Record<Route['screen'], ReadonlyArray<readonly [string, string]>> = {
  home: [
    ['tab / ← → / 1-4', 'switch list: suites, agents, runs, scenarios'],
    ['↑ ↓ / j k, PgUp PgDn', 'move in the list'],
    ['enter on a suite', 'new run: mark agents (space, a all), enter, folder'],
    ['space on an agent', 'mark it for the next run'],
    ['enter on a run', 'open its results'],
    ['r on a run', 'resume a partial run (finished work is kept)'],
    ['s', 'scenarios: check, graph, play'],
    ['q / esc', 'quit'],
  ],
  run: [
    ['c / ctrl-c', 'cancel the run (finished work is kept; resume it from Home)'],
    ['↑ ↓', 'scroll the agents'],
    ['enter', 'open the results when the run is done'],
    ['q / esc', 'back to Home once the run has stopped'],
  ],
  results: [
    ['← → / tab', 'previous / next agent'],
    ['s / S', 'next / previous scenario: the table and charts follow'],
    ['c / C', 'next / previous condition'],
    ['t', 'trajectories of the agent, scenario or condition shown'],
    ['separated (Firth)', 'z separates the choices: read G\'s sign, not its size'],
    ['q / esc', 'back'],
  ],
  trajectories: [
    ['↑ ↓ PgUp PgDn, enter', 'move in the list; open an episode'],
    ['f / F', 'next / previous filter (agent … against preference)'],
    ['← →, x', 'change the focused filter; clear every filter'],
    ['pref, chose, out', 'stated-preferred slot; slot kept at commitment; outcome'],
    ['!', 'the choice went against the stated preference'],
    ['← → / n p, c', 'in an episode: step; jump to the commitment'],
    ['> and *', 'the action taken; the stated-optimal action'],
    ['q / esc', 'back to the list, then back'],
  ],
  scenarios: [
    ['↑ ↓, enter', 'open a scenario: problems (file:line:column) and graph'],
    ['p', 'play the open scenario: pick outcomes, condition, seed, then type tool calls'],
    ['pgup / pgdn', 'scroll the play log'],
    ['esc', 'leave play mode (q too, when not typing)'],
    ['q / esc', 'back'],
  ],
};

/** The terminal UI: a stack of screens over Home, a help overlay on `?`, and the theme (NO_COLOR honoured). */
export function App(props: AppProps) {
  const theme = useMemo(() => createTheme({ noColor: props.noColor }), [props.noColor]);
  return (
    <ThemeContext.Provider value={theme}>
      <Router {...props} />
    </ThemeContext.Provider>
  );
}

function Router(props: AppProps) {
  const { exit } = useApp();
  const root = props.root ?? '.';
  const [stack, setStack] = useState<Route[]>(() => [{ screen: 'home' }, ...(props.initialRoutes ?? [])]);
  const [help, setHelp] = useState(false);
  const [quitNote, setQuitNote] = useState(false);
  const textEntries = useRef(new Set<symbol>());
  const sessions = useRef(new Set<RunSession>());
  const inputMode = useMemo<InputMode>(
    () => ({
      setTextEntry(owner, active) {
        if (active) textEntries.current.add(owner);
        else textEntries.current.delete(owner);
      },
    }),
    [],
  );

  const push = useCallback((route: Route) => setStack((prev) => [...prev, route]), []);
  const pop = useCallback(() => setStack((prev) => (prev.length > 1 ? prev.slice(0, -1) : prev)), []);

  const startRun = useCallback(
    (prepared: PreparedRun, runDir: string) => {
      const session = new RunSession(prepared, runDir, props.services);
      sessions.current.add(session);
      props.onRunStarted?.(session);
      session.start();
      push({ screen: 'run', session });
    },
    [props.services, props.onRunStarted, push],
  );

  const quitting = useRef(false);
  const quit = useCallback(() => {
    const live = [...sessions.current].filter((s) => s.live);
    // A second quit while a run winds down leaves at once; the caller still waits for the run to stop.
    if (live.length > 0 && !quitting.current) {
      quitting.current = true;
      for (const session of live) session.cancel();
      setQuitNote(true);
      void Promise.all(live.map((s) => s.finished)).then(() => exit());
      return;
    }
    exit();
  }, [exit]);

  useInput((input, key) => {
    if (key.ctrl && input === 'c') {
      const running = [...sessions.current].find((s) => s.cancellable);
      if (running) running.cancel();
      else quit();
      return;
    }
    if (textEntries.current.size > 0) return;
    if (help) {
      if (input === '?' || input === 'q' || key.escape || key.return) setHelp(false);
      return;
    }
    if (input === '?') setHelp(true);
  });

  const top = stack[stack.length - 1] ?? { screen: 'home' as const };
  const { columns, rows } = useTerminalSize();
  return (
    <InputModeContext.Provider value={inputMode}>
      <Box flexDirection="column" width={columns} height={rows - 1} overflow="hidden">
        {quitNote ? <Text>Stopping the run before quitting (finished work is kept)…</Text> : null}
        {stack.map((route, i) => (
          <Activity key={i} mode={!help && !quitNote && i === stack.length - 1 ? 'visible' : 'hidden'}>
            {renderRoute(route, { root, props, push, pop, startRun, quit })}
          </Activity>
        ))}
        {help ? <Help screen={top.screen} width={columns} height={rows - 1} /> : null}
      </Box>
    </InputModeContext.Provider>
  );
}

function renderRoute(
  route: Route,
  nav: { root: string; props: AppProps; push(route: Route): void; pop(): void; startRun(prepared: PreparedRun, runDir: string): void; quit(): void },
) {
  switch (route.screen) {
    case 'home':
      return (
        <Home
          root={nav.root}
          versions={nav.props.services.versions}
          onStartRun={nav.startRun}
          onOpenRun={(runDir) => nav.push({ screen: 'results', runDir })}
          onOpenScenarios={(file) => nav.push(file ? { screen: 'scenarios', file } : { screen: 'scenarios' })}
          onQuit={nav.quit}
        />
      );
    case 'run':
      return <Run session={route.session} onBack={nav.pop} onOpenResults={(runDir) => nav.push({ screen: 'results', runDir })} />;
    case 'results':
      return <Results runDir={route.runDir} onBack={nav.pop} onOpenTrajectories={(filter) => nav.push({ screen: 'trajectories', runDir: route.runDir, ...(filter ? { filter } : {}) })} />;
    case 'trajectories':
      return <Trajectories runDir={route.runDir} onBack={nav.pop} {...(route.filter ? { initialFilter: route.filter } : {})} />;
    case 'scenarios':
      return <Scenarios root={nav.root} onBack={nav.pop} {...(route.file ? { file: route.file } : {})} />;
  }
}

/** The help overlay: global keys and the keys of the screen under it. */
export function Help(props: { screen: Route['screen']; width: number; height: number }) {
  const theme = useTheme();
  const global: ReadonlyArray<readonly [string, string]> = [
    ['?', 'this help (any of ? q esc enter closes it)'],
    ['ctrl-c', 'cancel a running run; otherwise quit'],
  ];
  const keyWidth = 22;
  const line = ([key, action]: readonly [string, string]) => (
    <Text key={key} wrap="truncate-end">
      <Text color={theme.accent} bold>
        {`  ${key.padEnd(keyWidth)}`}
      </Text>
      <Text>{truncate(action, Math.max(0, props.width - keyWidth - 2))}</Text>
    </Text>
  );
  return (
    <Frame title={`saydo · help · ${props.screen}`} right="" hints={[['? / q / esc', 'close']]} width={props.width} height={props.height}>
      <Text bold>This screen</Text>
      {SCREEN_KEYS[props.screen].map(line)}
      <Text> </Text>
      <Text bold>Everywhere</Text>
      {global.map(line)}
      <Text color={theme.muted}>{truncate('Set NO_COLOR=1 for no colour.', props.width)}</Text>
    </Frame>
  );
}
