import type { Key } from 'ink';
import type { EpisodeRecord } from '../../analysis/episode-record.js';
import { windowOffset } from '../components/use-list-cursor.js';
import type { EpisodeDetail, TrajectoryFilter } from '../run-data.js';
import { FILTER_FIELDS, type FilterField } from './episode-list-view.js';
import { pageCount } from './episode-view.js';

/** The episode being stepped through. */
export interface OpenEpisode {
  record: EpisodeRecord;
  /** null while its events are read. */
  detail: EpisodeDetail | null;
  error: string | null;
  /** 0: the prompts; 1..steps: a step; steps + 1: the end. */
  page: number;
  /** First line of the page shown. */
  scroll: number;
}

/** What the Trajectories screen remembers between keys. */
export interface TrajectoryState {
  filter: TrajectoryFilter;
  focus: FilterField;
  cursor: number;
  /** First list row shown. */
  top: number;
  open: OpenEpisode | null;
  /** Counts `q`/Esc on the list: the screen leaves when it changes. */
  leave: number;
}

/** What a key needs from the last frame: the rows that pass the filter, the window size, the filter values, the page length. */
export interface KeyContext {
  shown: readonly EpisodeRecord[];
  visible: number;
  values: Record<'agent' | 'scenario' | 'condition' | 'outcome', readonly string[]>;
  pageLength: number;
  pageRows: number;
}

export type TrajectoryAction =
  | { type: 'key'; input: string; key: Pick<Key, 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape'>; context: KeyContext }
  | { type: 'read'; record: EpisodeRecord; detail: EpisodeDetail | null; error: string | null };

/** The state a screen starts in. */
export function initialTrajectoryState(filter: TrajectoryFilter = {}): TrajectoryState {
  return { filter, focus: 'agent', cursor: 0, top: 0, open: null, leave: 0 };
}

function episodeKey(open: OpenEpisode, action: Extract<TrajectoryAction, { type: 'key' }>): OpenEpisode | null {
  const { input, key, context } = action;
  const pages = open.detail ? pageCount(open.detail) : 1;
  const page = (p: number) => ({ ...open, page: Math.max(0, Math.min(pages - 1, p)), scroll: 0 });
  const scroll = (s: number) => ({ ...open, scroll: Math.max(0, Math.min(Math.max(0, context.pageLength - context.pageRows), s)) });
  if (input === 'q' || key.escape) return null;
  if (key.rightArrow || input === 'n') return page(open.page + 1);
  if (key.leftArrow || input === 'p') return page(open.page - 1);
  if (key.downArrow) return scroll(open.scroll + 1);
  if (key.upArrow) return scroll(open.scroll - 1);
  if (key.pageDown || input === ' ') return scroll(open.scroll + context.pageRows);
  if (key.pageUp) return scroll(open.scroll - context.pageRows);
  if (key.home) return page(0);
  if (key.end) return page(pages - 1);
  if (input === 'c' && open.detail) {
    const commitment = open.detail.steps.findIndex((step) => step.commitment);
    return commitment >= 0 ? page(commitment + 1) : open;
  }
  return open;
}

/** How the Trajectories screen answers keys and finished reads. */
export function trajectoryReducer(state: TrajectoryState, action: TrajectoryAction): TrajectoryState {
  if (action.type === 'read') {
    if (!state.open || state.open.record !== action.record) return state;
    return { ...state, open: { ...state.open, detail: action.detail, error: action.error } };
  }
  if (state.open) return { ...state, open: episodeKey(state.open, action) };
  const { input, key, context } = action;
  const count = context.shown.length;
  const at = Math.min(state.cursor, Math.max(0, count - 1));
  const moveTo = (target: number): TrajectoryState => {
    const cursor = Math.max(0, Math.min(count - 1, target));
    return { ...state, cursor, top: windowOffset(cursor, state.top, context.visible, count) };
  };
  const withFilter = (filter: TrajectoryFilter): TrajectoryState => ({ ...state, filter, cursor: 0, top: 0 });
  if (input === 'q' || key.escape) return { ...state, leave: state.leave + 1 };
  if (key.downArrow) return moveTo(at + 1);
  if (key.upArrow) return moveTo(at - 1);
  if (key.pageDown) return moveTo(at + context.visible);
  if (key.pageUp) return moveTo(at - context.visible);
  if (key.home) return moveTo(0);
  if (key.end) return moveTo(count - 1);
  if (input === 'f' || input === 'F') {
    const index = FILTER_FIELDS.indexOf(state.focus);
    return { ...state, focus: FILTER_FIELDS[(index + (input === 'f' ? 1 : FILTER_FIELDS.length - 1)) % FILTER_FIELDS.length] ?? 'agent' };
  }
  if (key.rightArrow || key.leftArrow) {
    const field = state.focus;
    if (field === 'errorsOnly' || field === 'againstPreference') return withFilter({ ...state.filter, [field]: !state.filter[field] });
    const options: Array<string | undefined> = [undefined, ...context.values[field]];
    const index = options.indexOf(state.filter[field]);
    const step = key.rightArrow ? 1 : options.length - 1;
    return withFilter({ ...state.filter, [field]: options[(index + step) % options.length] });
  }
  if (input === 'x') return withFilter({});
  if (key.return) {
    const record = context.shown[at];
    return record ? { ...state, open: { record, detail: null, error: null, page: 0, scroll: 0 } } : state;
  }
  return state;
}
