/** Column alignment of a text table. */
export type Align = 'left' | 'right';

/** Pads a cell to a width (by code points; outcome texts are plain). */
function pad(text: string, width: number, align: Align): string {
  const gap = Math.max(0, width - [...text].length);
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}

/** Cuts text to at most `width` characters, ending in an ellipsis when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** A plain text table with a header row and a rule under it. */
export function textTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[] = []): string {
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((row) => [...(row[i] ?? '')].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0, align[i] ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A number with fixed decimals, or a dash when there is none. */
export function fixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}
