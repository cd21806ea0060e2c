import { normalCdf } from '../../core/stats/normal.js';
import { truncate } from '../../report/text-table.js';
import { columnOf, plotGrid } from './plot-grid.js';

/** One commitment: stated z and 1 when the agent kept slot a. */
export interface ChoicePoint {
  z: number;
  chose: number;
}

/** One bin of commitments by stated z. */
export interface ChoiceBin {
  z: number;
  k: number;
  n: number;
}

const Z_MAX = 3;

/** Commitments binned by z to the nearest 0.5, z clamped to [-3, 3] (as in the HTML report). */
export function binChoices(points: readonly ChoicePoint[]): ChoiceBin[] {
  const bins = new Map<number, ChoiceBin>();
  for (const point of points) {
    // `+ 0` turns -0 into 0.
    const z = Math.max(-Z_MAX, Math.min(Z_MAX, Math.round(point.z * 2) / 2)) + 0;
    const bin = bins.get(z) ?? { z, k: 0, n: 0 };
    bin.k += point.chose;
    bin.n += 1;
    bins.set(z, bin);
  }
  return [...bins.values()].sort((x, y) => x.z - y.z);
}

/**
 * Behaviour against stated choice probability, in plain characters: `o` the share of commitments that kept slot a in
 * each bin of z, `.` the stated reference Phi(z). `height` counts every line (title with legend, plot, axis, labels);
 * `empty` says why there are no points.
 */
export function choiceChart(points: readonly ChoicePoint[], options: { width: number; height: number; empty?: string }): string[] {
  const width = Math.max(16, options.width);
  const grid = plotGrid(width, options.height - 3);
  for (let column = 0; column < grid.width; column += 1) {
    grid.mark(column, normalCdf(-Z_MAX + (2 * Z_MAX * column) / Math.max(1, grid.width - 1)), '.');
  }
  for (const bin of binChoices(points)) grid.mark(columnOf(bin.z, -Z_MAX, Z_MAX, grid.width), bin.k / bin.n, 'o');
  const labels = [-Z_MAX, -1.5, 0, 1.5, Z_MAX].map((z) => ({ column: columnOf(z, -Z_MAX, Z_MAX, grid.width), text: String(z) }));
  const title = points.length === 0 ? `by z: ${options.empty ?? 'no commitments'}` : `by z: o chose a (n ${points.length}) . Phi(z) said`;
  return [truncate(title, width), ...grid.lines(labels)];
}
