import { Box, Text } from 'ink';
import { fit } from '../components/text.js';
import { useTheme, type Theme } from '../theme.js';

/** What a line means; the colour follows from it, and every tone also reads without colour (NO_COLOR). */
export type Tone = 'plain' | 'heading' | 'muted' | 'selected' | 'chosen' | 'optimal' | 'commit' | 'warn' | 'error';

/** One pre-laid-out line of a screen. */
export interface StyledLine {
  text: string;
  tone?: Tone;
}

const ROLE: Record<Tone, keyof Omit<Theme, 'noColor'> | null> = {
  plain: null,
  heading: 'accent',
  muted: 'muted',
  selected: 'accent',
  chosen: 'ok',
  optimal: 'accent',
  commit: 'warn',
  warn: 'warn',
  error: 'error',
};
const BOLD = new Set<Tone>(['heading', 'selected', 'chosen', 'commit']);

/** Renders pre-laid-out lines, one Text each, so the frame has exactly as many rows as lines. */
export function Lines(props: { lines: readonly StyledLine[]; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={props.width}>
      {props.lines.map((line, i) => {
        const tone = line.tone ?? 'plain';
        const role = ROLE[tone];
        return (
          <Text key={i} wrap="truncate-end" color={role ? theme[role] : undefined} bold={BOLD.has(tone)}>
            {line.text === '' ? ' ' : line.text}
          </Text>
        );
      })}
    </Box>
  );
}

/** Joins lines that were broken only for the source file's width, keeping blank lines, indented lines and list items. */
export function reflow(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const previous = out[out.length - 1];
    const continues = line !== '' && !/^(\s|[-*•>|]|\d+[.)]\s)/.test(line);
    if (previous !== undefined && previous.trim() !== '' && continues) out[out.length - 1] = `${previous.trimEnd()} ${line}`;
    else out.push(line);
  }
  return out.join('\n');
}

/** A table laid out to `width`: natural column widths, the `flex` column shrunk first, each line cut to the width; rows leave two characters for a cursor mark. */
export function tableLines(header: readonly string[], rows: ReadonlyArray<readonly string[]>, width: number, options: { flex?: number; align?: ReadonlyArray<'left' | 'right'> } = {}): string[] {
  const flex = options.flex ?? 0;
  const widths = header.map((title, i) => Math.max([...title].length, ...rows.map((row) => [...(row[i] ?? '')].length)));
  const used = 2 + widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  const over = used - (width - Math.min(8, widths[widths.length - 1] ?? 0));
  if (over > 0) widths[flex] = Math.max(6, (widths[flex] ?? 0) - over);
  const line = (cells: readonly string[]) =>
    fit(cells.map((cell, i) => (i === cells.length - 1 ? cell : fit(cell, widths[i] ?? 0, options.align?.[i] ?? 'left'))).join('  '), width - 2).trimEnd();
  return [line(header), ...rows.map(line)];
}
