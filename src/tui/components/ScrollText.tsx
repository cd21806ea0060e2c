import { Box, Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { useTheme } from '../theme.js';
import { truncate } from './text.js';
import { windowOffset } from './use-list-cursor.js';

/** A line of a scrolled text, with an optional colour role. */
export interface TextLine {
  text: string;
  tone?: 'accent' | 'ok' | 'warn' | 'error' | 'muted';
  bold?: boolean;
}

/**
 * Read-only text taller than its box: renders only the lines in view; ↑↓, PgUp/PgDn, Home/End scroll it.
 * With `follow`, it stays at the bottom as lines are added (a log).
 */
export function ScrollText(props: { lines: readonly TextLine[]; height: number; width: number; isActive?: boolean; follow?: boolean }) {
  const theme = useTheme();
  const { lines, width } = props;
  const overflow = lines.length > props.height;
  const rows = Math.max(1, overflow ? props.height - 1 : props.height);
  const last = Math.max(0, lines.length - rows);
  const [top, setTop] = useState(props.follow ? last : 0);
  const [pinned, setPinned] = useState(props.follow === true);
  useEffect(() => {
    if (pinned) setTop(last);
  }, [pinned, last]);
  useInput(
    (input, key) => {
      const page = Math.max(1, rows - 1);
      let next = top;
      if (key.upArrow) next = top - 1;
      else if (key.downArrow) next = top + 1;
      else if (key.pageUp) next = top - page;
      else if (key.pageDown) next = top + page;
      else if (key.home) next = 0;
      else if (key.end) next = last;
      else return;
      next = Math.max(0, Math.min(last, next));
      setTop(next);
      setPinned(props.follow === true && next >= last);
    },
    { isActive: props.isActive !== false && overflow },
  );
  const offset = windowOffset(Math.min(top, last), Math.min(top, last), rows, lines.length);
  const shown = lines.slice(offset, offset + rows);
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={offset + i} color={line.tone ? theme[line.tone] : undefined} bold={line.bold === true} wrap="truncate-end">
          {truncate(line.text, width) || ' '}
        </Text>
      ))}
      {overflow ? (
        <Text color={theme.muted} wrap="truncate-end">
          {truncate(`  lines ${offset + 1}-${offset + shown.length} of ${lines.length}${offset + rows < lines.length ? '  ↓ more' : ''}`, width)}
        </Text>
      ) : null}
    </Box>
  );
}
