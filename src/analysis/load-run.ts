import { existsSync, readFileSync } from 'node:fs';
import { SaydoError } from '../core/errors.js';
import { EpisodeEndEvent, EpisodeStartEvent, EVENT_LOG_VERSION, StepEvent, TurnEvent } from '../core/schemas/episode-events.js';
import { UtilityProfile } from '../core/schemas/utility-profile.js';
import { scanLines } from '../simulator/episode-log.js';
import { readManifest, runPaths, type RunManifest } from '../simulator/run-folder.js';
import { episodeRecord, type EpisodeRecord } from './episode-record.js';

/** Lines or episodes the analysis could not use, and why; reported, never silently dropped. */
export interface Skipped {
  agent: string;
  line: number;
  reason: string;
}

/** One agent's data in a run. */
export interface AgentData {
  name: string;
  profile: UtilityProfile | null;
  episodes: EpisodeRecord[];
}

/** A run folder read for analysis. */
export interface RunData {
  runDir: string;
  manifest: RunManifest;
  agents: AgentData[];
  skipped: Skipped[];
}

const TURN_PREFIX = `{"type":"turn","v":${EVENT_LOG_VERSION},`;
const STEP_PREFIX = `{"type":"step","v":${EVENT_LOG_VERSION},`;

/**
 * A step line read without the full schema check, when the fields analysis reads have the right types; undefined
 * otherwise, and the line goes through the full check, which says what is wrong (zod on every step of a million-step
 * run costs as much as parsing it).
 */
function quickStep(text: string): StepEvent | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const strings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');
  const ok =
    typeof raw.step === 'number' &&
    typeof raw.valid === 'boolean' &&
    typeof raw.obstacle === 'boolean' &&
    typeof raw.commitment === 'boolean' &&
    typeof raw.valueBefore === 'number' &&
    (raw.chosen === null || typeof raw.chosen === 'number') &&
    strings(raw.reachableBefore) &&
    strings(raw.reachableAfter) &&
    Array.isArray(raw.actions) &&
    raw.actions.every((a: { q?: unknown; leadsTo?: unknown } | null) => a !== null && typeof a === 'object' && typeof a.q === 'number' && strings(a.leadsTo));
  return ok ? (raw as unknown as StepEvent) : undefined;
}

/** Reads a run folder, streaming each agent's events.jsonl; partial episodes, other log versions and corrupt lines are skipped and listed. */
export function loadRun(runDir: string): RunData {
  const manifest = readManifest(runDir);
  if (!manifest) {
    throw new SaydoError('E_NOT_A_RUN', `${runDir} is not a saydo run folder (no readable manifest.json)`, { hint: 'pass the --out folder of saydo run (default runs/<suite name>)' });
  }
  const paths = runPaths(runDir);
  const skipped: Skipped[] = [];
  const agents = manifest.agents.map((agent): AgentData => {
    const profilePath = paths.profile(agent.name);
    let profile: UtilityProfile | null = null;
    if (existsSync(profilePath)) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(profilePath, 'utf8'));
      } catch (error) {
        skipped.push({ agent: agent.name, line: 0, reason: `profile.json is not JSON (${(error as Error).message}); stated utilities are left out` });
      }
      const parsed = json === undefined ? undefined : UtilityProfile.safeParse(json);
      if (parsed?.success) profile = parsed.data;
      else if (parsed) skipped.push({ agent: agent.name, line: 0, reason: `profile.json is not a utility profile of this saydo version: ${parsed.error.issues[0]?.message ?? ''}` });
    }
    const episodes: EpisodeRecord[] = [];
    let current: { start: EpisodeStartEvent; line: number; turns: TurnEvent[]; steps: StepEvent[]; bad: boolean } | undefined;
    const drop = (reason: string) => {
      if (current) skipped.push({ agent: agent.name, line: current.line, reason: `episode ${current.start.episode}: ${reason}` });
      current = undefined;
    };
    scanLines(paths.events(agent.name), (text, _offset, line) => {
      if (text.trim() === '') return;
      // Turn and step lines are most of a log: when cheap checks pass they skip the full schema check (anything odd takes the full path below).
      if (current && !current.bad && text.endsWith('}')) {
        // A turn with tool calls is not a refusal, and nothing else of a turn is analysed.
        if (text.startsWith(TURN_PREFIX) && !text.includes('"toolCalls":[]')) return;
        if (text.startsWith(STEP_PREFIX)) {
          const step = quickStep(text);
          if (step) {
            current.steps.push(step);
            return;
          }
        }
      }
      let raw: { type?: unknown; v?: unknown };
      try {
        raw = JSON.parse(text) as typeof raw;
      } catch {
        skipped.push({ agent: agent.name, line, reason: 'not JSON (corrupt or torn line)' });
        if (current) current.bad = true;
        return;
      }
      if (raw.v !== EVENT_LOG_VERSION) {
        skipped.push({ agent: agent.name, line, reason: `event log version ${String(raw.v)} is not read by this saydo (it reads version ${EVENT_LOG_VERSION})` });
        if (current) current.bad = true;
        return;
      }
      const fail = (what: string, error: { issues: Array<{ message: string; path: PropertyKey[] }> }) => {
        const issue = error.issues[0];
        skipped.push({ agent: agent.name, line, reason: `invalid ${what} event: ${issue ? `${issue.path.join('.')} ${issue.message}` : ''}` });
        if (current) current.bad = true;
      };
      switch (raw.type) {
        case 'episode-start': {
          const parsed = EpisodeStartEvent.safeParse(raw);
          if (!parsed.success) return fail('episode-start', parsed.error);
          if (current) drop('no episode-end (interrupted)');
          current = { start: parsed.data, line, turns: [], steps: [], bad: false };
          return;
        }
        case 'turn': {
          const parsed = TurnEvent.safeParse(raw);
          if (!parsed.success) return fail('turn', parsed.error);
          current?.turns.push(parsed.data);
          return;
        }
        case 'step': {
          const parsed = StepEvent.safeParse(raw);
          if (!parsed.success) return fail('step', parsed.error);
          current?.steps.push(parsed.data);
          return;
        }
        case 'episode-end': {
          const parsed = EpisodeEndEvent.safeParse(raw);
          if (!parsed.success) return fail('episode-end', parsed.error);
          if (!current || current.start.episode !== parsed.data.episode) {
            skipped.push({ agent: agent.name, line, reason: 'an episode-end without its start' });
            return;
          }
          if (current.bad) return drop('has unreadable lines; left out');
          episodes.push(episodeRecord(current.start, current.turns, current.steps, parsed.data));
          current = undefined;
          return;
        }
        default:
          skipped.push({ agent: agent.name, line, reason: `unknown event type ${JSON.stringify(raw.type)}` });
      }
    });
    if (current) drop('no episode-end (interrupted)');
    return { name: agent.name, profile, episodes };
  });
  // In the order of the files: agents as in the manifest, then by line (an episode is listed at its start line).
  const order = new Map(manifest.agents.map((agent, i) => [agent.name, i]));
  skipped.sort((x, y) => (order.get(x.agent) ?? 0) - (order.get(y.agent) ?? 0) || x.line - y.line);
  return { runDir, manifest, agents, skipped };
}
