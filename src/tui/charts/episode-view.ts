import type { EpisodeRecord } from '../../analysis/episode-record.js';
import type { StepEvent, TurnEvent } from '../../core/schemas/episode-events.js';
import { num } from '../../report/format.js';
import type { EpisodeDetail } from '../run-data.js';
import { fit, wrapText } from '../components/text.js';
import { reflow, type StyledLine } from './screen-kit.js';

const EPS = 1e-9;

/** Pages of an episode: the prompts, one per step, and the end. */
export function pageCount(detail: EpisodeDetail): number {
  return detail.steps.length + 2;
}

/** What a page is called in the header. */
export function pageTitle(detail: EpisodeDetail, page: number): string {
  const total = detail.steps.length;
  if (page === 0) return `prompts · ${total} steps`;
  if (page > total) return `end · ${detail.end.status}`;
  const step = detail.steps[page - 1] as StepEvent;
  return `step ${page} of ${total} · turn ${step.turn} · ${step.state} → ${step.nextState} · V ${num(step.valueBefore, 3)}`;
}

/** The header lines of the episode view: how it ended, what it chose against what it said, the slots, and the page. */
export function episodeHeader(detail: EpisodeDetail, record: EpisodeRecord, page: number, width: number): StyledLine[] {
  const { start, end } = detail;
  const against = record.choice !== null && record.preferred !== null && record.choice !== record.preferred;
  const slots = Object.entries(start.pair.slots).map(([slot, s]) => `${slot} ${s.id} (mu ${num(s.mu)})`);
  const said = record.preferred === null ? '' : ` · prefers ${record.preferred} (z ${num(start.pair.z)})`;
  const chose = record.choice === null ? ' · no choice' : ` · chose ${record.choice}`;
  return [
    { text: fit(`${start.condition} · outcome ${end.outcome ?? 'none'} (${end.status})${said}${chose}${against ? ' · ACTED AGAINST STATED PREFERENCE' : ''}`, width).trimEnd(), tone: against ? 'warn' : 'heading' },
    { text: fit(slots.join(' · '), width).trimEnd(), tone: 'muted' },
    { text: fit(pageTitle(detail, page), width).trimEnd(), tone: detail.steps[page - 1]?.commitment ? 'commit' : 'heading' },
  ];
}

function block(title: string, paragraphs: readonly string[], width: number): StyledLine[] {
  return [{ text: title, tone: 'heading' }, ...paragraphs.flatMap((text) => wrapText(reflow(text), width - 2)).map((line) => ({ text: `  ${line}` }))];
}

/** What the model said in its turns; tool calls are shown with their steps. */
function turnLines(turns: readonly TurnEvent[], width: number): StyledLine[] {
  return turns
    .filter((turn) => turn.text.trim() !== '' || turn.nudged || turn.failure)
    .flatMap((turn): StyledLine[] => [
      { text: `turn ${turn.turn} said${turn.nudged ? ' · no tool call, nudged' : ''}${turn.failure ? ` · FAILED ${turn.failure.kind}` : ''}`, tone: turn.failure ? 'error' : 'heading' },
      ...wrapText(reflow(turn.text), width - 4).map((line) => ({ text: `  | ${line}` })),
      ...(turn.failure ? wrapText(turn.failure.message, width - 2).map((line): StyledLine => ({ text: `  ${line}`, tone: 'error' })) : []),
    ]);
}

/** The turns shown with a page: those after the previous step's turn, up to this step's turn (the end page takes the rest). */
function turnsOfPage(detail: EpisodeDetail, page: number): TurnEvent[] {
  const steps = detail.steps;
  const after = page <= 1 ? -1 : (steps[page - 2]?.turn ?? -1);
  const upTo = page > steps.length ? Number.POSITIVE_INFINITY : (steps[page - 1]?.turn ?? -1);
  return detail.turns.filter((turn) => turn.turn > after && turn.turn <= upTo);
}

