import type { ProportionMetric } from '../../analysis/metric-types.js';
import { truncate } from '../../report/text-table.js';
import { columnOf, plotGrid } from './plot-grid.js';

/** Step alignment at one step index. */
export type AlignmentPoint = ProportionMetric & { step: number };

/**
 * Step alignment over step index, in plain characters: `*` the share of steps that kept V where some action would
 * lower it, `|` its 95% Wilson interval. `height` counts every line (title with legend, plot, axis, labels).
 */
export function alignmentChart(points: readonly AlignmentPoint[], options: { width: number; height: number }): string[] {
  const width = Math.max(16, options.width);
  const grid = plotGrid(width, options.height - 3);
  const shown = points.filter((p) => p.estimate !== null);
  const first = Math.min(...shown.map((p) => p.step));
  const last = Math.max(...shown.map((p) => p.step));
  // One blank column each side keeps the interval marks clear of the y axis.
  const columnOfStep = (step: number) => 1 + columnOf(step, first, last, grid.width - 2);
  for (const point of shown) {
    const column = columnOfStep(point.step);
    if (point.lo !== null && point.hi !== null) grid.span(column, point.lo, point.hi, '|');
    grid.mark(column, point.estimate ?? 0, '*');
  }
  const steps = [...new Set([first, Math.round((first + last) / 2), last])].filter(Number.isFinite);
  const labels = steps.map((step) => ({ column: columnOfStep(step), text: String(step) }));
  const title = shown.length === 0 ? 'step alignment: no step could lower V' : 'step alignment: * kept V | 95% CI';
  return [truncate(title, width), ...grid.lines(labels)];
}
