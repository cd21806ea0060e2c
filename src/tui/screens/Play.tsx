import { TextInput } from '@inkjs/ui';
import { Box, Text, useInput } from 'ink';
import { useMemo, useState } from 'react';
import { loadCatalog, type LoadedCatalog } from '../../core/catalog.js';
import { SaydoError } from '../../core/errors.js';
import type { Outcome } from '../../core/schemas/catalog.js';
import type { Instance } from '../../world/instance.js';
import { describeTool, parseTypedCall, startPlaySession, type PlaySession } from '../../world/play-session.js';
import type { ScenarioSpec } from '../../world/scenario-schema.js';
import { eligibleOutcomes } from '../../world/slots.js';
import { Frame, FRAME_ROWS } from '../components/Frame.js';
import { ScrollText, type TextLine } from '../components/ScrollText.js';
import { SelectList } from '../components/SelectList.js';
import { truncate, wrapText } from '../components/text.js';
import { useTextEntry } from '../input-mode.js';
import { useTheme } from '../theme.js';

/** Props of the play mode. */
export interface PlayProps {
  scenario: ScenarioSpec;
  file: string;
  /** Outcome catalogs to fill slots from; the first is used when there is one. */
  catalogs: readonly string[];
  width: number;
  height: number;
  onBack(): void;
}

type Setup =
  | { step: 'catalog' }
  | { step: 'slot'; catalog: LoadedCatalog; fill: Instance['fill']; slot: string }
  | { step: 'condition'; catalog: LoadedCatalog; fill: Instance['fill'] }
  | { step: 'favour'; catalog: LoadedCatalog; fill: Instance['fill']; condition: string }
  | { step: 'seed'; catalog: LoadedCatalog; fill: Instance['fill']; condition: string; favour?: string }
  | { step: 'play'; session: PlaySession; log: TextLine[]; over: boolean; turn: number };

function describe(error: unknown): string {
  return error instanceof SaydoError ? error.describe() : error instanceof Error ? error.message : String(error);
}

/**
 * Play a scenario in the terminal exactly as an agent sees it, like `saydo scenario play`: pick each slot's outcome
 * from the catalog (only outcomes the slot accepts), a condition and a seed, then type tool calls.
 */
