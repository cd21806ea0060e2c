import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { SelectList, type ListItem, type SelectListProps } from './SelectList.js';
import { fit, truncate } from './text.js';

/** A column of a table: title, alignment and the widest it may get. */
export interface Column {
  title: string;
  align?: 'left' | 'right';
  /** Largest width; the last column takes what is left of the line. */
  max?: number;
}

/** Formats rows as fixed-width lines that fit `width`: column widths from the content, capped, two spaces apart. */
export function formatTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, width: number): { header: string; lines: string[] } {
  const widths = columns.map((column, i) => Math.min(column.max ?? Infinity, Math.max([...column.title].length, ...rows.map((row) => [...(row[i] ?? '')].length))));
  const line = (cells: readonly string[]) =>
    truncate(
      cells
        .map((cell, i) => (i === cells.length - 1 && columns[i]?.align !== 'right' ? truncate(cell, widths[i] ?? 0) : fit(cell, widths[i] ?? 0, columns[i]?.align)))
        .join('  ')
        .trimEnd(),
      width,
    );
  return { header: line(columns.map((c) => c.title)), lines: rows.map(line) };
}

/** A table whose rows are a virtualised SelectList under a header line; `rows` are the cells of each item. */
export function Table<T extends ListItem>(props: Omit<SelectListProps<T>, 'items'> & { columns: readonly Column[]; items: readonly T[]; cells(item: T): readonly string[] }) {
  const theme = useTheme();
  // Rows start with the cursor mark, and with a check box in multi-select mode.
  const indent = props.checked ? '      ' : '  ';
  const { header, lines } = formatTable(props.columns, props.items.map(props.cells), props.width - indent.length);
  const items = props.items.map((item, i) => ({ ...item, label: lines[i] ?? '' }));
  return (
    <Box flexDirection="column">
      <Text color={theme.muted} wrap="truncate-end">
        {`${indent}${header}`}
      </Text>
      <SelectList {...props} items={items} height={props.height - 1} />
    </Box>
  );
}
