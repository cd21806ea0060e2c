import { Box, Text, useInput } from 'ink';
import { useEffect, useRef } from 'react';
import { useTheme, type Theme } from '../theme.js';
import { truncate } from './text.js';
import { useListCursor } from './use-list-cursor.js';

/** One row of a list. */
export interface ListItem {
  key: string;
  label: string;
  /** Colour role of the row's text. */
  tone?: 'ok' | 'warn' | 'error' | 'muted';
}

/** Props of a SelectList. */
export interface SelectListProps<T extends ListItem> {
  items: readonly T[];
  /** Rows the list may use, its position line included. */
  height: number;
  width: number;
  /** Takes keys. @default true */
  isActive?: boolean;
  initialIndex?: number;
  /** Enter on a row. */
  onSelect?(item: T, index: number): void;
  /** The cursor moved to a row. */
  onHighlight?(item: T, index: number): void;
  /** Multi-select: the checked keys; space toggles the row under the cursor. */
  checked?: ReadonlySet<string>;
  onToggle?(item: T, index: number): void;
  /** Shown when there are no items. */
  empty?: string;
}

/**
 * A keyboard list that renders only the rows in view (virtualised), so it stays responsive with any number of
 * items. The cursor row is marked `›`; in multi-select mode rows show `[x]` or `[ ]`.
 */
export function SelectList<T extends ListItem>(props: SelectListProps<T>) {
  const theme = useTheme();
  const { items, width } = props;
  const overflow = items.length > props.height;
  const rows = Math.max(1, overflow ? props.height - 1 : props.height);
  const cursor = useListCursor(items.length, rows, { isActive: props.isActive !== false, ...(props.initialIndex !== undefined ? { initialIndex: props.initialIndex } : {}) });
  const current = items[cursor.index];
  // Items may be rebuilt on every render; tell the owner only when the row under the cursor is another one.
  const highlight = useRef(props.onHighlight);
  highlight.current = props.onHighlight;
  const currentRef = useRef(current);
  currentRef.current = current;
  useEffect(() => {
    if (currentRef.current) highlight.current?.(currentRef.current, cursor.index);
  }, [current?.key, cursor.index]);
  useInput(
    (input, key) => {
      const index = cursor.latest();
      const item = items[index];
      if (!item) return;
      if (key.return) props.onSelect?.(item, index);
      else if (input === ' ' && props.checked && props.onToggle) props.onToggle(item, index);
    },
    { isActive: props.isActive !== false },
  );
  if (items.length === 0) {
    return <Text color={theme.muted}>{truncate(props.empty ?? '(none)', width)}</Text>;
  }
  const shown = items.slice(cursor.offset, cursor.offset + rows);
  return (
    <Box flexDirection="column">
      {shown.map((item, i) => {
        const index = cursor.offset + i;
        const selected = index === cursor.index;
        const mark = props.checked ? (props.checked.has(item.key) ? '[x] ' : '[ ] ') : '';
        const text = truncate(`${selected ? '›' : ' '} ${mark}${item.label}`, width);
        return (
          <Text key={item.key} color={selected ? theme.accent : toneColor(theme, item.tone)} bold={selected} wrap="truncate-end">
            {text}
          </Text>
        );
      })}
      {overflow ? (
        <Text color={theme.muted} wrap="truncate-end">
          {truncate(`  ${cursor.index + 1}/${items.length}${cursor.offset > 0 ? `  ↑${cursor.offset}` : ''}${cursor.offset + rows < items.length ? `  ↓${items.length - cursor.offset - rows}` : ''}`, width)}
        </Text>
      ) : null}
    </Box>
  );
}

/** The colour of a tone in a theme. */
export function toneColor(theme: Theme, tone: ListItem['tone']): string | undefined {
  return tone ? theme[tone] : undefined;
}