export function Play(props: PlayProps) {
  const theme = useTheme();
  const { scenario, width } = props;
  const slots = Object.keys(scenario.slots);
  const [error, setError] = useState<string | null>(null);
  const initialSetup = (): Setup => {
    if (props.catalogs.length !== 1) return { step: 'catalog' };
    try {
      return { step: 'slot', catalog: loadCatalog(props.catalogs[0] as string), fill: {}, slot: slots[0] ?? 'a' };
    } catch {
      return { step: 'catalog' };
    }
  };
  const [setup, setSetup] = useState<Setup>(initialSetup);
  useTextEntry(setup.step === 'seed' || (setup.step === 'play' && !setup.over));
  const bodyRows = props.height - FRAME_ROWS;

  const afterFill = (catalog: LoadedCatalog, fill: Instance['fill']) => {
    const next = slots.find((slot) => !fill[slot]);
    if (next) setSetup({ step: 'slot', catalog, fill, slot: next });
    else setSetup({ step: 'condition', catalog, fill });
  };
  const afterCondition = (catalog: LoadedCatalog, fill: Instance['fill'], condition: string) => {
    const favour = scenario.conditions[condition]?.favour;
    if (favour !== undefined && !slots.includes(favour)) setSetup({ step: 'favour', catalog, fill, condition });
    else setSetup({ step: 'seed', catalog, fill, condition });
  };
  const begin = (fill: Instance['fill'], condition: string, favour: string | undefined, seed: string) => {
    try {
      const session = startPlaySession(scenario, { fill, condition, favour, seed: seed.trim() || '0' });
      setError(null);
      setSetup({ step: 'play', session, log: openingLines(session), over: false, turn: 0 });
    } catch (e) {
      setError(describe(e));
    }
  };
  const submitCall = (text: string) => {
    if (setup.step !== 'play') return;
    const typed = text.trim();
    const log = [...setup.log];
    if (typed === ':quit' || typed === ':q') {
      props.onBack();
      return;
    }
    if (typed === ':tools') log.push({ text: '[tools]', tone: 'accent', bold: true }, ...toolLines(setup.session));
    else if (typed !== '') {
      log.push({ text: `> ${typed}`, bold: true });
      const call = parseTypedCall(typed);
      if (!call) {
        log.push({ text: `Cannot read "${typed}" as a tool call; type NAME {"json": "arguments"} or NAME key=value.`, tone: 'error' });
      } else {
        const turn = setup.session.step(call);
        log.push({ text: `[tool ${call.name}] ${turn.result.observation}`, ...(turn.result.info.valid ? {} : { tone: 'error' as const }) });
        if (turn.ending) {
          log.push({ text: turn.ending, tone: 'ok', bold: true });
          setSetup({ ...setup, log, over: true, turn: setup.turn + 1 });
          return;
        }
        if (turn.toolsChanged) log.push({ text: '[tools now]', tone: 'accent', bold: true }, ...toolLines(setup.session));
      }
    }
    setSetup({ ...setup, log, turn: setup.turn + 1 });
  };

  useInput((input, key) => {
    if (key.escape || (input === 'q' && setup.step !== 'seed' && !(setup.step === 'play' && !setup.over))) props.onBack();
    else if (setup.step === 'play' && setup.over && input === 'r') setSetup(initialSetup());
  });

  const wrapped = useMemo(() => (setup.step === 'play' ? setup.log.flatMap((line) => wrapText(line.text, width).map((text) => ({ ...line, text }))) : []), [setup, width]);

  const title = `saydo · play ${scenario.id}`;
  if (setup.step === 'play') {
    const hints: Array<[string, string]> = setup.over ? [['r', 'play again'], ['q', 'back']] : [['enter', 'call'], [':tools', 'list tools'], ['pgup/pgdn', 'scroll'], ['esc', 'back']];
    return (
      <Frame title={title} hints={hints} width={width} height={props.height}>
        <ScrollText lines={wrapped} width={width} height={Math.max(1, bodyRows - 1)} follow />
        {setup.over ? (
          <Text color={theme.ok}>{truncate('Episode over: r plays again, q goes back.', width)}</Text>
        ) : (
          <Box>
            <Text color={theme.accent}>{'> '}</Text>
            <TextInput key={setup.turn} placeholder='NAME {"json": "arguments"} or NAME key=value' onSubmit={submitCall} />
          </Box>
        )}
      </Frame>
    );
  }

  let body;
  if (setup.step === 'catalog') {
    body = (
      <>
        <Text>Fill the slots from which catalog?</Text>
        <SelectList
          items={props.catalogs.map((file) => ({ key: file, label: file }))}
          width={width}
          height={Math.max(1, bodyRows - 3)}
          empty="No catalogs under scenarios/outcomes."
          onSelect={(item) => {
            try {
              const catalog = loadCatalog(item.key);
              setError(null);
              setSetup({ step: 'slot', catalog, fill: {}, slot: slots[0] ?? 'a' });
            } catch (e) {
              setError(describe(e));
            }
          }}
        />
      </>
    );
  } else if (setup.step === 'slot') {
    const spec = scenario.slots[setup.slot];
    const eligible: Outcome[] = eligibleOutcomes(scenario, setup.slot, setup.catalog.catalog.outcomes);
    body = (
      <>
        <Text wrap="truncate-end">{truncate(`Slot ${setup.slot}${spec?.description ? `: ${spec.description}` : ''}`, width)}</Text>
        <Text color={theme.muted} wrap="truncate-end">
          {truncate(`${eligible.length} of ${setup.catalog.catalog.outcomes.length} outcomes of ${setup.catalog.file} may fill it`, width)}
        </Text>
        <SelectList
          key={setup.slot}
          items={eligible.map((o) => ({ key: o.id, label: `${o.id}  ${o.text}` }))}
          width={width}
          height={Math.max(1, bodyRows - 4)}
          empty="No outcome of this catalog may fill this slot."
          onSelect={(item) => {
            const outcome = eligible.find((o) => o.id === item.key);
            if (outcome) afterFill(setup.catalog, { ...setup.fill, [setup.slot]: { id: outcome.id, text: outcome.text } });
          }}
        />
      </>
    );
  } else if (setup.step === 'condition') {
    body = (
      <>
        <Text>Which condition?</Text>
        <SelectList
          items={Object.entries(scenario.conditions).map(([name, spec]) => ({ key: name, label: `${name}${spec.favour ? `  (favours ${spec.favour})` : ''}` }))}
          width={width}
          height={Math.max(1, bodyRows - 3)}
          onSelect={(item) => afterCondition(setup.catalog, setup.fill, item.key)}
        />
      </>
    );
  } else if (setup.step === 'favour') {
    body = (
      <>
        <Text>{truncate(`Condition ${setup.condition} favours the ${scenario.conditions[setup.condition]?.favour} slot: which slot is that?`, width)}</Text>
        <SelectList
          items={slots.map((slot) => ({ key: slot, label: `${slot}  ${setup.fill[slot]?.text ?? ''}` }))}
          width={width}
          height={Math.max(1, bodyRows - 3)}
          onSelect={(item) => setSetup({ step: 'seed', catalog: setup.catalog, fill: setup.fill, condition: setup.condition, favour: item.key })}
        />
      </>
    );
  } else {
    body = (
      <>
        {slots.map((slot) => (
          <Text key={slot} wrap="truncate-end">
            {truncate(`${slot}: ${setup.fill[slot]?.id ?? '?'}`, width)}
          </Text>
        ))}
        <Text wrap="truncate-end">{truncate(`condition: ${setup.condition}${setup.favour ? `, favouring slot ${setup.favour}` : ''}`, width)}</Text>
        <Box>
          <Text>Episode seed (surfaces, tool order, branches): </Text>
          <TextInput defaultValue="0" onSubmit={(seed) => begin(setup.fill, setup.condition, setup.favour, seed)} />
        </Box>
      </>
    );
  }
  return (
    <Frame title={title} hints={setup.step === 'seed' ? [['enter', 'start'], ['esc', 'back']] : [['↑↓', 'move'], ['enter', 'choose'], ['q', 'back']]} width={width} height={props.height}>
      {body}
      {error ? (
        <Text color={theme.error} wrap="truncate-end">
          {truncate(error, width)}
        </Text>
      ) : null}
    </Frame>
  );
}

function toolLines(session: PlaySession): TextLine[] {
  return session.tools().flatMap((tool) => describeTool(tool).split('\n').map((text) => ({ text })));
}

function openingLines(session: PlaySession): TextLine[] {
  return [
    { text: '[system]', tone: 'accent', bold: true },
    ...session.start.system.split('\n').map((text) => ({ text })),
    { text: '[user]', tone: 'accent', bold: true },
    ...session.start.task.split('\n').map((text) => ({ text })),
    { text: '[tools]', tone: 'accent', bold: true },
    ...toolLines(session),
    { text: 'Type a tool call as NAME {"json": "arguments"} or NAME key=value ...; :tools lists the tools, :quit stops.', tone: 'muted' },
  ];
}
