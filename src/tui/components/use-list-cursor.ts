import { useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';

/** Where the cursor of a list is, and which window of rows is shown. */
export interface ListCursor {
  index: number;
  /** First row shown. */
  offset: number;
  /** The cursor row right now, also when keys arrive faster than renders (read it in key handlers). */
  latest(): number;
  /** Moves the cursor to a row (clamped). */
  moveTo(index: number): void;
}

/** The window of `height` rows that keeps `index` in view, moving as little as it can from `offset`. */
export function windowOffset(index: number, offset: number, height: number, count: number): number {
  const rows = Math.max(1, height);
  let next = Math.min(offset, Math.max(0, count - rows));
  if (index < next) next = index;
  if (index >= next + rows) next = index - rows + 1;
  return Math.max(0, next);
}

const clamp = (index: number, count: number) => Math.max(0, Math.min(index, count - 1));

/**
 * Keyboard navigation of a list of `count` rows shown `height` at a time: ↑↓ or k/j, PgUp/PgDn, Home/End.
 * Only the window is ever rendered, so a list of any length stays responsive.
 */
export function useListCursor(count: number, height: number, options: { isActive?: boolean; initialIndex?: number } = {}): ListCursor {
  const initial = clamp(options.initialIndex ?? 0, count);
  // The cursor lives in a ref too: a burst of keys (a paste, tmux send-keys) must move from the latest row, not the rendered one.
  const cursor = useRef({ index: initial, offset: windowOffset(initial, 0, height, count) });
  const [, setVersion] = useState(0);
  const moveBy = useCallback(
    (step: (index: number) => number) => {
      const prev = cursor.current;
      const index = clamp(step(clamp(prev.index, count)), count);
      if (index === prev.index) return;
      cursor.current = { index, offset: windowOffset(index, prev.offset, height, count) };
      setVersion((v) => v + 1);
    },
    [count, height],
  );
  const moveTo = useCallback((target: number) => moveBy(() => target), [moveBy]);
  const latest = useCallback(() => clamp(cursor.current.index, count), [count]);
  useInput(
    (input, key) => {
      const page = Math.max(1, height - 1);
      if (key.upArrow || input === 'k') moveBy((i) => i - 1);
      else if (key.downArrow || input === 'j') moveBy((i) => i + 1);
      else if (key.pageUp) moveBy((i) => i - page);
      else if (key.pageDown) moveBy((i) => i + page);
      else if (key.home) moveTo(0);
      else if (key.end) moveTo(count - 1);
    },
    { isActive: options.isActive !== false && count > 0 },
  );
  const index = clamp(cursor.current.index, count);
  return { index, offset: windowOffset(index, cursor.current.offset, height, count), latest, moveTo };
}
