import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { winRate } from '../../src/analysis/incentive.js';
import { wilson, Z95 } from '../../src/core/stats/wilson.js';

// The main result table of Zhou & Ackerman 2026: high- against low-utility incentives, per task and model (test/fixtures/ubg/README.md).
const CSV = new URL('../fixtures/ubg/highlow_main.csv', import.meta.url);

interface Cell {
  task: string;
  actor: string;
  nHigh: number;
  nLow: number;
  nTie: number;
  nExclTie: number;
  highWinRate: number;
  ciLo: number;
  ciHi: number;
  positive: boolean;
}

function readTable(): Cell[] {
  const [header, ...rows] = readFileSync(CSV, 'utf8').trim().split('\n');
  expect(header).toBe('task,actor,n_high,n_low,n_tie,n_excl_tie,high_win_rate,ci_lo,ci_hi,ci_positive');
  return rows.map((row) => {
    const [task, actor, nHigh, nLow, nTie, nExclTie, highWinRate, ciLo, ciHi, positive] = row.split(',') as string[];
    return {
      task: task as string,
      actor: actor as string,
      nHigh: Number(nHigh),
      nLow: Number(nLow),
      nTie: Number(nTie),
      nExclTie: Number(nExclTie),
      highWinRate: Number(highWinRate),
      ciLo: Number(ciLo),
      ciHi: Number(ciHi),
      positive: positive === 'yes',
    };
  });
}

const round4 = (value: number | null) => (value === null ? null : Number(value.toFixed(4)));

describe('Wilson intervals against the published table', () => {
  const table = readTable();

  it('reads all 28 cells (4 tasks x 7 models)', () => {
    expect(table).toHaveLength(28);
    expect(new Set(table.map((c) => c.task)).size).toBe(4);
    expect(new Set(table.map((c) => c.actor)).size).toBe(7);
    for (const cell of table) expect(cell.nHigh + cell.nLow).toBe(cell.nExclTie);
  });

  it('reproduces every row to 4 decimals: win rate, interval and verdict', () => {
    const ours = table.map((cell) => {
      const rate = winRate(cell.nHigh, cell.nLow, cell.nTie);
      return { task: cell.task, actor: cell.actor, n: rate.n, rate: round4(rate.estimate), lo: round4(rate.lo), hi: round4(rate.hi), positive: rate.positive };
    });
    const published = table.map((cell) => ({ task: cell.task, actor: cell.actor, n: cell.nExclTie, rate: cell.highWinRate, lo: cell.ciLo, hi: cell.ciHi, positive: cell.positive }));
    expect(ours).toEqual(published);
  });

  it('the pooled figure: the high side wins 48.4% and no cell is positive', () => {
    const wins = table.reduce((sum, c) => sum + c.nHigh, 0);
    const losses = table.reduce((sum, c) => sum + c.nLow, 0);
    const ties = table.reduce((sum, c) => sum + c.nTie, 0);
    const pooled = winRate(wins, losses, ties);
    expect({ wins, losses, ties, rate: (100 * (pooled.estimate as number)).toFixed(1), positive: pooled.positive }).toEqual({ wins: 4955, losses: 5275, ties: 257, rate: '48.4', positive: false });
    // The pooled interval lies below one half: with 10,230 judgements, high-utility incentives did not help.
    expect(pooled.hi as number).toBeLessThan(0.5);
    expect(table.filter((cell) => winRate(cell.nHigh, cell.nLow, cell.nTie).positive)).toEqual([]);
  });
});

describe('wilson', () => {
  it('handles the edges: no trials, none or all successes, and symmetry', () => {
    expect(wilson(0, 0)).toEqual({ k: 0, n: 0, estimate: null, lo: null, hi: null });
    expect(wilson(0, 10).lo).toBe(0);
    expect(wilson(10, 10).hi).toBeCloseTo(1, 12);
    const low = wilson(3, 20);
    const high = wilson(17, 20);
    expect(low.lo).toBeCloseTo(1 - (high.hi as number), 12);
    expect(low.hi).toBeCloseTo(1 - (high.lo as number), 12);
    // The textbook value: 0 of 10 gives an upper bound of z^2 / (n + z^2).
    expect(wilson(0, 10).hi).toBeCloseTo((Z95 * Z95) / (10 + Z95 * Z95), 12);
  });

  it('a verdict is positive only when the whole interval lies above one half', () => {
    expect(winRate(58, 42, 5)).toMatchObject({ positive: false, ties: 5, n: 100 });
    expect(winRate(70, 30, 0)).toMatchObject({ positive: true });
    expect(winRate(0, 0, 3)).toEqual({ k: 0, n: 0, estimate: null, lo: null, hi: null, ties: 3, positive: false });
  });
});
