/** A character canvas for a terminal chart: y from 0 to 1 on the left, an x axis under it, plain characters only. */
export interface PlotGrid {
  /** Plot columns (inside the axes). */
  width: number;
  /** Plot rows (inside the axes). */
  height: number;
  /** Puts a mark at a column for a share in [0, 1]; a mark of higher priority is not overwritten. */
  mark(column: number, share: number, char: string): void;
  /** Draws a vertical span between two shares. */
  span(column: number, lo: number, hi: number, char: string): void;
  /** The plot rows with the y axis, the x axis and the x labels. */
  lines(labels: ReadonlyArray<{ column: number; text: string }>): string[];
}

const Y_LABEL_WIDTH = 4;
/** Marks drawn later win only when they rank at least as high: data over intervals over reference curves. */
const PRIORITY: Record<string, number> = { ' ': 0, '.': 1, '|': 2, o: 3, '*': 3 };

/** The row (0 at the top) of a share on a plot of `height` rows. */
export function rowOf(share: number, height: number): number {
  const clamped = Math.max(0, Math.min(1, share));
  return Math.round((1 - clamped) * (height - 1));
}

/** The column of x in [min, max] on a plot of `width` columns. */
export function columnOf(x: number, min: number, max: number, width: number): number {
  if (max <= min) return Math.floor((width - 1) / 2);
  const t = (Math.max(min, Math.min(max, x)) - min) / (max - min);
  return Math.round(t * (width - 1));
}

/** A canvas `outerWidth` characters wide (y labels included) with `height` plot rows. */
export function plotGrid(outerWidth: number, height: number): PlotGrid {
  const width = Math.max(2, outerWidth - Y_LABEL_WIDTH - 1);
  const rows = Math.max(2, height);
  const cells = Array.from({ length: rows }, () => Array.from({ length: width }, () => ' '));
  const put = (row: number, column: number, char: string) => {
    const line = cells[row];
    if (!line || column < 0 || column >= width) return;
    if ((PRIORITY[char] ?? 3) >= (PRIORITY[line[column] ?? ' '] ?? 3)) line[column] = char;
  };
  const label = (row: number) => {
    if (row === 0) return '1.0';
    if (row === rows - 1) return '0.0';
    if (row === rowOf(0.5, rows) && rows >= 5) return '0.5';
    return '';
  };
  return {
    width,
    height: rows,
    mark: (column, share, char) => put(rowOf(share, rows), column, char),
    span: (column, lo, hi, char) => {
      for (let row = rowOf(hi, rows); row <= rowOf(lo, rows); row += 1) put(row, column, char);
    },
    lines: (labels) => {
      const axisLabels = Array.from({ length: width + 1 }, () => ' ');
      for (const { column, text } of labels) {
        // Centre a label on its column, kept inside the axis and clear of the previous label.
        const start = Math.max(0, Math.min(width + 1 - text.length, column + 1 - Math.floor(text.length / 2)));
        if (axisLabels.slice(Math.max(0, start - 1), start + text.length + 1).some((c) => c !== ' ')) continue;
        [...text].forEach((c, i) => (axisLabels[start + i] = c));
      }
      return [
        ...cells.map((line, row) => `${label(row).padStart(Y_LABEL_WIDTH - 1)} |${line.join('')}`.trimEnd()),
        `${' '.repeat(Y_LABEL_WIDTH)}+${'-'.repeat(width)}`,
        `${' '.repeat(Y_LABEL_WIDTH)}${axisLabels.join('')}`.trimEnd(),
      ];
    },
  };
}
