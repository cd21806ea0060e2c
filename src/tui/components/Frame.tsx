import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../theme.js';
import { KeyHints, type KeyHint } from './KeyHints.js';
import { fit, truncate } from './text.js';

/** Rows a Frame takes for itself: the title line and the key line. */
export const FRAME_ROWS = 2;

/**
 * The layout of every screen: a title line (with text on the right), the body in a box of fixed height that clips
 * what does not fit, and a line of key hints. The whole stays one row short of the terminal so Ink never clears it.
 */
export function Frame(props: { title: string; right?: string; hints: readonly KeyHint[]; width: number; height: number; children: ReactNode }) {
  const theme = useTheme();
  const right = props.right ?? '? help';
  const left = truncate(props.title, Math.max(0, props.width - right.length - 2));
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>
          {fit(left, props.width - right.length)}
        </Text>
        <Text color={theme.muted}>{right}</Text>
      </Text>
      <Box flexDirection="column" height={Math.max(1, props.height - FRAME_ROWS)} overflow="hidden">
        {props.children}
      </Box>
      <KeyHints hints={props.hints} width={props.width} />
    </Box>
  );
}
