import { describe, expect, it } from 'vitest';
import { alignmentChart } from '../../src/tui/charts/alignment-chart.js';
import { binChoices, choiceChart } from '../../src/tui/charts/choice-chart.js';
import { columnOf, rowOf } from '../../src/tui/charts/plot-grid.js';

const proportion = (step: number, k: number, n: number, lo: number, hi: number) => ({ step, k, n, estimate: k / n, lo, hi });

describe('terminal charts', () => {
  it('maps shares to rows and x to columns, clamped', () => {
    expect([rowOf(1, 5), rowOf(0.5, 5), rowOf(0, 5), rowOf(-1, 5), rowOf(2, 5)]).toEqual([0, 2, 4, 4, 0]);
    expect([columnOf(-3, -3, 3, 31), columnOf(0, -3, 3, 31), columnOf(3, -3, 3, 31), columnOf(9, -3, 3, 31), columnOf(5, 5, 5, 31)]).toEqual([0, 15, 30, 30, 15]);
  });

  it('bins commitments by z to the nearest 0.5, clamped to [-3, 3]', () => {
    const points = [
      { z: -4, chose: 0 },
      { z: -0.2, chose: 1 },
      { z: 0.1, chose: 0 },
      { z: 0.3, chose: 1 },
      { z: 1.1, chose: 1 },
    ];
    expect(binChoices(points)).toEqual([
      { z: -3, k: 0, n: 1 },
      { z: 0, k: 1, n: 2 },
      { z: 0.5, k: 1, n: 1 },
      { z: 1, k: 1, n: 1 },
    ]);
  });

  it('draws behaviour against stated z with the Phi(z) reference in plain characters', () => {
    const points = [
      ...Array.from({ length: 4 }, (_, i) => ({ z: -2, chose: i < 1 ? 1 : 0 })),
      ...Array.from({ length: 4 }, (_, i) => ({ z: 0, chose: i < 2 ? 1 : 0 })),
      ...Array.from({ length: 4 }, (_, i) => ({ z: 2, chose: i < 4 ? 1 : 0 })),
    ];
    expect(choiceChart(points, { width: 40, height: 10 }).join('\n')).toMatchInlineSnapshot(`
      "by z: o chose a (n 12) . Phi(z) said
      1.0 |                         ...o......
          |                     ....
          |                   ..
      0.5 |                .o.
          |              ..
          |      o   ....
      0.0 |..........
          +-----------------------------------
          -3      -1.5      0       1.5      3"
    `);
  });

  it('says so when there is nothing to plot', () => {
    expect(choiceChart([], { width: 30, height: 7 }).join('\n')).toMatchInlineSnapshot(`
      "by z: no commitments
      1.0 |                .........
          |             ...
          |         ....
      0.0 |.........
          +-------------------------
          -3   -1.5    0    1.5    3"
    `);
    expect(alignmentChart([], { width: 30, height: 7 }).join('\n')).toMatchInlineSnapshot(`
      "step alignment: no step could…
      1.0 |
          |
          |
      0.0 |
          +-------------------------
      "
    `);
  });

  it('draws step alignment with its intervals over step index', () => {
    const steps = [proportion(1, 9, 10, 0.6, 0.98), proportion(2, 8, 10, 0.49, 0.94), proportion(3, 5, 10, 0.24, 0.76), proportion(4, 2, 10, 0.06, 0.51), { step: 5, k: 0, n: 0, estimate: null, lo: null, hi: null }];
    expect(alignmentChart(steps, { width: 36, height: 10 }).join('\n')).toMatchInlineSnapshot(`
      "step alignment: * kept V | 95% CI
      1.0 | |        |
          | *        *         |
          | |        |         |
      0.5 |          |         *        |
          |                    |        |
          |                    |        *
      0.0 |                             |
          +-------------------------------
            1                  3        4"
    `);
  });
});
