import type { EpisodeRecord } from '../../analysis/episode-record.js';
import { num } from '../../report/format.js';
import { actedAgainstPreference, hadErrors, outcomeLabel, type TrajectoryFilter } from '../run-data.js';
import { fit } from '../components/text.js';
import type { StyledLine } from './screen-kit.js';

/** The filters `f` steps through, in order. */
export const FILTER_FIELDS = ['agent', 'scenario', 'condition', 'outcome', 'errorsOnly', 'againstPreference'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

const FIELD_LABEL: Record<FilterField, string> = { agent: 'agent', scenario: 'scenario', condition: 'condition', outcome: 'outcome', errorsOnly: 'errors only', againstPreference: 'against preference' };

/** The filter as two lines, the focused field in brackets. */
export function filterLines(filter: TrajectoryFilter, focus: FilterField, width: number): StyledLine[] {
  const parts = FILTER_FIELDS.map((field) => {
    const value = filter[field];
    const shown = field === 'errorsOnly' || field === 'againstPreference' ? (value ? 'yes' : 'no') : value === undefined ? 'all' : String(value);
    const text = `${FIELD_LABEL[field]}: ${shown}`;
    return field === focus ? `[${text}]` : text;
  });
  // Whole fields go to the first line while they fit, the rest to the second.
  const lines = ['filter', ''];
  for (const part of parts) {
    if (lines[1] === '' && [...`${lines[0]} · ${part}`].length <= width) lines[0] = lines[0] === 'filter' ? `filter ${part}` : `${lines[0]} · ${part}`;
    else lines[1] = lines[1] === '' ? `      ${part}` : `${lines[1]} · ${part}`;
  }
  return lines.map((text): StyledLine => ({ text: fit(text, width).trimEnd(), tone: 'heading' }));
}

const STATUS: Record<EpisodeRecord['status'], string> = { ended: 'ended', truncated: 'trunc', 'no-action': 'no-act', 'invalid-limit': 'invalid', 'token-limit': 'tokens', 'time-limit': 'time', error: 'error' };

type Cell = (record: EpisodeRecord) => string;
interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell: Cell;
}

/** The columns of the episode list for a terminal `width`: a name column is left out while the filter fixes it; the others shrink to fit. */
export function listColumns(values: { agent: readonly string[]; scenario: readonly string[]; condition: readonly string[] }, filter: TrajectoryFilter, width: number, largestPair = 0): Column[] {
  const longest = (names: readonly string[], title: string) => Math.max(title.length, ...names.map((n) => [...n].length));
  const names: Array<Column & { key: 'agent' | 'scenario' | 'condition'; min: number }> = (['agent', 'scenario', 'condition'] as const)
    .filter((key) => filter[key] === undefined)
    .map((key) => ({ key, title: key, width: longest(values[key], key), min: 8, align: 'left', cell: (r: EpisodeRecord) => r[key] }));
  const fixed: Column[] = [
    { title: 'pair', width: Math.max(4, String(largestPair).length), align: 'right', cell: (r) => String(r.pairIndex) },
    { title: 'rep', width: 3, align: 'right', cell: (r) => String(r.replicate) },
    { title: 'z', width: 5, align: 'right', cell: (r) => num(r.z) },
    { title: 'pref', width: 4, align: 'left', cell: (r) => r.preferred ?? '-' },
    { title: 'chose', width: 5, align: 'left', cell: (r) => `${r.choice ?? '-'}${actedAgainstPreference(r) ? ' !' : ''}` },
    { title: 'out', width: 5, align: 'left', cell: outcomeLabel },
    { title: 'status', width: 7, align: 'left', cell: (r) => STATUS[r.status] },
    { title: 'steps', width: 5, align: 'right', cell: (r) => String(r.steps) },
  ];
  const all = [...names, ...fixed];
  let over = 2 + all.reduce((sum, c) => sum + c.width + 1, -1) - width;
  // Shrink the widest name column one character at a time, so long names share the cut.
  while (over > 0) {
    const widest = names.filter((c) => c.width > c.min).sort((x, y) => y.width - x.width)[0];
    if (!widest) break;
    widest.width -= 1;
    over -= 1;
  }
  return all;
}

/** The header of the episode list. */
export function listHeader(columns: readonly Column[], width: number): string {
  return fit(`  ${columns.map((c) => fit(c.title, c.width, c.align)).join(' ')}`, width).trimEnd();
}

/** One episode as a list row; `!` after the choice marks an episode that acted against its stated preference. */
export function listRow(record: EpisodeRecord, columns: readonly Column[], width: number, selected: boolean): StyledLine {
  const text = `${selected ? '›' : ' '} ${columns.map((c) => fit(c.cell(record), c.width, c.align)).join(' ')}`;
  return { text: fit(text, width).trimEnd(), tone: selected ? 'selected' : hadErrors(record) ? 'warn' : 'plain' };
}
