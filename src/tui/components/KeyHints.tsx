import { Text } from 'ink';
import { useTheme } from '../theme.js';
import { truncate } from './text.js';

/** A key and what it does, e.g. ['enter', 'open']. */
export type KeyHint = readonly [key: string, action: string];

/** One line of key hints at the foot of a screen, cut to the width. */
export function KeyHints(props: { hints: readonly KeyHint[]; width: number }) {
  const theme = useTheme();
  const text = props.hints.map(([key, action]) => `${key} ${action}`).join(' · ');
  return (
    <Text color={theme.muted} wrap="truncate-end">
      {truncate(text, props.width)}
    </Text>
  );
}