/** The available actions of a step: `>` the chosen one, `*` the stated-optimal ones (max Q), each with Q and the slots it keeps. */
export function actionLines(step: StepEvent, width: number): StyledLine[] {
  const best = Math.max(...step.actions.map((a) => a.q));
  const keeps = step.actions.map((a) => `→ ${a.leadsTo.join(',') || '-'}`);
  const keepWidth = Math.max(...keeps.map((k) => k.length));
  return step.actions.map((action, i) => {
    const chosen = step.chosen === i;
    const optimal = action.q >= best - EPS;
    const lowers = action.q < step.valueBefore - EPS;
    const text = `${chosen ? '>' : ' '}${optimal ? '*' : ' '} Q ${fit(num(action.q, 3), 6, 'right')}  ${fit(keeps[i] ?? '', keepWidth)}  ${action.label}${lowers ? ' (lowers V)' : ''}`;
    return { text: fit(text, width).trimEnd(), tone: chosen ? (lowers ? 'warn' : 'chosen') : optimal ? 'optimal' : 'plain' };
  });
}

function stepLines(step: StepEvent, width: number): StyledLine[] {
  const lost = step.reachableBefore.filter((slot) => slot !== 'none' && !step.reachableAfter.includes(slot));
  const kept = step.reachableAfter.filter((slot) => slot !== 'none');
  const call = `call ${step.call.name}(${step.call.arguments})${step.valid ? '' : ` · INVALID ${step.invalid ?? ''}`}${step.rule ? ` · rule: ${step.rule}` : ''}${step.obstacle ? ' · OBSTACLE' : ''}`;
  return [
    ...(step.commitment ? [{ text: fit(`COMMITMENT · kept ${kept.join(', ') || 'none'} · lost ${lost.join(', ')}`, width).trimEnd(), tone: 'commit' as const }] : []),
    ...wrapText(call, width).map((text): StyledLine => ({ text, tone: step.valid ? 'plain' : 'error' })),
    ...block('observation', [step.observation], width),
    { text: `actions (> chosen, * stated-optimal) · V before ${num(step.valueBefore, 3)} · reachable ${step.reachableBefore.join(',')} → ${step.reachableAfter.join(',')}`, tone: 'heading' },
    ...actionLines(step, width),
  ];
}

function endLines(detail: EpisodeDetail, width: number): StyledLine[] {
  const { end } = detail;
  const facts = [
    `status ${end.status}${end.ending ? ` · ending ${end.ending}` : ''} · outcome ${end.outcome ?? 'none'}${end.outcomeId ? ` (${end.outcomeId})` : ''}${end.score === null ? '' : ` · score ${num(end.score)}`}`,
    `${end.steps} steps · ${end.turns} turns · ${end.invalidActions} invalid · ${end.nudges} nudges · tokens ${end.tokens.input} in, ${end.tokens.output} out`,
    end.commitment ? `first commitment at step ${end.commitment.step}: kept ${end.commitment.kept.join(', ') || 'none'}, lost ${end.commitment.lost.join(', ')}` : 'no commitment',
  ];
  return [
    ...facts.flatMap((text) => wrapText(text, width).map((line): StyledLine => ({ text: line }))),
    ...(end.failure ? wrapText(`failure ${end.failure.kind}: ${end.failure.message}`, width).map((text): StyledLine => ({ text, tone: 'error' })) : []),
  ];
}

/** The body of one page, wrapped to `width`; the screen shows a window of it. */
export function pageLines(detail: EpisodeDetail, page: number, width: number): StyledLine[] {
  const { start } = detail;
  if (page === 0) {
    const fills = Object.entries(start.fill).map(([slot, f]) => `slot ${slot}: ${f.text} (${f.id})`);
    return [
      ...block('system prompt', [start.system], width),
      ...block('task prompt', [start.task], width),
      ...block('slots', fills, width),
      ...block('tools, in the order shown', [start.toolOrder.join(', ')], width),
      ...block('condition', [`${start.condition}${start.favoured ? ` · favours ${start.favoured}` : ''}${start.incentive ? ` · incentive ${start.incentive}` : ''} · replicate ${start.replicate} · at most ${start.maxSteps} steps`], width),
    ];
  }
  const turns = turnLines(turnsOfPage(detail, page), width);
  const step = detail.steps[page - 1];
  return step ? [...turns, ...stepLines(step, width)] : [...endLines(detail, width), ...turns];
}
